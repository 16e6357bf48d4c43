package org.edgecdn.predictor.plan;

/**
 * When a predicted page is worth fetching ahead.
 *
 * @param threshold the probability a next page needs (guess.js uses 0.15 on fast links up to
 *     0.6 on slow ones; an edge pays origin bytes rather than a visitor's data plan, so 0.3)
 * @param minSupport the decayed count the transition needs, so one visitor's path is not a rule.
 *     6 by default: a probability near the threshold (0.3) estimated from 3 sightings (about
 *     10 views of the page) has a standard error of about 0.15, half the threshold; from 6
 *     (about 20 views), 0.10. The prefetches that 6 drops against 3 were used less often than
 *     the rest, and it kept the extra origin bytes under 30% for 2-3 points of hit ratio
 *     (docs/prefetch.md, "The minimum support")
 * @param maxPerView at most this many prefetches after one page view
 * @param weighSize whether the threshold is for a page of the site's mean size, a page k times
 *     larger needing k times the probability ({@link PrefetchPlanner})
 */
public record PlannerOptions(double threshold, double minSupport, int maxPerView,
    boolean weighSize) {

  public static final double DEFAULT_THRESHOLD = 0.3;
  public static final double DEFAULT_MIN_SUPPORT = 6;
  public static final int DEFAULT_MAX_PER_VIEW = 2;

  public PlannerOptions {
    if (!(threshold > 0 && threshold <= 1) || minSupport < 0 || maxPerView < 0) {
      throw new IllegalArgumentException("threshold must be in (0, 1], support and count >= 0");
    }
  }

  /** Sizes weighed, as by default. */
  public PlannerOptions(double threshold, double minSupport, int maxPerView) {
    this(threshold, minSupport, maxPerView, true);
  }

  public static PlannerOptions defaults() {
    return new PlannerOptions(DEFAULT_THRESHOLD, DEFAULT_MIN_SUPPORT, DEFAULT_MAX_PER_VIEW);
  }

  public PlannerOptions withThreshold(double value) {
    return new PlannerOptions(value, minSupport, maxPerView, weighSize);
  }

  public PlannerOptions withWeighSize(boolean value) {
    return new PlannerOptions(threshold, minSupport, maxPerView, value);
  }
}
