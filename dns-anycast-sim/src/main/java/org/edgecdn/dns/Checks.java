package org.edgecdn.dns;

import java.util.regex.Pattern;

/** Argument checks shared by the option records; each message names the offending field. */
final class Checks {

  /** One LDH label (RFC 1035 §2.3.1, RFC 1123 §2.1: may start with a digit). */
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Checks() {}

  static String token(String value, String what) {
    if (value == null || value.isBlank() || !value.strip().equals(value)
        || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(what + " must be a non-empty word, got '" + value + "'");
    }
    return value;
  }

  static String label(String value, String what) {
    if (value == null || !LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must be one DNS label: letters, digits, inner hyphens, 1-63");
    }
    return value;
  }

  static void latLon(double lat, double lon, String what) {
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException(what + ": latitude " + lat + " is outside -90..90");
    }
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException(what + ": longitude " + lon + " is outside -180..180");
    }
  }
}
