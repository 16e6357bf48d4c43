package org.edgecdn.dns.health;

/**
 * How often the PoPs are probed and how many probes it takes to change their state.
 *
 * <p>With the defaults a dead edge stops receiving clients two failed probes after it died, about
 * 2 s; with the DNS TTL of 20 s that bounds how long a resolver can still hand it out. One lost
 * probe alone never moves clients, and an edge coming back must answer twice before it gets
 * traffic again, so a flapping edge does not pull clients back and forth on every probe.
 *
 * @param intervalMillis time between the starts of two probes of one PoP
 * @param downAfter consecutive failures that take an up PoP down
 * @param upAfter consecutive successes that bring a down PoP back up
 * @param timeoutMillis the longest a probe may take, connect included; slower counts as failed
 */
public record ProbeOptions(long intervalMillis, int downAfter, int upAfter, long timeoutMillis) {

  public static final long DEFAULT_INTERVAL_MILLIS = 1000;
  public static final int DEFAULT_DOWN_AFTER = 2;
  public static final int DEFAULT_UP_AFTER = 2;
  /** Below the interval, so that one probe has ended before the next one starts. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 800;

  public ProbeOptions {
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("probe interval " + intervalMillis + " ms is not > 0");
    }
    if (downAfter < 1 || upAfter < 1) {
      throw new IllegalArgumentException(
          "probe thresholds must be >= 1, got down-after " + downAfter + ", up-after " + upAfter);
    }
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("probe timeout " + timeoutMillis + " ms is not > 0");
    }
  }

  /** Every second, down after 2 failures, up after 2 successes, 800 ms timeout. */
  public static ProbeOptions defaults() {
    return new ProbeOptions(
        DEFAULT_INTERVAL_MILLIS, DEFAULT_DOWN_AFTER, DEFAULT_UP_AFTER, DEFAULT_TIMEOUT_MILLIS);
  }
}
