package org.edgecdn.predictor.eval;

/**
 * The cache a {@link PrefetchSimulation} replays through. Each entry carries a mark: true while
 * it is a prefetched page nobody has asked for yet. A marked entry leaving the cache is waste.
 */
public interface PageCache {

  /** The entry's mark, refreshing its recency as a request would; null when not held. */
  Boolean get(String page);

  /** Whether {@code page} is held, without counting as a request. */
  boolean contains(String page);

  /** Stores {@code page}; {@code prefetched} marks it unused. */
  void put(String page, long bytes, boolean prefetched);

  /** Marked entries evicted so far. */
  long evictedUnused();

  /** Marked entries still held. */
  long unused();

  /**
   * Least recently used out first, {@code pages} entries whatever their size: the figures are
   * about prediction, not eviction.
   */
  static PageCache lru(int pages) {
    return new LruPageCache(pages);
  }

  /**
   * The edge's store: Caffeine's W-TinyLFU bounded by {@code maxBytes}, each page weighing its
   * bytes plus {@code entryOverhead} (headers, key and record). Its admission keeps a new entry
   * only if it is asked for more often than the entry it would evict, so a prefetched page,
   * fetched once, can be refused at once.
   */
  static PageCache tinyLfu(long maxBytes, long entryOverhead) {
    return new CaffeinePageCache(maxBytes, entryOverhead);
  }
}
