package org.edgecdn.edge.prefetch;

import org.edgecdn.cache.CacheClock;

/**
 * A token bucket on an injected clock: {@code rate} tokens a second, at most one second's
 * worth stored (and at least one token, so a rate below one a second still allows a request;
 * a rate of 0 allows none). {@link #take} asks for one whole token; {@link #charge} takes
 * any amount, possibly into debt, for costs known only afterwards (bytes of a response), so a
 * large response pauses the next prefetches instead of being refused midway. Thread-safe.
 */
final class TokenBucket {

  private final double rate;
  private final double burst;
  private final CacheClock clock;
  private double tokens;
  private long lastMillis;

  TokenBucket(double rate, CacheClock clock) {
    this.rate = rate;
    this.clock = clock;
    // A rate of 0 is a stop (prefetch-budget: 0), not "one token to start with".
    this.burst = rate <= 0 ? 0 : Math.max(1, rate);
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  /** Takes one token if the bucket holds at least one. */
  synchronized boolean take() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket is out of debt (a cost may be started). */
  synchronized boolean available() {
    refill();
    return tokens > 0;
  }

  /** Gives back a token taken for a cost that did not happen (up to the burst). */
  synchronized void refund() {
    refill();
    tokens = Math.min(burst, tokens + 1);
  }

  synchronized void charge(double amount) {
    refill();
    tokens -= amount;
  }

  private void refill() {
    long now = clock.millis();
    if (now > lastMillis) {
      tokens = Math.min(burst, tokens + rate * (now - lastMillis) / 1000.0);
      lastMillis = now;
    }
  }
}
