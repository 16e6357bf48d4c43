package org.edgecdn.cache.key;

import java.util.Objects;

/**
 * The primary cache key of a request (DESIGN §4 step 2): the site it belongs to and its
 * normalized URL, {@code scheme://host/path?query}. Build one with {@link KeyNormalizer}; the
 * Vary-selected request headers are a separate, secondary key ({@link VaryKey}), as in Pingora's
 * primary key plus variance.
 *
 * <p>The site has no default: a key always says which site's content it names, so two sites
 * that happen to share a host name or path can never read each other's entries.
 *
 * <p>Equality and hash code are those of the two strings; {@code String} caches its hash, so a
 * key is cheap to look up again and again.
 *
 * @param site the configured site name (no spaces)
 * @param primary {@code scheme + "://" + host + normalizedPath + ("?" + normalizedQuery)}
 */
public record CacheKey(String site, String primary) {

  public CacheKey {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(primary, "primary");
    // A space separates the two in value(), which must tell every pair apart.
    if (site.isEmpty() || site.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("bad site name for a cache key: \"" + site + "\"");
    }
  }

  /** One string for hashing (shield choice) and logs: {@code site + " " + primary}. */
  public String value() {
    return site + ' ' + primary;
  }

  /**
   * The normalized request target ({@code /path?query}) to send upstream. Forward this rather
   * than the client's raw target: requests that normalize to one key must get one answer, or the
   * first of them to be stored would be served for all the others.
   */
  public String target() {
    int slash = primary.indexOf('/', primary.indexOf("://") + 3);
    return slash < 0 ? "/" : primary.substring(slash);
  }

  @Override
  public String toString() {
    return value();
  }
}
