package org.edgecdn.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * set many times larger, and no other thread touches the store behind the event loop's back.
 * Evicting is amortised O(1), so this costs a write little.
 *
 * <h2>Prefetched entries</h2>
 * W-TinyLFU admits a new entry only if it was asked for more often than the entry it would
 * evict; a prefetched page has been asked for never, so in a full cache it is dropped as soon as
 * it is stored (measured: 90% of prefetches lost, {@code docs/prefetch.md}). With a prefetch
 * share, that share of the budget is an area of its own, first in first out, where
 * {@link #putPrefetched} puts pages; the first {@link #get} of one moves it into the main cache,
 * by then asked for once. Pages nobody asks for leave the area oldest first.
 */
public final class CaffeineStore implements CacheStore {

  private final Cache<CacheKey, Variants> cache;
  private final long maximumBytes;
  private final AtomicLong evictions = new AtomicLong();
  /** Prefetched entries awaiting their first use, oldest first; guarded by itself. */
  private final LinkedHashMap<CacheKey, Variants> prefetched = new LinkedHashMap<>();
  private final long prefetchBytes;
  private long prefetchedWeight;

  public CaffeineStore(long maximumBytes) {
    this(maximumBytes, 0);
  }

  /**
   * @param prefetchShare the share of {@code maximumBytes} kept for prefetched entries until
   *     their first use, 0 for none (then prefetched entries go where all others do)
   */
  public CaffeineStore(long maximumBytes, double prefetchShare) {
    if (!(prefetchShare >= 0 && prefetchShare < 1)) {
      throw new IllegalArgumentException("prefetch share must be within [0, 1): " + prefetchShare);
    }
    this.maximumBytes = maximumBytes;
    this.prefetchBytes = (long) (maximumBytes * prefetchShare);
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumBytes - prefetchBytes)
        .weigher((CacheKey key, Variants variants) ->
            (int) Math.min(Integer.MAX_VALUE, (long) variants.weight() + keyWeight(key)))
        .executor(Runnable::run)
        .removalListener((CacheKey key, Variants value, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            evictions.incrementAndGet();
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
    if (found != null || prefetchBytes == 0) {
      return found;
    }
    Variants promoted;
    synchronized (prefetched) {
      promoted = prefetched.remove(key);
      if (promoted != null) {
        prefetchedWeight -= weightOf(key, promoted);
      }
    }
    if (promoted != null) {
      cache.put(key, promoted);
    }
    return promoted;
  }

  @Override
  public void putPrefetched(CacheKey key, List<String> varyFields, String secondary,
      StoredResponse response) {
    if (prefetchBytes == 0 || cache.getIfPresent(key) != null) {
      put(key, varyFields, secondary, response);
      return;
    }
    synchronized (prefetched) {
      Variants existing = prefetched.remove(key);
      if (existing != null) {
        prefetchedWeight -= weightOf(key, existing);
      }
      Variants next = existing == null ? Variants.of(varyFields, secondary, response)
          : existing.with(varyFields, secondary, response);
      long weight = weightOf(key, next);
      if (weight > prefetchBytes) {
        return;
      }
      prefetched.put(key, next);
      prefetchedWeight += weight;
      Iterator<Map.Entry<CacheKey, Variants>> oldest = prefetched.entrySet().iterator();
      while (prefetchedWeight > prefetchBytes && oldest.hasNext()) {
        Map.Entry<CacheKey, Variants> entry = oldest.next();
        prefetchedWeight -= weightOf(entry.getKey(), entry.getValue());
        oldest.remove();
        evictions.incrementAndGet();
      }
    }
  }

  private static long weightOf(CacheKey key, Variants variants) {
    return (long) variants.weight() + keyWeight(key);
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
    cache.invalidate(key);
    if (prefetchBytes > 0) {
      synchronized (prefetched) {
        Variants dropped = prefetched.remove(key);
        if (dropped != null) {
          prefetchedWeight -= weightOf(key, dropped);
        }
      }
    }
  }

  @Override
  public int invalidateWhere(Predicate<CacheKey> matches) {
    int[] dropped = new int[1];
    cache.asMap().keySet().removeIf(key -> {
      boolean drop = matches.test(key);
      if (drop) {
        dropped[0]++;
      }
      return drop;
    });
    if (prefetchBytes > 0) {
      synchronized (prefetched) {
        Iterator<Map.Entry<CacheKey, Variants>> all = prefetched.entrySet().iterator();
        while (all.hasNext()) {
          Map.Entry<CacheKey, Variants> entry = all.next();
          if (matches.test(entry.getKey())) {
            prefetchedWeight -= weightOf(entry.getKey(), entry.getValue());
            all.remove();
            dropped[0]++;
          }
        }
      }
    }
    return dropped[0];
  }

  @Override
  public long weightedBytes() {
    long main = cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    if (prefetchBytes == 0) {
      return main;
    }
    synchronized (prefetched) {
      return main + prefetchedWeight;
    }
  }

  @Override
  public long maximumBytes() {
    return maximumBytes;
  }

  @Override
  public long entries() {
    if (prefetchBytes == 0) {
      return cache.estimatedSize();
    }
    synchronized (prefetched) {
      return cache.estimatedSize() + prefetched.size();
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
    FunctionCounter.builder("cdn.cache.evictions", evictions, AtomicLong::get)
        .description("Entries evicted to stay within the byte budget").tags(tags)
        .register(registry);
  }
}
