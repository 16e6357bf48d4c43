package org.edgecdn.edge.prefetch;

import java.util.Objects;
import java.util.Optional;
import org.edgecdn.predictor.plan.PlannerOptions;

/**
 * One site's prefetch settings.
 *
 * @param enabled whether the edge learns from and prefetches for this site
 * @param plan threshold, minimum support and prefetches per page view
 * @param hints what the browser is told
 * @param sessionCookie the cookie that names a visitor, or empty for address + User-Agent
 * @param share whether predictions add the counts of the other edges of the region
 */
public record SitePrefetch(boolean enabled, PlannerOptions plan, Hints hints,
    Optional<String> sessionCookie, Share share) {

  public SitePrefetch {
    Objects.requireNonNull(share, "share");
  }

  /** A site predicted from this edge's counts alone. */
  public SitePrefetch(boolean enabled, PlannerOptions plan, Hints hints,
      Optional<String> sessionCookie) {
    this(enabled, plan, hints, sessionCookie, Share.NONE);
  }

  public static SitePrefetch off() {
    return new SitePrefetch(false, PlannerOptions.defaults(), Hints.NONE, Optional.empty());
  }

  public static SitePrefetch on() {
    return new SitePrefetch(true, PlannerOptions.defaults(), Hints.NONE, Optional.empty());
  }

  /** These settings, with {@code value} for sharing. */
  public SitePrefetch withShare(Share value) {
    return new SitePrefetch(enabled, plan, hints, sessionCookie, value);
  }
}
