package org.edgecdn.launcher.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.policy.Freshness;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.cache.store.StoredResponse;

/**
 * How much memory a full cache really takes: fills a store with {@code factor} times its byte
 * budget of distinct objects (sizes drawn, with a fixed seed, from a web-like mix of small and
 * large bodies), then compares what the store holds with the budget: heap (entries, headers,
 * keys) plus direct memory (the bodies, held off the heap), and the process's resident set. The
 * store's own weighing counts bodies and headers; the rest is per-entry overhead of the JVM,
 * Caffeine and Netty buffers, which this measures.
 */
public final class StoreMemoryBench {

  private StoreMemoryBench() {}

  /** The figures of one run. */
  public record Result(long budgetBytes, long writtenBytes, long objects, long storeWeight,
      long entries, long heapBytes, long directBytes, double memoryOverBudget,
      double putsPerSecond, long residentBytes) {}

  public static Result run(long budgetBytes, int factor, long seed) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    long directBefore = directUsed();
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
    long heap = after - before;
    long direct = directUsed() - directBefore;
    Result result = new Result(budgetBytes, written, objects, store.weightedBytes(),
        store.entries(), heap, direct, (double) (heap + direct) / budgetBytes, objects / seconds,
        residentBytes());
    // Keep the store reachable until measured.
    if (store.entries() < 0) {
      throw new IllegalStateException();
    }
    return result;
  }

  /** 70% small (0.5-8 KiB: HTML, JSON, icons), 25% medium (8-64 KiB), 5% large (64-512 KiB). */
  static int objectSize(Random random) {
    int pick = random.nextInt(100);
    return pick < 70 ? 512 + random.nextInt(8 * 1024)
        : pick < 95 ? 8 * 1024 + random.nextInt(56 * 1024)
        : 64 * 1024 + random.nextInt(448 * 1024);
  }

  /** A stored answer of {@link #objectSize} bytes. */
  private static StoredResponse response(Random random) {
    int size = objectSize(random);
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

  /**
   * Heap in use after collections. The pauses between them let the JDK's cleaner free the
   * direct memory of bodies the store has evicted (it runs after the collection that found them
   * unreachable).
   */
  private static long settledHeap(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Direct memory the JDK has handed out ({@code ByteBuffer.allocateDirect}). */
  private static long directUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct"))
        .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }

  /** This process's resident set ({@code VmRSS} of {@code /proc/self/status}), or -1. */
  static long residentBytes() {
    return statusBytes("self", "VmRSS");
  }

  /** Field {@code field} (a size in kB) of {@code /proc/<pid>/status} in bytes, or -1. */
  static long statusBytes(String pid, String field) {
    try {
      return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
          .filter(line -> line.startsWith(field + ":"))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
          .findFirst().orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "store-memory: budget %.1f MiB, filled with %.1f MiB (%,d objects)%n",
        r.budgetBytes() / 1048576.0, r.writtenBytes() / 1048576.0, r.objects());
    out.printf(Locale.ROOT, "  store weight   %.1f MiB (%.1f%% of budget), %,d entries kept%n",
        r.storeWeight() / 1048576.0, 100.0 * r.storeWeight() / r.budgetBytes(), r.entries());
    out.printf(Locale.ROOT, "  memory held    %.1f MiB heap + %.1f MiB direct (bodies) = %.2f x "
            + "budget (goal <= 1.30)%n", r.heapBytes() / 1048576.0, r.directBytes() / 1048576.0,
        r.memoryOverBudget());
    out.printf(Locale.ROOT, "  resident set   %.1f MiB (the whole JVM: code, heap as sized, "
        + "direct)%n", r.residentBytes() / 1048576.0);
    out.printf(Locale.ROOT, "  fill rate      %,.0f puts/s (single thread, eviction inline)%n",
        r.putsPerSecond());
  }
}
