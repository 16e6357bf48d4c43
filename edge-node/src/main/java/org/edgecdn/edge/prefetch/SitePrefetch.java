package org.edgecdn.edge.prefetch;

import java.util.Objects;
import java.util.Optional;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.visit.VisitTracker;

/**
 * One site's prefetch settings.
 *
 * @param enabled whether the edge learns from and prefetches for this site
 * @param plan threshold, minimum support and prefetches per page view
 * @param hints what the browser is told
 * @param sessionCookie the cookie that names a visitor, or empty for address + User-Agent
 * @param share whether predictions add the counts of the other edges of the region
 * @param halfLifeMillis a transition seen this long ago weighs half as much as one now
 * @param visitTimeoutMillis a visitor idle this long starts a new visit (no transition across)
 */
public record SitePrefetch(boolean enabled, PlannerOptions plan, Hints hints,
    Optional<String> sessionCookie, Share share, long halfLifeMillis, long visitTimeoutMillis) {

  public static final long DEFAULT_HALF_LIFE_MILLIS = ModelOptions.DEFAULT_HALF_LIFE_MILLIS;
  public static final long DEFAULT_VISIT_TIMEOUT_MILLIS = VisitTracker.DEFAULT_IDLE_MILLIS;

  public SitePrefetch {
    Objects.requireNonNull(share, "share");
    if (halfLifeMillis < 1 || visitTimeoutMillis < 1) {
      throw new IllegalArgumentException("half-life and visit timeout must be positive: "
          + halfLifeMillis + ", " + visitTimeoutMillis);
    }
  }

  /** A site with the default half-life and visit timeout. */
  public SitePrefetch(boolean enabled, PlannerOptions plan, Hints hints,
      Optional<String> sessionCookie, Share share) {
    this(enabled, plan, hints, sessionCookie, share, DEFAULT_HALF_LIFE_MILLIS,
        DEFAULT_VISIT_TIMEOUT_MILLIS);
  }

  /** A site predicted from this edge's counts alone. */
  public SitePrefetch(boolean enabled, PlannerOptions plan, Hints hints,
      Optional<String> sessionCookie) {
    this(enabled, plan, hints, sessionCookie, Share.NONE);
  }

  /** Built once: every GET answer of a site asks for its settings (PrefetchOptions#site). */
  private static final SitePrefetch OFF =
      new SitePrefetch(false, PlannerOptions.defaults(), Hints.NONE, Optional.empty());

  public static SitePrefetch off() {
    return OFF;
  }

  public static SitePrefetch on() {
    return new SitePrefetch(true, PlannerOptions.defaults(), Hints.NONE, Optional.empty());
  }

  /** These settings, with {@code value} for sharing. */
  public SitePrefetch withShare(Share value) {
    return new SitePrefetch(enabled, plan, hints, sessionCookie, value, halfLifeMillis,
        visitTimeoutMillis);
  }

  /**
   * These settings, with counts halving every {@code halfLife} and visits ending after
   * {@code visitTimeout} idle (both in milliseconds).
   */
  public SitePrefetch withDecay(long halfLife, long visitTimeout) {
    return new SitePrefetch(enabled, plan, hints, sessionCookie, share, halfLife, visitTimeout);
  }

  /** The site's model: the node's bounds with this site's half-life. */
  public ModelOptions model(ModelOptions node) {
    return node.withHalfLifeMillis(halfLifeMillis);
  }
}
