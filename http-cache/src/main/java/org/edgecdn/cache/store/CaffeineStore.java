package org.edgecdn.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.edgecdn.cache.key.CacheKey;

/**
 * The cache store on Caffeine: bounded by weight in bytes (body + headers + a fixed overhead per
 * entry), with Caffeine's W-TinyLFU admission so a scan of one-off objects does not flush the
 * popular ones.
 *
 * <p>Maintenance (eviction) runs on the writing thread rather than on a pool: the weight is back
 * within the bound when {@code put} returns, so memory holds to the budget even under a working
 * set many times larger, and no pool thread works on the store besides the node's own. Evicting
 * is amortised O(1), so this costs a write little.
 *
 * <p>A node serves its traffic from several event loops, all using one store: each operation on
 * a key decides inside Caffeine's compute for that key (the area's lock taken inside it, never
 * around it), so two loops cannot both find a key absent and each act on it.
 *
 * <h2>Prefetched entries</h2>
 * W-TinyLFU admits a new entry only if it was asked for more often than the entry it would
 * evict; a prefetched page has been asked for never, so in a full cache it is dropped as soon as
 * it is stored (measured: 90% of prefetches lost, {@code docs/prefetch.md}). With prefetching on,
 * part of the budget is a {@link PrefetchArea}, first in first out, where {@link #putPrefetched}
 * puts pages; the first {@link #get} of one moves it into the main cache, by then asked for once.
 * The area's share follows need (ARC-style ghost lists, between {@value #AREA_MIN_SHARE} and
 * {@value #AREA_MAX_SHARE} of the budget), and the main cache is resized to the rest.
 */
public final class CaffeineStore implements CacheStore {

  /** The prefetch area's share of the budget at the start, and its bounds. */
  static final double AREA_MIN_SHARE = 0.02;
  static final double AREA_MAX_SHARE = 0.5;

  private final Cache<CacheKey, Variants> cache;
  private final long maximumBytes;
  private final AtomicLong evictions = new AtomicLong();
  /** Null without prefetching; guarded by itself, and never held while calling {@link #cache}. */
  private final PrefetchArea area;
  private final Object resizing = new Object();

  public CaffeineStore(long maximumBytes) {
    this(maximumBytes, 0);
  }

