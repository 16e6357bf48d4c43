package org.edgecdn.launcher.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.policy.Freshness;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.cache.store.StoredResponse;

/**
 * How much heap a full cache really takes: fills a store with {@code factor} times its byte
 * budget of distinct objects (sizes drawn, with a fixed seed, from a web-like mix of small and
 * large bodies), then compares the heap the store holds with the budget. The store's own
 * weighing counts bodies and headers; the rest is per-entry overhead of the JVM, Caffeine and
 * Netty buffers, which this measures.
 */
public final class StoreMemoryBench {

  private StoreMemoryBench() {}

  /** The figures of one run. */
  public record Result(long budgetBytes, long writtenBytes, long objects, long storeWeight,
      long entries, long heapBytes, double heapOverBudget, double putsPerSecond) {}

  public static Result run(long budgetBytes, int factor, long seed) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    CaffeineStore store = new CaffeineStore(budgetBytes);
    Random random = new Random(seed);
    long written = 0;
    long objects = 0;
    long started = System.nanoTime();
    while (written < (long) factor * budgetBytes) {
      StoredResponse response = response(random);
      store.put(new CacheKey("bench", "http://www.shop.example/objects/" + objects + "?v="
          + random.nextInt(1000)), List.of(), "", response);
      written += response.weight();
      objects++;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long after = settledHeap(memory);
    long held = after - before;
    Result result = new Result(budgetBytes, written, objects, store.weightedBytes(),
        store.entries(), held, (double) held / budgetBytes, objects / seconds);
    // Keep the store reachable until measured.
    if (store.entries() < 0) {
      throw new IllegalStateException();
    }
    return result;
  }

  /** 70% small (0.5-8 KiB: HTML, JSON, icons), 25% medium (8-64 KiB), 5% large (64-512 KiB). */
  private static StoredResponse response(Random random) {
    int pick = random.nextInt(100);
    int size = pick < 70 ? 512 + random.nextInt(8 * 1024)
        : pick < 95 ? 8 * 1024 + random.nextInt(56 * 1024)
        : 64 * 1024 + random.nextInt(448 * 1024);
    byte[] body = new byte[size];
    random.nextBytes(body);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "text/html; charset=utf-8")
        .add("Cache-Control", "public, max-age=300")
        .add("ETag", "\"" + Long.toHexString(random.nextLong()) + "\"")
        .add("Date", "Thu, 26 Nov 2026 10:00:00 GMT")
        .add("Content-Length", Integer.toString(size));
    return new StoredResponse(200, headers, Buffer.buffer(body), 0, 0, 0,
        Freshness.of(300, Freshness.Source.MAX_AGE), 0, Set.of());
  }

  private static long settledHeap(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  public static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "store-memory: budget %.1f MiB, filled with %.1f MiB (%,d objects)%n",
        r.budgetBytes() / 1048576.0, r.writtenBytes() / 1048576.0, r.objects());
    out.printf(Locale.ROOT, "  store weight   %.1f MiB (%.1f%% of budget), %,d entries kept%n",
        r.storeWeight() / 1048576.0, 100.0 * r.storeWeight() / r.budgetBytes(), r.entries());
    out.printf(Locale.ROOT, "  heap held      %.1f MiB = %.2f x budget (goal <= 1.30)%n",
        r.heapBytes() / 1048576.0, r.heapOverBudget());
    out.printf(Locale.ROOT, "  fill rate      %,.0f puts/s (single thread, eviction inline)%n",
        r.putsPerSecond());
  }
}
