package org.edgecdn.predictor.plan;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one site's pages weighed when last served, and their mean, so the planner can ask more
 * of a large page than of a small one ({@link PrefetchPlanner}).
 *
 * <p>Bounded: the most recently weighed {@code maxPages} pages are kept (random URLs push out
 * old ones rather than growing the table), and the mean is over those. Thread-safe.
 */
public final class PageSizes {

  /** Estimated heap bytes per remembered page besides its path's characters. */
  private static final long ENTRY_OVERHEAD_BYTES = 96;

  private final int maxPages;
  private final LinkedHashMap<String, Long> bytes = new LinkedHashMap<>();
  private long total;

  public PageSizes(int maxPages) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1: " + maxPages);
    }
    this.maxPages = maxPages;
  }

  /** {@code page} was served whole with a body of {@code size} bytes. */
  public synchronized void note(String page, long size) {
    if (size < 0) {
      return;
    }
    Long previous = bytes.remove(page);
    if (previous != null) {
      total -= previous;
    }
    bytes.put(page, size);
    total += size;
    Iterator<Map.Entry<String, Long>> oldest = bytes.entrySet().iterator();
    while (bytes.size() > maxPages) {
      Map.Entry<String, Long> entry = oldest.next();
      total -= entry.getValue();
      oldest.remove();
    }
  }

  /**
   * {@code page}'s size over the mean of the pages remembered; 1 for a page never weighed (or
   * when all weigh nothing), so an unknown page is held to the plain threshold.
   */
  public synchronized double relative(String page) {
    Long size = bytes.get(page);
    if (size == null || total == 0) {
      return 1;
    }
    return size * (double) bytes.size() / total;
  }

  public synchronized int size() {
    return bytes.size();
  }

  /** Estimated heap bytes; walks the table, so for a gauge's scrape, not a request. */
  public synchronized long footprintBytes() {
    long chars = 0;
    for (String page : bytes.keySet()) {
      chars += page.length();
    }
    return bytes.size() * ENTRY_OVERHEAD_BYTES + 2 * chars;
  }
}
