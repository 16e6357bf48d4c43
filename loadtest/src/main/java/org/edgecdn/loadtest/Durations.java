package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a person types them ({@code 250us}, {@code 20ms}, {@code 1.5s}, {@code 2m}). */
public final class Durations {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad duration " + text
          + ": use e.g. 250us, 20ms, 1.5s, 10s, 2m");
    }
    double amount = Double.parseDouble(m.group(1));
    double nanosPerUnit = switch (m.group(2)) {
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    double nanos = amount * nanosPerUnit;
    if (nanos > Long.MAX_VALUE) {
      throw new IllegalArgumentException("duration too long: " + text);
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** A latency in microseconds, shown in the unit that reads best: 850 us, 12.3 ms, 2.10 s. */
  public static String micros(double micros) {
    if (micros < 1000) {
      return String.format(Locale.ROOT, "%.0f us", micros);
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, micros < 100_000 ? "%.2f ms" : "%.1f ms", micros / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
  }

  /** {@code 10s}, {@code 1500ms}, {@code 2m}: the shortest exact form. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos % 60_000_000_000L == 0 && nanos >= 60_000_000_000L) {
      return nanos / 60_000_000_000L + "m";
    }
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return nanos / 1000 + "us";
  }
}
