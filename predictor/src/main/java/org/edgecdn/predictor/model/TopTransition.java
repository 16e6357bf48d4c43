package org.edgecdn.predictor.model;

/**
 * One of a site's strongest first-order transitions, for reports and the admin API.
 *
 * @param probability the share of the source page's views followed by this one, own and peer
 *     counts together
 * @param support the transition's decayed count, own and peer counts together
 * @param peerSupport the part of {@code support} that comes from the other edges of the region
 *     ({@link SharedCounts}); 0 when the edge's own counts are all there is
 */
public record TopTransition(String from, String to, double probability, double support,
    double peerSupport) {

  /** A transition from the edge's own counts alone. */
  public TopTransition(String from, String to, double probability, double support) {
    this(from, to, probability, support, 0);
  }
}