  /**
   * @param prefetchShare the share of {@code maximumBytes} the prefetch area starts with (it then
   *     follows need within its bounds), 0 for no area (then prefetched entries go where all
   *     others do)
   */
  public CaffeineStore(long maximumBytes, double prefetchShare) {
    if (!(prefetchShare == 0
        || prefetchShare >= AREA_MIN_SHARE && prefetchShare <= AREA_MAX_SHARE)) {
      throw new IllegalArgumentException("prefetch share must be 0 or within ["
          + AREA_MIN_SHARE + ", " + AREA_MAX_SHARE + "]: " + prefetchShare);
    }
    this.maximumBytes = maximumBytes;
    this.area = prefetchShare == 0 ? null
        : new PrefetchArea(maximumBytes, prefetchShare, AREA_MIN_SHARE, AREA_MAX_SHARE);
    long areaBytes = area == null ? 0 : area.target();
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumBytes - areaBytes)
        .weigher((CacheKey key, Variants variants) ->
            (int) Math.min(Integer.MAX_VALUE, PrefetchArea.weightOf(key, variants)))
        .executor(Runnable::run)
        .removalListener((CacheKey key, Variants value, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.incrementAndGet();
            if (area != null && cause == RemovalCause.SIZE && key != null && value != null) {
              synchronized (area) {
                area.mainEvicted(key, PrefetchArea.weightOf(key, value));
              }
            }
          }
        })
        .build();
  }

  /** Two bytes per character of the key's strings, as the JVM stores non-Latin-1 text. */
  static long keyWeight(CacheKey key) {
    return 2L * (key.site().length() + key.primary().length());
  }

  @Override
  public Variants get(CacheKey key) {
    Variants found = cache.getIfPresent(key);
    if (found != null || area == null) {
      return found;
    }
    // The move from the area into the main cache happens inside the map's compute, so a
    // concurrent put (another variant, a fresher copy) or invalidate of the key cannot be
    // overwritten or undone by the older prefetched copy. The area's lock is taken inside the
    // key's bin lock, never the other way round (the eviction listener takes it outside).
    boolean[] retargeted = new boolean[1];
    Variants present = cache.asMap().compute(key, (k, current) -> {
      if (current != null) {
        return current;
      }
      synchronized (area) {
        Variants taken = area.take(k);
        if (taken == null) {
          retargeted[0] = area.missed(k);
        }
        return taken;
      }
    });
    if (retargeted[0]) {
      resizeMainCache();
    }
    return present;
  }

  @Override
  public Variants peek(CacheKey key) {
    // Quietly: a prefetch's lookup must not raise the key's frequency in W-TinyLFU's sketch.
    Variants found = cache.policy().getIfPresentQuietly(key);
    if (found != null || area == null) {
      return found;
    }
    synchronized (area) {
      return area.existing(key);
    }
  }

  @Override
  public void putPrefetched(CacheKey key, List<String> varyFields, String secondary,
      StoredResponse response) {
    if (area == null) {
      put(key, varyFields, secondary, response);
      return;
    }
    // Decided inside the key's compute, as get moves a page: a get or put of the key on
    // another event loop cannot come between "not in the main cache" and the area's put and
    // leave a second copy in the area.
    cache.asMap().compute(key, (k, current) -> {
      if (current != null) {
        return current.with(varyFields, secondary, response);
      }
      synchronized (area) {
        Variants existing = area.existing(k);
        area.put(k, existing == null ? Variants.of(varyFields, secondary, response)
            : existing.with(varyFields, secondary, response));
      }
      return null;
    });
  }

  /**
   * The area's target moved: the main cache gets the rest of the budget. Resizes are serialized
   * (read the target, then set the maximum), so two racing ones cannot leave the older value in
   * place; the resize lock is taken before Caffeine's and never by the eviction listener.
   */
  private void resizeMainCache() {
    synchronized (resizing) {
      long areaTarget;
      synchronized (area) {
        areaTarget = area.target();
      }
      cache.policy().eviction().orElseThrow().setMaximum(maximumBytes - areaTarget);
    }
  }

  /** Entries evicted so far to stay within the budget, unused prefetched pages included. */
  public long evictions() {
    if (area == null) {
      return evictions.get();
    }
    synchronized (area) {
      return evictions.get() + area.evicted();
    }
  }

  /** Bytes the prefetch area may hold now (0 without one). */
  public long prefetchAreaTarget() {
    if (area == null) {
      return 0;
    }
    synchronized (area) {
      return area.target();
    }
  }

  @Override
  public void put(CacheKey key, List<String> varyFields, String secondary,
      StoredResponse response) {
    cache.asMap().compute(key, (k, existing) -> existing == null
        ? Variants.of(varyFields, secondary, response)
        : existing.with(varyFields, secondary, response));
  }

  @Override
  public void invalidate(CacheKey key) {
    // The area first: a get moving the page into the main cache meanwhile finds it gone.
    if (area != null) {
      synchronized (area) {
        area.invalidate(key);
      }
    }
    cache.invalidate(key);
  }

  @Override
  public int invalidateWhere(Predicate<CacheKey> matches) {
    int[] dropped = new int[1];
    if (area != null) {
      synchronized (area) {
        dropped[0] += area.invalidateWhere(matches);
      }
    }
    cache.asMap().keySet().removeIf(key -> {
      boolean drop = matches.test(key);
      if (drop) {
        dropped[0]++;
      }
      return drop;
    });
    return dropped[0];
  }

  @Override
  public long weightedBytes() {
    long main = cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    if (area == null) {
      return main;
    }
    synchronized (area) {
      return main + area.weight();
    }
  }

  @Override
  public long maximumBytes() {
    return maximumBytes;
  }

  @Override
  public long entries() {
    if (area == null) {
      return cache.estimatedSize();
    }
    synchronized (area) {
      return cache.estimatedSize() + area.size();
    }
  }

  /**
   * Registers {@code cdn_cache_bytes}, {@code cdn_cache_entries} and
   * {@code cdn_cache_evictions_total} with the node's tags.
   */
  public void bindTo(MeterRegistry registry, Tags tags) {
    Gauge.builder("cdn.cache.bytes", this, CaffeineStore::weightedBytes)
        .description("Bytes held by the cache (body + headers + per-entry overhead)")
        .baseUnit("bytes").tags(tags).register(registry);
    Gauge.builder("cdn.cache.max.bytes", this, CaffeineStore::maximumBytes)
        .description("The cache's byte budget").baseUnit("bytes").tags(tags).register(registry);
    Gauge.builder("cdn.cache.entries", this, CaffeineStore::entries)
        .description("Primary keys held by the cache").tags(tags).register(registry);
    FunctionCounter.builder("cdn.cache.evictions", this, CaffeineStore::evictions)
        .description("Entries evicted to stay within the byte budget").tags(tags)
        .register(registry);
    if (area != null) {
      Gauge.builder("cdn.cache.prefetch.area.bytes", this, CaffeineStore::prefetchAreaTarget)
          .description("Bytes of the budget the prefetch area may hold now (it follows need)")
          .baseUnit("bytes").tags(tags).register(registry);
    }
  }
}
