package org.edgecdn.sim.workload;

import java.util.Locale;

/** Byte counts as people read them, in binary units. */
public final class Bytes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Bytes() {}

  /** {@code 512 B}, {@code 16 KiB}, {@code 1.5 GiB}: three significant figures at most. */
  public static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%d %s", Math.round(value), UNITS[unit]);
    }
    String pattern = Math.abs(value) >= 100 ? "%.0f %s" : Math.abs(value) >= 10 ? "%.1f %s"
        : "%.2f %s";
    return String.format(Locale.ROOT, pattern, value, UNITS[unit]);
  }
}
