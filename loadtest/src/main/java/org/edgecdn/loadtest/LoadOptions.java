package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.List;

/**
 * A whole run: its streams (the first is the main traffic that thresholds judge) and the
 * bounds every run has, so that it always stops by itself.
 *
 * @param streams the streams, main traffic first
 * @param duration how long requests are sent; at most {@link #MAX_DURATION}
 * @param maxRequests a cap on requests sent by all streams together
 * @param timeout how long one request may take before it counts as timed out
 * @param faults what to do to the system under test during the run, each before the end
 */
public record LoadOptions(List<StreamOptions> streams, Duration duration, long maxRequests,
    Duration timeout, List<Fault> faults) {

  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  public static final Duration MAX_DURATION = Duration.ofHours(1);
  public static final long DEFAULT_MAX_REQUESTS = 10_000_000;
  public static final long MAX_REQUESTS = 1_000_000_000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  public LoadOptions {
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one stream");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("duration: more than 0 and at most 1h, got "
          + Durations.format(duration));
    }
    if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
      throw new IllegalArgumentException("max requests: between 1 and " + MAX_REQUESTS
          + ", got " + maxRequests);
    }
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout: between 1ms and 1m, got "
          + Durations.format(timeout));
    }
    faults = List.copyOf(faults);
    for (Fault fault : faults) {
      if (fault.at().compareTo(duration) >= 0) {
        throw new IllegalArgumentException("fault " + fault + " comes after the end of a "
            + Durations.format(duration) + " run");
      }
    }
  }

  /** No faults. */
  public LoadOptions(List<StreamOptions> streams, Duration duration, long maxRequests,
      Duration timeout) {
    this(streams, duration, maxRequests, timeout, List.of());
  }

  /** One stream, with the default cap and timeout. */
  public static LoadOptions of(StreamOptions stream, Duration duration) {
    return new LoadOptions(List.of(stream), duration, DEFAULT_MAX_REQUESTS, DEFAULT_TIMEOUT);
  }

  public LoadOptions withMaxRequests(long maxRequests) {
    return new LoadOptions(streams, duration, maxRequests, timeout, faults);
  }

  public LoadOptions withTimeout(Duration timeout) {
    return new LoadOptions(streams, duration, maxRequests, timeout, faults);
  }

  public LoadOptions withFaults(List<Fault> faults) {
    return new LoadOptions(streams, duration, maxRequests, timeout, faults);
  }
}
