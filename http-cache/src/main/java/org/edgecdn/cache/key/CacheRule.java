package org.edgecdn.cache.key;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A site's override for the paths {@code pathPattern} matches (see {@link PathRules} for the
 * pattern language). Only query handling is used by {@link KeyNormalizer}; TTL and pass are for
 * the store decision (DESIGN §4 step 7).
 *
 * @param pathPattern e.g. {@code /about}, {@code /static/*}, {@code *.css} or
 *     <code>/api/*&#47;items</code>; starts with {@code /} or {@code *}
 * @param ttlSeconds the freshness lifetime to use when the response gives none (or always, with
 *     {@code forceTtl})
 * @param forceTtl use {@code ttlSeconds} even when the response says otherwise
 * @param queryKeepOnly if present, the only query parameters kept in the key
 * @param queryIgnore query parameters left out of the key, on top of the site's dropped ones
 * @param pass never store nor serve from the cache: every request goes upstream
 */
public record CacheRule(
    String pathPattern,
    OptionalLong ttlSeconds,
    boolean forceTtl,
    Optional<Set<String>> queryKeepOnly,
    Set<String> queryIgnore,
    boolean pass) {

  /** No rule matched: no override, nothing ignored, not pass. */
  public static final CacheRule DEFAULT =
      new CacheRule("*", OptionalLong.empty(), false, Optional.empty(), Set.of(), false);

  /**
   * @throws IllegalArgumentException on a pattern not starting with {@code /} or {@code *}, a
   *     negative TTL, {@code forceTtl} without a TTL, {@code pass} with a TTL, or a parameter name
   *     with a bad percent escape
   */
  public CacheRule {
    Objects.requireNonNull(pathPattern, "pathPattern");
    Objects.requireNonNull(ttlSeconds, "ttlSeconds");
    if (!(pathPattern.startsWith("/") || pathPattern.startsWith("*"))) {
      throw new IllegalArgumentException(
          "path pattern \"" + pathPattern + "\" must start with / or *");
    }
    if (ttlSeconds.isPresent() && ttlSeconds.getAsLong() < 0) {
      throw new IllegalArgumentException("negative TTL for " + pathPattern);
    }
    if (forceTtl && ttlSeconds.isEmpty()) {
      throw new IllegalArgumentException("forceTtl without a TTL for " + pathPattern);
    }
    if (pass && ttlSeconds.isPresent()) {
      throw new IllegalArgumentException("a pass rule has no TTL: " + pathPattern);
    }
    // Names compare in the form KeyNormalizer puts request parameters in.
    queryKeepOnly = Objects.requireNonNull(queryKeepOnly, "queryKeepOnly")
        .map(KeyPolicy::normalizedNames);
    queryIgnore = KeyPolicy.normalizedNames(queryIgnore);
  }

  /** A rule that only makes every request for {@code pathPattern} go upstream. */
  public static CacheRule pass(String pathPattern) {
    return new CacheRule(
        pathPattern, OptionalLong.empty(), false, Optional.empty(), Set.of(), true);
  }

  /** A rule that only sets a default TTL for {@code pathPattern}. */
  public static CacheRule ttl(String pathPattern, long seconds) {
    return new CacheRule(
        pathPattern, OptionalLong.of(seconds), false, Optional.empty(), Set.of(), false);
  }
}
