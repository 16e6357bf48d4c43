package org.edgecdn.launcher.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.policy.Freshness;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.predictor.eval.PageCache;

/**
 * The simulator's cache as the edge's own store: a {@link CaffeineStore} of the edge's bytes
 * with its prefetch area, so a replay shows what W-TinyLFU admission and the area (and its
 * sizing) do to prefetching, without a network. Prefetched pages go in by
 * {@code putPrefetched}, looked-for ones by {@code get}, as the edge's request path does.
 *
 * <p>Bodies are slices of one shared direct buffer: the store weighs their length and never
 * copies a direct body, so a replay of many thousand views allocates no page bodies.
 */
final class EdgeStorePageCache implements PageCache {

  private static final String SITE = "bench";

  private final CaffeineStore store;
  private final ByteBuf bodies;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "text/html").add("Cache-Control", "public, max-age=3600");
  /** Prefetched pages not asked for yet. */
  private final Set<String> marked = new HashSet<>();
  private long evictedUnused;

  /**
   * @param maxBytes the edge's cache budget
   * @param largestPage the largest page body the replay stores
   * @param areaShare the prefetch area's starting share (as the edge's)
   */
  EdgeStorePageCache(long maxBytes, int largestPage, double areaShare) {
    this.store = new CaffeineStore(maxBytes, areaShare);
    this.bodies = Unpooled.directBuffer(largestPage, largestPage).writerIndex(largestPage);
  }

  private static CacheKey key(String page) {
    return new CacheKey(SITE, page);
  }

  @Override
  public Boolean get(String page) {
    if (store.get(key(page)) == null) {
      if (marked.remove(page)) {
        evictedUnused++;
      }
      return null;
    }
    return marked.contains(page);
  }

  @Override
  public boolean contains(String page) {
    return store.peek(key(page)) != null;
  }

  @Override
  public void put(String page, long bytes, boolean prefetched) {
    StoredResponse response = new StoredResponse(200, headers,
        BufferInternal.buffer(bodies.slice(0, (int) Math.min(bytes, bodies.capacity()))), 0, 0,
        0, Freshness.of(3600, Freshness.Source.MAX_AGE), 0, Set.of());
    if (prefetched) {
      // The simulator prefetches only what the store lacks: a page still marked was pushed out.
      if (!marked.add(page)) {
        evictedUnused++;
      }
      store.putPrefetched(key(page), List.of(), "", response);
    } else {
      marked.remove(page);
      store.put(key(page), List.of(), "", response);
    }
  }

  @Override
  public long evictedUnused() {
    return evictedUnused + marked.stream().filter(page -> !contains(page)).count();
  }

  @Override
  public long unused() {
    return marked.stream().filter(this::contains).count();
  }

  /** The prefetch area's current size. */
  long areaBytes() {
    return store.prefetchAreaTarget();
  }
}
