package org.edgecdn.edge.prefetch;

/** What became of a prefetch, as the {@code outcome} label of {@code cdn_prefetch_total}. */
public enum Outcome {
  /** Sent: the page was not known to be warm and the budget allowed it. */
  ISSUED("issued"),
  /** A prefetched entry's first real request was a hit. */
  HIT("hit"),
  /** A prefetched entry expired, was evicted, or was not used in time. */
  WASTED("wasted"),
  /**
   * A browser prefetched an entry the edge had prefetched and nobody had used yet: mostly a
   * hint of ours followed, so neither a use nor waste.
   */
  BROWSER_PREFETCHED("browser_prefetched"),
  /** Not sent: the node's or the origin's budget was spent. */
  SKIPPED_BUDGET("skipped_budget"),
  /** Sent, but the answer was not cacheable for a shared cache, so nothing was kept. */
  SKIPPED_UNCACHEABLE("skipped_uncacheable"),
  /** Not sent: real requests of the site find the upstream slow or failing. */
  SKIPPED_UPSTREAM("skipped_upstream"),
  /** Sent, and the page was already fresh in the cache (no upstream fetch). */
  SKIPPED_FRESH("skipped_fresh"),
  /** Sent, and the request failed. */
  FAILED("failed");

  private final String wireName;

  Outcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
