package org.edgecdn.launcher.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** HTTP dates (RFC 9110 §5.6.7): IMF-fixdate out, IMF-fixdate in. */
final class HttpDate {

  // Not DateTimeFormatter.RFC_1123_DATE_TIME for output: it writes "6 Nov", and IMF-fixdate
  // requires a two-digit day ("06 Nov").
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private HttpDate() {}

  static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /**
   * Parses an IMF-fixdate. The obsolete RFC 850 and asctime forms are not accepted; a date that
   * does not parse is treated as absent, which RFC 9110 §13.1.3 asks for invalid dates anyway.
   */
  static Optional<Instant> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
