package org.edgecdn.cache.key;

/**
 * Percent-encoding normalization (RFC 3986 §6.2.2.2): an escape of an unreserved character is
 * decoded ({@code %7E} is {@code ~}, {@code %41} is {@code A}), every other escape keeps its
 * encoding with upper-case hex digits ({@code %2f} is {@code %2F}, RFC 3986 §6.2.2.1). Reserved
 * characters must stay encoded: {@code /a%2Fb} is one segment to an origin, {@code /a/b} two.
 * Nothing else is touched, so {@code +} stays {@code +} and raw characters stay raw.
 *
 * <p>Runs on every request: a text without {@code %} is returned as is, without copying.
 */
final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /** The normalized text, or null if a {@code %} is not followed by two hex digits. */
  static String normalize(String text) {
    return normalize(text, 0, text.length());
  }

  /** {@link #normalize(String)} of {@code text[from, to)}. */
  static String normalize(String text, int from, int to) {
    int percent = text.indexOf('%', from);
    if (percent < 0 || percent >= to) {
      return text.substring(from, to); // the whole string when from=0, to=length: no copy
    }
    StringBuilder out = new StringBuilder(to - from).append(text, from, percent);
    int i = percent;
    while (i < to) {
      char c = text.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      int high = i + 2 < to ? hex(text.charAt(i + 1)) : -1;
      int low = high < 0 ? -1 : hex(text.charAt(i + 2));
      if (low < 0) {
        return null;
      }
      char decoded = (char) (high << 4 | low);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%').append(HEX[high]).append(HEX[low]);
      }
      i += 3;
    }
    return out.toString();
  }

  /** ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 §2.3). */
  static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
