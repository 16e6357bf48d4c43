package org.edgecdn.http.accesslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One answered request as the access log records it.
 *
 * @param cacheStatus this node's {@code Cache-Status} member
 * @param upstreamMillis time spent waiting for the upstream's response head, or -1 if none
 */
public record AccessLogEntry(
    Instant time, String node, String client, String site, String method, String path,
    int status, long bytes, String cacheStatus, long upstreamMillis, long totalMillis) {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * One line, space separated, quoted where a value may hold spaces. What a client sent (method
   * and path) is escaped as nginx escapes its log: {@code "}, {@code \}, control characters and
   * every byte above 126 as {@code \xHH}, so a request can neither end its
   * quoted field early nor forge a line of its own. A value missing is {@code -}.
   */
  public String format() {
    return time + " " + node + " " + client + " " + site + " " + escaped(method) + " \""
        + escaped(path) + "\" " + status + " " + bytes + " \"" + cacheStatus + "\" upstream_ms="
        + (upstreamMillis < 0 ? "-" : Long.toString(upstreamMillis)) + " total_ms=" + totalMillis;
  }

  /**
   * {@code value} with what {@link #format} escapes as {@code \xHH}. The server decodes a
   * request line byte for byte (ISO-8859-1), so a character up to 0xFF is the byte the client
   * sent; anything above is written as its UTF-8 bytes.
   */
  static String escaped(String value) {
    if (value == null) {
      return "-";
    }
    int i = 0;
    while (i < value.length() && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
    while (i < value.length()) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (c > 0xff) {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
          hex(out, b & 0xff);
        }
      } else if (needsEscape((char) c)) {
        hex(out, c);
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  private static void hex(StringBuilder out, int octet) {
    out.append('\\').append('x').append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
  }

  private static boolean needsEscape(char c) {
    return c < ' ' || c == '"' || c == '\\' || c > '~';
  }
}
