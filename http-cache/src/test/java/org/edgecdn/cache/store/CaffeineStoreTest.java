package org.edgecdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.policy.Freshness;
import org.junit.jupiter.api.Test;

class CaffeineStoreTest {

  static StoredResponse response(int bodyBytes) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "text/plain").add("Cache-Control", "max-age=60");
    return new StoredResponse(200, headers, Buffer.buffer(new byte[bodyBytes]), 0, 0, 0,
        Freshness.of(60, Freshness.Source.MAX_AGE), 0, Set.of());
  }

  static CacheKey key(int i) {
    return new CacheKey("shop", "http://www.shop.example/objects/" + i);
  }

  @Test
  void weight_neverExceedsTheBudget_underAWorkingSetTenTimesLarger() {
    long budget = 4L << 20;
    CaffeineStore store = new CaffeineStore(budget);
    Random sizes = new Random(7);
    long written = 0;
    int i = 0;
    while (written < 10 * budget) {
      StoredResponse response = response(256 + sizes.nextInt(32 * 1024));
      store.put(key(i++), List.of(), "", response);
      written += response.weight();
      assertThat(store.weightedBytes()).isLessThanOrEqualTo(budget);
    }
    assertThat(store.weightedBytes()).isGreaterThan(budget / 2);
    assertThat(store.entries()).isLessThan(i);
  }

  @Test
  void weight_countsBodyAndHeaders() {
    StoredResponse small = response(10);
    StoredResponse large = response(10_010);

    assertThat(large.weight() - small.weight()).isEqualTo(10_000);
    assertThat(small.weight()).isGreaterThan(10 + "Content-Type".length() + "text/plain".length());
  }

  @Test
  void variants_ofOneKey_areKeptSideBySide_andReplacedWhenVaryChanges() {
    CaffeineStore store = new CaffeineStore(1 << 20);
    store.put(key(1), List.of("accept-language"), "en", response(1));
    store.put(key(1), List.of("accept-language"), "fr", response(2));

    assertThat(store.get(key(1)).bySecondaryKey()).containsOnlyKeys("en", "fr");

    store.put(key(1), List.of("accept-encoding"), "gzip", response(3));
    assertThat(store.get(key(1)).bySecondaryKey()).containsOnlyKeys("gzip");
  }

  @Test
  void invalidateWhere_dropsMatchingKeysOnly() {
    CaffeineStore store = new CaffeineStore(1 << 20);
    for (int i = 0; i < 10; i++) {
      store.put(key(i), List.of(), "", response(1));
    }

    int dropped = store.invalidateWhere(k -> k.primary().endsWith("/3")
        || k.primary().endsWith("/4"));

    assertThat(dropped).isEqualTo(2);
    assertThat(store.get(key(3))).isNull();
    assertThat(store.get(key(5))).isNotNull();
  }

  /** A full store of popular objects, each asked for several times. */
  private static CaffeineStore fullOfPopularObjects(double prefetchShare) {
    CaffeineStore store = new CaffeineStore(256 << 10, prefetchShare);
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 400; i++) {
        if (store.get(key(i)) == null) {
          store.put(key(i), List.of(), "", response(1024));
        }
      }
    }
    return store;
  }

  @Test
  void prefetchedPage_inAFullStore_waitsForItsFirstUse_andMovesIntoTheMainCache() {
    CaffeineStore store = fullOfPopularObjects(0.1);

    // Ten pages of 1 KiB weigh about 20 KiB: within the area's tenth of 256 KiB.
    for (int i = 0; i < 10; i++) {
      store.putPrefetched(key(10_000 + i), List.of(), "", response(1024));
    }

    for (int i = 0; i < 10; i++) {
      assertThat(store.get(key(10_000 + i))).as("prefetched page %d", i).isNotNull();
    }
    assertThat(store.weightedBytes()).isLessThanOrEqualTo(store.maximumBytes());
  }

  @Test
  void withoutAPrefetchArea_aPageSeenOnlyOnce_isMostlyRefusedByAFullStore() {
    CaffeineStore store = fullOfPopularObjects(0);

    int kept = 0;
    for (int i = 0; i < 20; i++) {
      store.putPrefetched(key(10_000 + i), List.of(), "", response(1024));
    }
    for (int i = 0; i < 20; i++) {
      kept += store.get(key(10_000 + i)) == null ? 0 : 1;
    }

    // W-TinyLFU admits a newcomer against a victim seen more often only by chance.
    assertThat(kept).isLessThan(10);
  }

  @Test
  void prefetchArea_isBoundedOldestFirst_andPurgedLikeTheRest() {
    CaffeineStore store = new CaffeineStore(100 << 10, 0.1);

    for (int i = 0; i < 30; i++) {
      store.putPrefetched(key(i), List.of(), "", response(1024));
    }
    store.invalidate(key(29));

    assertThat(store.weightedBytes()).isLessThanOrEqualTo(10 << 10);
    assertThat(store.get(key(0))).as("oldest left first").isNull();
    assertThat(store.get(key(28))).isNotNull();
    assertThat(store.get(key(29))).as("invalidated").isNull();
    assertThat(store.invalidateWhere(k -> k.primary().endsWith("/27"))).isEqualTo(1);
    assertThat(store.get(key(27))).isNull();
  }

  @Test
  void prefetchArea_growsWhenPagesItPushedOutUnusedAreAskedFor() {
    CaffeineStore store = fullOfPopularObjects(0.1);
    long before = store.prefetchAreaTarget();

    // Prefetches arrive faster than visitors use them: the oldest leave unused, then are wanted.
    for (int i = 0; i < 60; i++) {
      store.putPrefetched(key(10_000 + i), List.of(), "", response(1024));
    }
    int keptFirst = 0;
    for (int i = 0; i < 60; i++) {
      keptFirst += store.get(key(10_000 + i)) == null ? 0 : 1;
    }
    for (int i = 0; i < 60; i++) {
      store.putPrefetched(key(20_000 + i), List.of(), "", response(1024));
    }
    int keptThen = 0;
    for (int i = 0; i < 60; i++) {
      keptThen += store.get(key(20_000 + i)) == null ? 0 : 1;
    }

    assertThat(store.prefetchAreaTarget()).isGreaterThan(before)
        .isLessThanOrEqualTo((long) (store.maximumBytes() * CaffeineStore.AREA_MAX_SHARE));
    assertThat(keptThen).as("prefetched pages used, after the area grew")
        .isGreaterThan(keptFirst);
    assertThat(store.weightedBytes()).isLessThanOrEqualTo(store.maximumBytes());
  }

  @Test
  void prefetchArea_givesItsBytesBackWhenTheMainCacheLosesPagesThatAreAskedForAgain() {
    CaffeineStore store = new CaffeineStore(256 << 10, 0.3);
    long before = store.prefetchAreaTarget();

    // No prefetching, and a working set a little larger than the main cache: pages it just
    // evicted are soon asked for again, which a few more bytes would have turned into hits.
    Random picks = new Random(11);
    for (int n = 0; n < 5_000; n++) {
      int i = picks.nextInt(200);
      if (store.get(key(i)) == null) {
        store.put(key(i), List.of(), "", response(1024));
      }
    }

    assertThat(store.prefetchAreaTarget()).isLessThan(before)
        .isGreaterThanOrEqualTo((long) (store.maximumBytes() * CaffeineStore.AREA_MIN_SHARE));
    assertThat(store.weightedBytes()).isLessThanOrEqualTo(store.maximumBytes());
  }

  @Test
  void aPrefetchLookup_neitherMovesAPrefetchedPage_norCountsAsDemand() {
    CaffeineStore store = fullOfPopularObjects(0.1);
    for (int i = 0; i < 60; i++) {
      store.putPrefetched(key(10_000 + i), List.of(), "", response(1024));
    }
    long target = store.prefetchAreaTarget();

    for (int i = 0; i < 60; i++) {
      store.peek(key(10_000 + i));
    }
    assertThat(store.prefetchAreaTarget()).as("pushed-out pages peeked at").isEqualTo(target);
    assertThat(store.peek(key(10_059))).isNotNull();
    // Still in the area, oldest-first: enough newer prefetches push it out unused.
    for (int i = 0; i < 60; i++) {
      store.putPrefetched(key(30_000 + i), List.of(), "", response(1024));
    }
    assertThat(store.peek(key(10_059))).as("left the area unused").isNull();
  }

  @Test
  void aPrefetchedPageLargerThanTheArea_isNotKept_andPushesNothingOut_butCanGrowTheArea() {
    CaffeineStore store = new CaffeineStore(256 << 10, 0.1);
    for (int i = 0; i < 10; i++) {
      store.putPrefetched(key(i), List.of(), "", response(1024));
    }
    long target = store.prefetchAreaTarget();

    store.putPrefetched(key(99), List.of(), "", response((int) target + 1024));

    for (int i = 0; i < 10; i++) {
      assertThat(store.peek(key(i))).as("earlier prefetch %d", i).isNotNull();
    }
    assertThat(store.peek(key(99))).isNull();
    assertThat(store.get(key(99))).as("asked for after being refused").isNull();
    assertThat(store.prefetchAreaTarget()).isGreaterThan(target);
  }

  @Test
  void aPrefetchLookup_doesNotRaiseTheKeysFrequency() {
    // Two stores alike; in one, a cold key is peeked at many times before it is stored.
    CaffeineStore peeked = fullOfPopularObjects(0);
    CaffeineStore plain = fullOfPopularObjects(0);
    for (int i = 0; i < 50; i++) {
      peeked.peek(key(5_000));
    }

    peeked.put(key(5_000), List.of(), "", response(1024));
    plain.put(key(5_000), List.of(), "", response(1024));

    // W-TinyLFU admits a newcomer only if it was asked for more often than its victim: peeks
    // must not have made it "asked for".
    assertThat(peeked.peek(key(5_000)) != null).isEqualTo(plain.peek(key(5_000)) != null);
  }
}
