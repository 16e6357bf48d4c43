package org.edgecdn.predictor.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.PageRequest;

/**
 * Replays one clickstream through an edge cache once per policy.
 *
 * <p>The cache holds {@code capacity} pages, least recently used out first (the edge's Caffeine
 * store is W-TinyLFU and weighs bytes; a page-count LRU keeps the figures about prediction, not
 * eviction). A view of a cached page is a hit; otherwise the page is fetched from the origin and
 * stored. After each view the policy names pages to fetch ahead; each one not already cached is
 * fetched (an issued prefetch, counted in origin requests and bytes) and stored marked as
 * prefetched. The first view that finds a marked entry is a prefetch hit and clears the mark
 * (whichever visitor makes it: the cache is shared); a marked entry evicted, or still unused at
 * the end, is waste. There is no budget: the figures show what prediction can do, the budget is
 * the edge's business.
 */
public final class PrefetchSimulation {

  private PrefetchSimulation() {}

  public static List<PolicyResult> run(Clickstream trace, int capacity,
      List<PrefetchPolicy> policies) {
    List<PolicyResult> results = new ArrayList<>();
    for (PrefetchPolicy policy : policies) {
      results.add(run(trace, capacity, policy));
    }
    return results;
  }

  public static PolicyResult run(Clickstream trace, int capacity, PrefetchPolicy policy) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the cache must hold at least one page");
    }
    long[] wasted = {0};
    // value: true while the entry is a prefetched one not used yet
    Map<String, Boolean> cache = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        if (size() > capacity) {
          if (eldest.getValue()) {
            wasted[0]++;
          }
          return true;
        }
        return false;
      }
    };
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
          cache.put(request.page(), false);
        }
      } else {
        originRequests++;
        originBytes += request.bytes();
        cache.put(request.page(), false);
      }
      for (String page : policy.afterView(trace, i)) {
        if (!cache.containsKey(page)) {
          issued++;
          originRequests++;
          originBytes += bytesOf(trace, page, request.bytes());
          cache.put(page, true);
        }
      }
    }
    for (boolean unused : cache.values()) {
      if (unused) {
        wasted[0]++;
      }
    }
    return new PolicyResult(policy.name(), requests.size(), hits, prefetchHits, issued,
        wasted[0], originRequests, originBytes);
  }

  private static long bytesOf(Clickstream trace, String page, long fallback) {
    return trace.bytesOf(page).orElse(fallback);
  }
}
