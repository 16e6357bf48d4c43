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
 * set many times larger, and no other thread touches the store behind the event loop's back.
 * Evicting is amortised O(1), so this costs a write little.
 */
public final class CaffeineStore implements CacheStore {

  private final Cache<CacheKey, Variants> cache;
  private final long maximumBytes;
  private final AtomicLong evictions = new AtomicLong();

  public CaffeineStore(long maximumBytes) {
    this.maximumBytes = maximumBytes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumBytes)
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
    return cache.getIfPresent(key);
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
    return dropped[0];
  }

  @Override
  public long weightedBytes() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  @Override
  public long maximumBytes() {
    return maximumBytes;
  }

  @Override
  public long entries() {
    return cache.estimatedSize();
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
