package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Small pieces of the HTTP field grammar (RFC 9110 §5.6) shared by the parsers here. */
final class FieldSyntax {

  /**
   * Connection-specific fields, never stored nor merged from a 304 (RFC 9110 §7.6.1), and the
   * proxy's authentication fields, which are for the next hop only (RFC 9111 §3.1, RFC 9110
   * §11.7).
   */
  static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
      "proxy-authentication-info", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade");

  private FieldSyntax() {}

  /** {@code tchar} of RFC 9110 §5.6.2. */
  static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** Trims optional whitespace (SP and HTAB only, unlike {@link String#trim()}). */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * The members of a comma-separated list spread over any number of field lines (RFC 9110
   * §5.6.1): commas inside quoted strings do not split, empty members are dropped (recipients
   * must accept them), each member is trimmed.
   *
   * @param backslashEscapes whether a backslash inside quotes escapes the next character
   *     ({@code quoted-string}); entity tags have no escapes, so for them a backslash is data
   */
  static List<String> members(List<String> lines, boolean backslashEscapes) {
    List<String> members = new ArrayList<>();
    for (String line : lines) {
      if (line == null) {
        continue;
      }
      int start = 0;
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted && backslashEscapes && c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          addMember(members, line.substring(start, i));
          start = i + 1;
        }
      }
      addMember(members, line.substring(start));
    }
    return members;
  }

  private static void addMember(List<String> members, String raw) {
    String member = trimOws(raw);
    if (!member.isEmpty()) {
      members.add(member);
    }
  }

  /**
   * Unquotes a {@code quoted-string} that spans all of {@code s}, or returns null when {@code s}
   * is not exactly one well-formed quoted string.
   */
  static String unquote(String s) {
    if (s.length() < 2 || s.charAt(0) != '"') {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (++i >= s.length()) {
          return null;
        }
        out.append(s.charAt(i));
      } else if (c == '"') {
        return i == s.length() - 1 ? out.toString() : null;
      } else {
        out.append(c);
      }
    }
    return null;
  }

  /**
   * Parses {@code delta-seconds} (RFC 9111 §1.2.2): one or more digits, leading zeros allowed,
   * values beyond 2^31 clamp to 2147483648. Returns -1 when {@code s} is not all digits.
   */
  static long deltaSeconds(String s) {
    if (s == null || s.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (value < CacheControl.MAX_DELTA_SECONDS) {
        value = Math.min(CacheControl.MAX_DELTA_SECONDS, value * 10 + (c - '0'));
      }
    }
    return value;
  }

  /** The lower-cased names {@code Connection} lists in {@code headers}. */
  static List<String> connectionOptions(MultiMap headers) {
    List<String> names = new ArrayList<>(2);
    for (String member : members(headers.getAll("connection"), false)) {
      names.add(member.toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
