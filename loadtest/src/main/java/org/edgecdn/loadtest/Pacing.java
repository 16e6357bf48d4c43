package org.edgecdn.loadtest;

import java.util.Locale;

/** How a stream decides when to send: at a fixed rate (open) or when an answer frees a slot. */
public sealed interface Pacing {

  /**
   * The open model: requests are due at fixed intended times, {@code perSecond} of them a
   * second whatever the target does, and their latency counts from the intended time.
   */
  record Open(double perSecond) implements Pacing {
    public Open {
      if (!(perSecond > 0 && perSecond <= 10_000_000)) {
        throw new IllegalArgumentException("rate: between 0 and 10,000,000 per second, got "
            + perSecond);
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "open, %s req/s", Report.number(perSecond));
    }
  }

  /**
   * The closed model: each connection sends its next request as soon as the previous answer
   * arrives. It finds peak throughput; its latency is service time only, since a slow answer
   * also delays the requests that would have been sent meanwhile.
   */
  record Closed() implements Pacing {
    @Override
    public String toString() {
      return "closed";
    }
  }
}
