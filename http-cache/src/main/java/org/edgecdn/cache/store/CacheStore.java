package org.edgecdn.cache.store;

import java.util.List;
import java.util.function.Predicate;
import org.edgecdn.cache.key.CacheKey;

/**
 * A node's memory of responses, bounded in bytes. Reads are safe from any thread and never
 * block; writes replace whole {@link Variants} atomically.
 */
public interface CacheStore {

  /** The variants stored under {@code key}, or null. */
  Variants get(CacheKey key);

  /**
   * The variants stored under {@code key}, or null, for a speculative request (a prefetch): a
   * store that keeps prefetched entries apart neither moves one on this lookup nor takes the
   * miss as a sign of demand. By default the same as {@link #get}.
   */
  default Variants peek(CacheKey key) {
    return get(key);
  }

  /** Stores {@code response} as the variant {@code secondary} of {@code key}. */
  void put(CacheKey key, List<String> varyFields, String secondary, StoredResponse response);

  /**
   * Stores a response fetched ahead of any request (a prefetch). A store may keep such entries
   * apart until their first use: a frequency-based admission policy would otherwise drop a page
   * seen only once, which every prefetched page is. By default the same as {@link #put}.
   */
  default void putPrefetched(CacheKey key, List<String> varyFields, String secondary,
      StoredResponse response) {
    put(key, varyFields, secondary, response);
  }

  /** Drops every variant of {@code key}. */
  void invalidate(CacheKey key);

  /** Drops every entry whose key matches; returns how many primary keys were dropped. */
  int invalidateWhere(Predicate<CacheKey> matches);

  /** Bytes held now, by the store's own weighing. */
  long weightedBytes();

  /** The bound on {@link #weightedBytes()}. */
  long maximumBytes();

  /** Primary keys held now. */
  long entries();
}
