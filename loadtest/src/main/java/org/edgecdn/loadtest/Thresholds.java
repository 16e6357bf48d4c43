package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.edgecdn.loadtest.metrics.CacheFigures;

/**
 * Limits a run must meet to pass, judged on the main traffic. Any may be null (not checked).
 * A limit that cannot be judged (a hit ratio without metrics) fails: a check that silently
 * passes for lack of data would make a CI gate lie.
 *
 * @param maxP99 the highest acceptable 99th percentile latency (from the intended send)
 * @param maxErrorRatio the highest acceptable share of errors and 5xx answers
 * @param minHitRatio the lowest acceptable cache hit ratio, from the targets' metrics
 */
public record Thresholds(Duration maxP99, Double maxErrorRatio, Double minHitRatio) {

  public static final Thresholds NONE = new Thresholds(null, null, null);

  /**
   * One limit judged.
   *
   * @param name the option that set it, e.g. {@code max-p99}
   * @param limit the limit as text
   * @param actual the measured figure as text ({@code unknown} when none)
   * @param passed whether the run met it
   */
  public record Check(String name, String limit, String actual, boolean passed) {
    @Override
    public String toString() {
      return name + " " + limit + ": " + actual + (passed ? " ok" : " FAILED");
    }
  }

  public Thresholds {
    if (maxErrorRatio != null && !(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
      throw new IllegalArgumentException("max error ratio: between 0 and 1, got "
          + maxErrorRatio);
    }
    if (minHitRatio != null && !(minHitRatio >= 0 && minHitRatio <= 1)) {
      throw new IllegalArgumentException("min hit ratio: between 0 and 1, got " + minHitRatio);
    }
  }

  /** Judges {@code main}; {@code cache} is null when no metrics were read. */
  public List<Check> evaluate(StreamResult main, CacheFigures cache) {
    List<Check> checks = new ArrayList<>();
    if (maxP99 != null) {
      long limit = maxP99.toNanos() / 1000;
      if (main.latency().getTotalCount() == 0) {
        checks.add(new Check("max-p99", "<= " + Durations.micros(limit), "unknown (no answer)",
            false));
      } else {
        long p99 = main.latency().getValueAtPercentile(99);
        checks.add(new Check("max-p99", "<= " + Durations.micros(limit),
            Durations.micros(p99), p99 <= limit));
      }
    }
    if (maxErrorRatio != null) {
      boolean any = main.answered() + main.errorCount() > 0;
      double ratio = main.errorRatio();
      checks.add(new Check("max-error-ratio", "<= " + ratio(maxErrorRatio),
          any ? ratio(ratio) : "unknown (nothing sent)", any && ratio <= maxErrorRatio));
    }
    if (minHitRatio != null) {
      OptionalDouble hit = cache == null ? OptionalDouble.empty() : cache.hitRatio();
      checks.add(new Check("min-hit-ratio", ">= " + ratio(minHitRatio),
          hit.isPresent() ? ratio(hit.getAsDouble())
              : "unknown (" + (cache == null ? "no --metrics" : "no hits or misses counted")
                  + ")",
          hit.isPresent() && hit.getAsDouble() >= minHitRatio));
    }
    return checks;
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
