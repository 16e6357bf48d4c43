package org.edgecdn.loadtest.workload;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them: {@code 512}, {@code 16KiB}, {@code 4MiB}, {@code 1GiB}. */
public final class ByteSize {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|k|K|M|G)?");

  private ByteSize() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad size " + text + ": use e.g. 512, 16KiB, 4MiB");
    }
    long amount = Long.parseLong(m.group(1));
    int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
      case "KiB", "k", "K" -> 10;
      case "MiB", "M" -> 20;
      case "GiB", "G" -> 30;
      default -> 0;
    };
    if (amount > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("size too large: " + text);
    }
    return amount << shift;
  }

  /** {@code 1536} as {@code 1.5 KiB}. */
  public static String format(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes)
        : String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
  }
}
