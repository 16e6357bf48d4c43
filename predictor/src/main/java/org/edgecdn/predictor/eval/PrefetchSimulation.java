package org.edgecdn.predictor.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.PageRequest;

/**
 * Replays one clickstream through an edge cache once per policy.
 *
 * <p>By default the cache holds {@code capacity} pages, least recently used out first ({@link
 * PageCache#lru}: the edge's Caffeine store is W-TinyLFU and weighs bytes; a page-count LRU
 * keeps the figures about prediction, not eviction). {@link PageCache#tinyLfu} replays through
 * a store like the edge's instead. A view of a cached page is a hit; otherwise the page is
 * fetched from the origin and stored. After each view the policy names pages to fetch ahead;
 * each one not already cached is fetched (an issued prefetch, counted in origin requests and
 * bytes) and stored marked as prefetched. The first view that finds a marked entry is a
 * prefetch hit and clears the mark (whichever visitor makes it: the cache is shared); a marked
 * entry evicted, or still unused at the end, is waste. There is no budget: the figures show what
 * prediction can do, the budget is the edge's business.
 */
public final class PrefetchSimulation {

  private PrefetchSimulation() {}

  public static List<PolicyResult> run(Clickstream trace, int capacity,
      List<PrefetchPolicy> policies) {
    return run(trace, () -> PageCache.lru(capacity), policies);
  }

  /** Every policy, each with a new cache from {@code caches}. */
  public static List<PolicyResult> run(Clickstream trace, Supplier<PageCache> caches,
      List<PrefetchPolicy> policies) {
    List<PolicyResult> results = new ArrayList<>();
    for (PrefetchPolicy policy : policies) {
      results.add(run(trace, caches.get(), policy));
    }
    return results;
  }

  public static PolicyResult run(Clickstream trace, int capacity, PrefetchPolicy policy) {
    return run(trace, PageCache.lru(capacity), policy);
  }

  public static PolicyResult run(Clickstream trace, PageCache cache, PrefetchPolicy policy) {
    long hits = 0;
    long prefetchHits = 0;
    long issued = 0;
    long originRequests = 0;
    long originBytes = 0;
    List<PageRequest> requests = trace.requests();
    for (int i = 0; i < requests.size(); i++) {
      PageRequest request = requests.get(i);
      Boolean unused = cache.get(request.page());
      if (unused != null) {
        hits++;
        if (unused) {
          prefetchHits++;
          cache.put(request.page(), request.bytes(), false);
        }
      } else {
        originRequests++;
        originBytes += request.bytes();
        cache.put(request.page(), request.bytes(), false);
      }
      for (String page : policy.afterView(trace, i)) {
        if (!cache.contains(page)) {
          long bytes = bytesOf(trace, page, request.bytes());
          issued++;
          originRequests++;
          originBytes += bytes;
          cache.put(page, bytes, true);
        }
      }
    }
    return new PolicyResult(policy.name(), requests.size(), hits, prefetchHits, issued,
        cache.evictedUnused() + cache.unused(), originRequests, originBytes);
  }

  private static long bytesOf(Clickstream trace, String page, long fallback) {
    return trace.bytesOf(page).orElse(fallback);
  }
}
