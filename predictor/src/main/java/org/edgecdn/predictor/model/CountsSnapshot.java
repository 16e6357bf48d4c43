package org.edgecdn.predictor.model;

import java.util.List;

/**
 * A bounded copy of one edge's own first-order counts at one moment, to share with the other
 * edges of its region ({@link SharedCounts}): its most viewed pages, each with its views and
 * its successors' counts, decayed to {@code atMillis}. Never holds counts learnt from peers.
 *
 * @param atMillis when the counts were read (the publishing edge's clock)
 * @param pages the pages, most viewed first
 */
public record CountsSnapshot(long atMillis, List<PageCounts> pages) {

  public CountsSnapshot {
    pages = List.copyOf(pages);
  }

  /**
   * One page's counts.
   *
   * @param page the page (a first-order context)
   * @param views the decayed views of the page (the denominator)
   * @param next its successors, heaviest first
   */
  public record PageCounts(String page, double views, List<Successor> next) {
    public PageCounts {
      next = List.copyOf(next);
    }
  }

  /** A successor of a page and the decayed count of the transition to it. */
  public record Successor(String page, double count) {}
}
