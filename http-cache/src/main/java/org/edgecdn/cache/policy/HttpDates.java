package org.edgecdn.cache.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP dates (RFC 9110 §5.6.7). Parses the three forms a recipient must accept:
 *
 * <pre>
 *   Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate (the only form we generate)
 *   Sunday, 06-Nov-94 08:49:37 GMT   obsolete RFC 850
 *   Sun Nov  6 08:49:37 1994         obsolete asctime
 * </pre>
 *
 * <p>Anything else is invalid and parses to empty, never to an exception: callers then apply
 * the rule for invalid dates (for {@code Expires}, "already expired", RFC 9111 §5.3).
 *
 * <p>Robustness, as RFC 9110 §5.6.7 encourages: day and month names and {@code GMT} are
 * matched without case, the weekday is not checked against the date, and second 60 (a leap
 * second) reads as 59. Nothing else is forgiven: a missing comma, doubled spaces, a one-digit
 * hour or a zone other than GMT make the date invalid, as cache-tests.fyi expects. An RFC 850
 * two-digit year is read as 1970-2069: RFC 9110 pivots on "50 years after now", but these
 * functions never read a clock, and no server has sent that form this century.
 */
public final class HttpDates {

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] LONG_DAYS =
      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private HttpDates() {}

  /** Epoch milliseconds of {@code value}, or empty when it is absent or not an HTTP-date. */
  public static OptionalLong parse(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    String s = FieldSyntax.trimOws(value);
    int comma = s.indexOf(',');
    if (comma == 3) {
      return imfFixdate(s);
    }
    if (comma > 3) {
      return rfc850(s, comma);
    }
    return asctime(s);
  }

  /** {@code epochMillis} as an IMF-fixdate, truncated to the second. */
  public static String format(long epochMillis) {
    return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
  }

  // Sun, 06 Nov 1994 08:49:37 GMT
  private static OptionalLong imfFixdate(String s) {
    if (s.length() != 29 || index(DAYS, s.substring(0, 3)) < 0 || s.charAt(4) != ' '
        || s.charAt(7) != ' ' || s.charAt(11) != ' ' || s.charAt(16) != ' '
        || s.charAt(25) != ' ' || !s.substring(26).equalsIgnoreCase("GMT")) {
      return OptionalLong.empty();
    }
    return of(number(s, 12, 4), index(MONTHS, s.substring(8, 11)) + 1, number(s, 5, 2),
        s, 17);
  }

  // Sunday, 06-Nov-94 08:49:37 GMT
  private static OptionalLong rfc850(String s, int comma) {
    String rest = s.substring(comma);
    if (index(LONG_DAYS, s.substring(0, comma)) < 0 || rest.length() != 24
        || rest.charAt(1) != ' ' || rest.charAt(4) != '-' || rest.charAt(8) != '-'
        || rest.charAt(11) != ' ' || rest.charAt(20) != ' '
        || !rest.substring(21).equalsIgnoreCase("GMT")) {
      return OptionalLong.empty();
    }
    int year = number(rest, 9, 2);
    if (year >= 0) {
      year += year < 70 ? 2000 : 1900;
    }
    return of(year, index(MONTHS, rest.substring(5, 8)) + 1, number(rest, 2, 2), rest, 12);
  }

  // Sun Nov  6 08:49:37 1994
  private static OptionalLong asctime(String s) {
    if (s.length() != 24 || index(DAYS, s.substring(0, 3)) < 0 || s.charAt(3) != ' '
        || s.charAt(7) != ' ' || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
      return OptionalLong.empty();
    }
    int day = s.charAt(8) == ' ' ? number(s, 9, 1) : number(s, 8, 2);
    return of(number(s, 20, 4), index(MONTHS, s.substring(4, 7)) + 1, day, s, 11);
  }

  /** Builds the instant from date parts and the {@code HH:MM:SS} at {@code time} in s. */
  private static OptionalLong of(int year, int month, int day, String s, int time) {
    if (s.charAt(time + 2) != ':' || s.charAt(time + 5) != ':') {
      return OptionalLong.empty();
    }
    int hour = number(s, time, 2);
    int minute = number(s, time + 3, 2);
    int second = number(s, time + 6, 2);
    if (year < 0 || month < 1 || day < 0 || hour < 0 || minute < 0 || second < 0
        || second > 60) {
      return OptionalLong.empty();
    }
    try {
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      return OptionalLong.of(t.toInstant(ZoneOffset.UTC).toEpochMilli());
    } catch (DateTimeException e) {
      // Day 31 of a 30-day month, hour 24, ...: a well-formed but impossible date.
      return OptionalLong.empty();
    }
  }

  /** The {@code length} digits at {@code from}, or -1 if any is not a digit. */
  private static int number(String s, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int index(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
