package org.edgecdn.cache.policy;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a site (or one of its path rules) adds to the HTTP rules when storing and serving.
 *
 * @param heuristicFraction the share of {@code Date - Last-Modified} used as a heuristic
 *     lifetime (RFC 9111 §4.2.2 suggests 10%)
 * @param heuristicCapSeconds the longest heuristic lifetime
 * @param stripSetCookie store responses with {@code Set-Cookie}, without that header; by
 *     default such responses are not stored at all
 * @param ttlOverrideSeconds the lifetime to use when the response gives no explicit one (only
 *     for statuses that may be cached without one: {@link Storability} explains)
 * @param forceTtl use {@code ttlOverrideSeconds} even when the response gives a lifetime or
 *     {@code no-cache}; never overrides {@code no-store}, {@code private} or any other refusal
 * @param pass never store
 * @param ignoreClientNoCache serve fresh hits even when the client asks to revalidate
 *     ({@code no-cache}, {@code Pragma: no-cache}, {@code max-age}, {@code min-fresh}): a
 *     browser reload then costs no origin request
 */
public record SitePolicy(
    double heuristicFraction,
    long heuristicCapSeconds,
    boolean stripSetCookie,
    OptionalLong ttlOverrideSeconds,
    boolean forceTtl,
    boolean pass,
    boolean ignoreClientNoCache) {

  public static final double DEFAULT_HEURISTIC_FRACTION = 0.1;
  public static final long DEFAULT_HEURISTIC_CAP_SECONDS = 86_400;

  private static final SitePolicy DEFAULTS = new SitePolicy(DEFAULT_HEURISTIC_FRACTION,
      DEFAULT_HEURISTIC_CAP_SECONDS, false, OptionalLong.empty(), false, false, false);

  /**
   * @throws IllegalArgumentException on a fraction outside [0, 1], a negative cap or TTL, or
   *     {@code forceTtl} without a TTL
   */
  public SitePolicy {
    Objects.requireNonNull(ttlOverrideSeconds, "ttlOverrideSeconds");
    if (!(heuristicFraction >= 0 && heuristicFraction <= 1)) {
      throw new IllegalArgumentException("heuristic fraction must be in [0, 1]: "
          + heuristicFraction);
    }
    if (heuristicCapSeconds < 0) {
      throw new IllegalArgumentException("negative heuristic cap: " + heuristicCapSeconds);
    }
    if (ttlOverrideSeconds.isPresent() && ttlOverrideSeconds.getAsLong() < 0) {
      throw new IllegalArgumentException("negative TTL: " + ttlOverrideSeconds.getAsLong());
    }
    if (forceTtl && ttlOverrideSeconds.isEmpty()) {
      throw new IllegalArgumentException("forceTtl without a TTL");
    }
  }

  /** 10% heuristic capped at a day, no cookies stored, no override, no pass. */
  public static SitePolicy defaults() {
    return DEFAULTS;
  }

  public SitePolicy withHeuristic(double fraction, long capSeconds) {
    return new SitePolicy(fraction, capSeconds, stripSetCookie, ttlOverrideSeconds, forceTtl,
        pass, ignoreClientNoCache);
  }

  public SitePolicy withStripSetCookie(boolean strip) {
    return new SitePolicy(heuristicFraction, heuristicCapSeconds, strip, ttlOverrideSeconds,
        forceTtl, pass, ignoreClientNoCache);
  }

  /** With a TTL override; {@code force} makes it win over the response's own lifetime. */
  public SitePolicy withTtl(long seconds, boolean force) {
    return new SitePolicy(heuristicFraction, heuristicCapSeconds, stripSetCookie,
        OptionalLong.of(seconds), force, pass, ignoreClientNoCache);
  }

  public SitePolicy withPass(boolean passAll) {
    return new SitePolicy(heuristicFraction, heuristicCapSeconds, stripSetCookie,
        ttlOverrideSeconds, forceTtl, passAll, ignoreClientNoCache);
  }

  public SitePolicy withIgnoreClientNoCache(boolean ignore) {
    return new SitePolicy(heuristicFraction, heuristicCapSeconds, stripSetCookie,
        ttlOverrideSeconds, forceTtl, pass, ignore);
  }
}
