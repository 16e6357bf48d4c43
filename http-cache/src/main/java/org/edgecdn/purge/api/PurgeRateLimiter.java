package org.edgecdn.purge.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How often each site may purge: a token bucket per site that holds up to {@code burst} purges
 * and refills at {@code ratePerSecond}. A full bucket lets a deploy script fire a burst at once;
 * the rate bounds what a runaway script (or a leaked token) can make the cluster do.
 *
 * <p>A refused call spends nothing, so a client that retries after {@code Retry-After} gets in.
 * Time comes from an injected nanosecond clock ({@code System::nanoTime} in production), so
 * tests advance it instead of sleeping.
 */
public final class PurgeRateLimiter {

  public static final double DEFAULT_RATE_PER_SECOND = 20;
  public static final int DEFAULT_BURST = 50;

  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerSecond;
  private final int burst;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** The outcome of one attempt. */
  public sealed interface Decision {
    record Allowed() implements Decision {}

    /** Refused; a token will be there in {@code retryAfterSeconds} (at least 1). */
    record Refused(long retryAfterSeconds) implements Decision {}
  }

  /** 20 purges a second with bursts of 50, per site. */
  public PurgeRateLimiter(LongSupplier nanoClock) {
    this(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, nanoClock);
  }

  public PurgeRateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
    // Written so that NaN is refused too.
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, got " + burst);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /** Takes one token from {@code site}'s bucket, or says how long until there is one. */
  public Decision tryAcquire(String site) {
    // Buckets exist only for sites that got past authentication, so the map stays small.
    Bucket bucket = buckets.computeIfAbsent(site, s -> new Bucket(burst, nanoClock.getAsLong()));
    synchronized (bucket) {
      long now = nanoClock.getAsLong();
      long elapsed = Math.max(0, now - bucket.updatedAt);
      bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond / NANOS_PER_SECOND);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return new Decision.Allowed();
      }
      double seconds = (1 - bucket.tokens) / ratePerSecond;
      return new Decision.Refused(Math.max(1, (long) Math.ceil(seconds)));
    }
  }

  private static final class Bucket {
    double tokens;
    long updatedAt;

    Bucket(double tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }
  }
}
