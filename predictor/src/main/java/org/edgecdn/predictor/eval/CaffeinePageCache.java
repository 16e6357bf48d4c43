package org.edgecdn.predictor.eval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.concurrent.atomic.AtomicLong;

/** {@link PageCache#tinyLfu}: Caffeine bounded by bytes, as the edge's store is. */
final class CaffeinePageCache implements PageCache {

  /** A held page: its weight and whether it is a prefetched page not used yet. */
  private record Entry(int weight, boolean unused) {}

  private final Cache<String, Entry> cache;
  private final long entryOverhead;
  private final AtomicLong evictedUnused = new AtomicLong();

  CaffeinePageCache(long maxBytes, long entryOverhead) {
    this.entryOverhead = entryOverhead;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String page, Entry entry) -> entry.weight())
        // Maintenance on the caller's thread, so a replay is deterministic.
        .executor(Runnable::run)
        .removalListener((String page, Entry entry, RemovalCause cause) -> {
          if (cause.wasEvicted() && entry != null && entry.unused()) {
            evictedUnused.incrementAndGet();
          }
        })
        .build();
  }

  @Override
  public Boolean get(String page) {
    Entry entry = cache.getIfPresent(page);
    return entry == null ? null : entry.unused();
  }

  @Override
  public boolean contains(String page) {
    return cache.asMap().containsKey(page);
  }

  @Override
  public void put(String page, long bytes, boolean prefetched) {
    cache.put(page, new Entry((int) Math.min(Integer.MAX_VALUE, bytes + entryOverhead),
        prefetched));
  }

  @Override
  public long evictedUnused() {
    return evictedUnused.get();
  }

  @Override
  public long unused() {
    cache.cleanUp();
    return cache.asMap().values().stream().filter(Entry::unused).count();
  }
}
