package org.edgecdn.cache.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.edgecdn.cache.key.CacheKey;

/**
 * Where a store keeps prefetched pages until their first use, in a share of its byte budget that
 * follows need, the way ARC balances its two lists (Megiddo and Modha, FAST 2003).
 *
 * <p>Pages enter oldest-first (FIFO) and leave at their first use ({@link #take}) or, unused, when
 * the area is over its target. Two ghost lists remember the keys, not the bodies, of what left
 * recently, each up to {@value #GHOST_SHARE} of the store's budget in bytes and {@value
 * #MAX_GHOSTS} keys:
 * <ul>
 *   <li><b>area ghosts:</b> prefetched pages pushed out before anyone asked for them. A request for
 *       one is a prefetch a larger area would have turned into a hit: the target grows by its
 *       weight.
 *   <li><b>main ghosts:</b> pages the main cache evicted. A request for one is a hit a larger main
 *       cache would have had: the target shrinks by its weight.
 * </ul>
 * So the area grows while prefetches arrive faster than visitors use them and are still wanted,
 * and gives its bytes back when the main cache's losses cost more; with prefetching idle or
 * useless it settles at its minimum. The target stays within [{@code minShare}, {@code maxShare}]
 * of the budget; the store gives the main cache the rest when {@link #missed} says it moved.
 *
 * <p>Not thread-safe: the store calls it under one lock, and never calls its main cache while
 * holding that lock (the main cache's evictions, reported here, run under the cache's own).
 */
final class PrefetchArea {

  /**
   * Each ghost list remembers the last this share of the budget: a hit there is one that this
   * many more bytes for that side would have had, so the two lists weigh the marginal value of
   * bytes for each side alike.
   */
  static final double GHOST_SHARE = 0.1;

  /** Ghost lists remember at most this many keys each, whatever their bytes. */
  static final int MAX_GHOSTS = 16_384;

  private final long minBytes;
  private final long maxBytes;
  private final LinkedHashMap<CacheKey, Variants> pages = new LinkedHashMap<>();
  private final Ghosts areaGhosts;
  private final Ghosts mainGhosts;
  private long weight;
  private long target;
  private long evicted;

  PrefetchArea(long budget, double initialShare, double minShare, double maxShare) {
    if (!(0 <= minShare && minShare <= initialShare && initialShare <= maxShare
        && maxShare < 1)) {
      throw new IllegalArgumentException("prefetch area shares must satisfy 0 <= min <= initial "
          + "<= max < 1: " + minShare + ", " + initialShare + ", " + maxShare);
    }
    this.minBytes = (long) (budget * minShare);
    this.maxBytes = (long) (budget * maxShare);
    this.target = (long) (budget * initialShare);
    long window = (long) (budget * GHOST_SHARE);
    this.areaGhosts = new Ghosts(window);
    this.mainGhosts = new Ghosts(window);
  }

  long target() {
    return target;
  }

  long weight() {
    return weight;
  }

  int size() {
    return pages.size();
  }

  /** Unused pages pushed out of the area so far. */
  long evicted() {
    return evicted;
  }

  /** Removes and returns the prefetched page, at its first use; null if the area lacks it. */
  Variants take(CacheKey key) {
    Variants found = pages.remove(key);
    if (found != null) {
      weight -= weightOf(key, found);
    }
    return found;
  }

  /**
   * Stores a prefetched page, pushing out the oldest ones while over the target.
   *
   * @return false when the page alone exceeds the area's present target: then it is not kept,
   *     rather than pushing out every other page only to be pushed out itself, but remembered
   *     as an area ghost, so that its being asked for can still grow the area
   */
  boolean put(CacheKey key, Variants variants) {
    Variants existing = pages.remove(key);
    if (existing != null) {
      weight -= weightOf(key, existing);
    }
    long size = weightOf(key, variants);
    if (size > target) {
      areaGhosts.add(key, size);
      return false;
    }
    areaGhosts.remove(key);
    mainGhosts.remove(key);
    pages.put(key, variants);
    weight += size;
    trim();
    return true;
  }

  Variants existing(CacheKey key) {
    return pages.get(key);
  }

  /**
   * A real request missed {@code key} in the main cache and the area: if a ghost list knows it,
   * the target moves that way.
   *
   * @return whether the target changed (the store then resizes its main cache)
   */
  boolean missed(CacheKey key) {
    long grow = areaGhosts.remove(key);
    long shrink = mainGhosts.remove(key);
    if (grow > 0) {
      return retarget(Math.min(maxBytes, target + grow));
    }
    if (shrink > 0) {
      return retarget(Math.max(minBytes, target - shrink));
    }
    return false;
  }

  /** The main cache evicted {@code key} (size, not expiry or removal). */
  void mainEvicted(CacheKey key, long size) {
    mainGhosts.add(key, size);
  }

  boolean invalidate(CacheKey key) {
    areaGhosts.remove(key);
    mainGhosts.remove(key);
    return take(key) != null;
  }

  int invalidateWhere(Predicate<CacheKey> matches) {
    areaGhosts.removeWhere(matches);
    mainGhosts.removeWhere(matches);
    int dropped = 0;
    Iterator<Map.Entry<CacheKey, Variants>> all = pages.entrySet().iterator();
    while (all.hasNext()) {
      Map.Entry<CacheKey, Variants> entry = all.next();
      if (matches.test(entry.getKey())) {
        weight -= weightOf(entry.getKey(), entry.getValue());
        all.remove();
        dropped++;
      }
    }
    return dropped;
  }

  private boolean retarget(long next) {
    if (next == target) {
      return false;
    }
    target = next;
    trim();
    return true;
  }

  private void trim() {
    Iterator<Map.Entry<CacheKey, Variants>> oldest = pages.entrySet().iterator();
    while (weight > target && oldest.hasNext()) {
      Map.Entry<CacheKey, Variants> entry = oldest.next();
      long size = weightOf(entry.getKey(), entry.getValue());
      weight -= size;
      oldest.remove();
      areaGhosts.add(entry.getKey(), size);
      evicted++;
    }
  }

  static long weightOf(CacheKey key, Variants variants) {
    return (long) variants.weight() + CaffeineStore.keyWeight(key);
  }

  /** Keys and weights of what left recently, oldest first, up to a byte total. */
  private static final class Ghosts {
    private final long capacity;
    private final LinkedHashMap<CacheKey, Long> sizes = new LinkedHashMap<>();
    private long total;

    Ghosts(long capacity) {
      this.capacity = capacity;
    }

    void add(CacheKey key, long size) {
      Long previous = sizes.remove(key);
      if (previous != null) {
        total -= previous;
      }
      sizes.put(key, size);
      total += size;
      Iterator<Map.Entry<CacheKey, Long>> oldest = sizes.entrySet().iterator();
      // The newest stays even when it alone is over the window: a page larger than the window
      // is still one a larger side would have kept.
      while ((total > capacity || sizes.size() > MAX_GHOSTS) && sizes.size() > 1) {
        total -= oldest.next().getValue();
        oldest.remove();
      }
    }

    void removeWhere(Predicate<CacheKey> matches) {
      Iterator<Map.Entry<CacheKey, Long>> all = sizes.entrySet().iterator();
      while (all.hasNext()) {
        Map.Entry<CacheKey, Long> entry = all.next();
        if (matches.test(entry.getKey())) {
          total -= entry.getValue();
          all.remove();
        }
      }
    }

    /** Forgets {@code key}; returns its weight, 0 if it was not remembered. */
    long remove(CacheKey key) {
      Long size = sizes.remove(key);
      if (size == null) {
        return 0;
      }
      total -= size;
      return size;
    }
  }
}
