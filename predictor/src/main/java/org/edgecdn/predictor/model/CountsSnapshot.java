package org.edgecdn.predictor.model;

import java.util.List;

/**
 * A bounded copy of one edge's own counts at one moment, to share with the other edges of its
 * region ({@link SharedCounts}): its most viewed pages (first-order contexts) and its most viewed
 * page pairs (second-order contexts), each with its views and its successors' counts, decayed
 * to {@code atMillis}. Never holds counts learnt from peers.
 *
 * @param atMillis when the counts were read (the publishing edge's clock)
 * @param pages the first-order contexts, most viewed first
 * @param contexts the second-order contexts, most viewed first
 */
public record CountsSnapshot(long atMillis, List<PageCounts> pages,
    List<ContextCounts> contexts) {

  public CountsSnapshot {
    pages = List.copyOf(pages);
    contexts = List.copyOf(contexts);
  }

  /** First-order counts only (a publisher of format version 1, or a test). */
  public CountsSnapshot(long atMillis, List<PageCounts> pages) {
    this(atMillis, pages, List.of());
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

  /**
   * One second-order context's counts: views of {@code current} reached from {@code previous},
   * and what came next.
   *
   * @param previous the page before
   * @param current the page
   * @param views the decayed views of the pair (the denominator)
   * @param next its successors, heaviest first
   */
  public record ContextCounts(String previous, String current, double views,
      List<Successor> next) {
    public ContextCounts {
      next = List.copyOf(next);
    }
  }

  /** A successor of a page and the decayed count of the transition to it. */
  public record Successor(String page, double count) {}
}
