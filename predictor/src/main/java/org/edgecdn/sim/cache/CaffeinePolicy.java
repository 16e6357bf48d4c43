package org.edgecdn.sim.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine itself, built as the edge's store builds it ({@code CaffeineStore} in {@code
 * http-cache}): {@code maximumWeight} of the budget, a weigher returning the object's bytes
 * (clamped to {@code int} as there), and maintenance on the calling thread. Change this when
 * that builder changes: the point is to measure the edge's policy, W-TinyLFU with its adaptive
 * window [1], not a model of it.
 *
 * <p>A request is what the edge does: {@code getIfPresent}, and on a miss a {@code put}.
 *
 * <p><b>Note:</b> {@code executor(Runnable::run)} is what makes a run repeatable. With
 * Caffeine's default executor (the common pool), eviction would run on another thread some time
 * after a write, so the cache could be briefly over budget and a run's hits would depend on
 * thread scheduling. On the calling thread, the weight is within the budget when {@code put}
 * returns. One source of chance remains: when a warm newcomer loses the frequency contest,
 * Caffeine still admits it with probability 1/128 (its defence against hash flooding, drawn from
 * {@code ThreadLocalRandom}, which cannot be seeded), so two runs of one trace can differ a
 * little; docs/caching.md gives the spread measured.
 *
 * <p>The simulated weight is the object's size; the edge adds header bytes and a per-entry
 * overhead to its weights, which the trace's sizes stand for.
 *
 * <p>[1] Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM TOS 2017.
 */
final class CaffeinePolicy implements CachePolicy {

  private final Cache<Integer, Long> cache;

  CaffeinePolicy(long budget) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(budget)
        .weigher((Integer object, Long size) -> (int) Math.min(Integer.MAX_VALUE, size))
        .executor(Runnable::run)
        .build();
  }

  @Override
  public boolean access(int index, int object, long size) {
    if (cache.getIfPresent(object) != null) {
      return true;
    }
    cache.put(object, size);
    return false;
  }

  @Override
  public long weightedBytes() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }
}
