package org.edgecdn.launcher.domains;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a customer's domain may be: a host name (RFC 1123 §2.1 labels, ASCII; an international
 * name in its {@code xn--} form), at least two labels, no wildcard, not an IP address.
 */
final class DomainNames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int MAX_LENGTH = 253;

  private DomainNames() {}

  /** The name lower-cased without a trailing dot, or an exception saying what is wrong. */
  static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("the domain is empty");
    }
    String name = raw.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("'" + raw + "' is longer than 253 characters");
    }
    if (name.startsWith("*.")) {
      throw new IllegalArgumentException("'" + raw + "' is a wildcard; add each name on its own");
    }
    if (!name.chars().allMatch(c -> c < 128)) {
      throw new IllegalArgumentException("'" + raw + "' is not ASCII: give an international "
          + "name in its xn-- (punycode) form");
    }
    String[] labels = name.split("\\.", -1);
    if (labels.length < 2) {
      throw new IllegalArgumentException("'" + raw + "' needs at least two labels "
          + "(www.their-site.top)");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("'" + raw + "' is not a host name: label '" + label
            + "' must be 1-63 letters, digits or inner hyphens");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + raw + "' is an IP address, not a domain");
    }
    return name;
  }

  /**
   * Whether {@code name} is taken for a zone apex: two labels ({@code their-site.top}). A
   * registrable domain under a two-label public suffix ({@code shop.co.uk}) looks like a
   * subdomain here; its owner then sees the CNAME instruction, which their DNS host will refuse
   * at an apex, and can use the address form instead (both are accepted either way).
   */
  static boolean looksLikeApex(String name) {
    return name.chars().filter(c -> c == '.').count() == 1;
  }

  /** {@code name} is {@code zone} or below it. */
  static boolean within(String name, String zone) {
    return name.equals(zone) || name.endsWith("." + zone);
  }
}
