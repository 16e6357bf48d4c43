package org.edgecdn.http.accesslog;

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

  /**
   * One line, space separated, quoted where a value may hold spaces. What a client sent (method
   * and path) is written with {@code "}, {@code \}, spaces and control characters as {@code
   * \xHH}, as nginx escapes its log: a request cannot end its quoted field early or forge a
   * line of its own.
   */
  public String format() {
    return time + " " + node + " " + client + " " + site + " " + escaped(method) + " \""
        + escaped(path) + "\" " + status + " " + bytes + " \"" + cacheStatus + "\" upstream_ms="
        + (upstreamMillis < 0 ? "-" : Long.toString(upstreamMillis)) + " total_ms=" + totalMillis;
  }

  static String escaped(String value) {
    int i = 0;
    while (i < value.length() && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8).append(value, 0, i);
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (needsEscape(c)) {
        out.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16))
            .append(Character.forDigit(c & 0xf, 16));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c <= ' ' || c == '"' || c == '\\' || c == 0x7f;
  }
}
