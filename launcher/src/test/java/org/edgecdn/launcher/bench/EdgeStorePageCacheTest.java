package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeStorePageCacheTest {

  @Test
  void aPrefetchedPage_survivesAFullStoreUntilUsed_thenCountsAsUsed() {
    EdgeStorePageCache cache = new EdgeStorePageCache(100 * 1024, 1024, 0.1);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        if (cache.get("/p/" + i) == null) {
          cache.put("/p/" + i, 1000, false);
        }
      }
    }

    cache.put("/next", 1000, true);

    assertThat(cache.contains("/next")).isTrue();
    assertThat(cache.unused()).isEqualTo(1);
    assertThat(cache.get("/next")).as("a prefetched page, used for the first time").isTrue();
    cache.put("/next", 1000, false);
    assertThat(cache.unused()).isZero();
    assertThat(cache.evictedUnused()).isZero();
  }

  @Test
  void prefetchedPagesPushedOutUnused_areCountedOnce() {
    EdgeStorePageCache cache = new EdgeStorePageCache(100 * 1024, 1024, 0.1);

    for (int i = 0; i < 40; i++) {
      cache.put("/ahead/" + i, 1000, true);
    }

    assertThat(cache.unused()).isPositive().isLessThan(40);
    assertThat(cache.evictedUnused() + cache.unused()).isEqualTo(40);
  }
}
