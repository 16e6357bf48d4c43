package org.edgecdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.policy.Freshness;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on when sizing a node: a full store holds about its budget in memory
 * (heap and direct together), also when its objects are small and their bookkeeping outweighs
 * their bodies. Measured after full collections, so only what the store keeps is counted.
 */
class StoreMemoryTest {

  private static final long BUDGET = 8L << 20;

  @Test
  void aFullStoreOfSmallObjects_holdsAboutItsBudget_heapAndDirectTogether() {
    Random random = new Random(11);
    // What a node holds whatever its budget: the classes this loads, and the shared field
    // table filled to its bound with values that are seen once.
    fill(new CaffeineStore(BUDGET / 8), 0, 4 * FieldInterner.MAX_FIELDS, random, -1);
    long heapBefore = heapAfterCollections();

    CaffeineStore store = new CaffeineStore(BUDGET);
    // Other objects than the warm-up's: their values are not in the table.
    int first = 1_000_000;
    int written = fill(store, first, Integer.MAX_VALUE, random, 10 * BUDGET);
    long heap = heapAfterCollections() - heapBefore;
    long held = heap + bodiesKept(store, first, written);

    assertThat(store.weightedBytes()).isGreaterThan(BUDGET * 9 / 10);
    assertThat(held).as("bytes held for a budget of %d in %d entries (heap %d)", BUDGET,
            store.entries(), heap)
        .isLessThan(BUDGET * 13 / 10);
    Reference.reachabilityFence(store);
  }

  /**
   * Stores {@code count} small objects numbered from {@code first}, or fewer once {@code bytes}
   * of weight were written (negative: no such limit).
   */
  private static int fill(CaffeineStore store, int first, int count, Random random,
      long bytes) {
    long written = 0;
    int i = first;
    for (; i - first < count && (bytes < 0 || written < bytes); i++) {
      StoredResponse response = small(i, 64 + random.nextInt(384));
      store.put(key(i), List.of(), "", response);
      written += response.weight();
    }
    return i - first;
  }

  private static CacheKey key(int id) {
    return new CacheKey("shop", "http://www.shop.example/api/items/" + id);
  }

  /**
   * The direct memory the kept entries' bodies take. Read from the store rather than from the
   * JDK's direct-buffer pool, which counts evicted bodies until their cleaners have run on the
   * JDK's reference thread, some time after the collection that found them unreachable.
   */
  private static long bodiesKept(CaffeineStore store, int first, int count) {
    long bytes = 0;
    for (int i = first; i < first + count; i++) {
      Variants kept = store.get(key(i));
      bytes += kept == null ? 0 : kept.get("").body().length();
    }
    return bytes;
  }

  /** A small API answer as an origin sends it: two fields shared by all, two of its own. */
  private static StoredResponse small(int id, int bodyBytes) {
    MultiMap fields = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("Cache-Control", "public, max-age=60")
        .add("ETag", "\"" + Integer.toHexString(id * 7919) + "\"")
        .add("Last-Modified", "Thu, 26 Nov 2026 " + (id % 24) + ":" + (id % 60) + ":00 GMT");
    return new StoredResponse(200, fields, Buffer.buffer(new byte[bodyBytes]), 0, 0, 0,
        Freshness.of(60, Freshness.Source.MAX_AGE), 0, Set.of());
  }

  /** Heap in use once full collections have freed all they can. */
  private static long heapAfterCollections() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
