package org.edgecdn.sim.cache;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.edgecdn.sim.workload.Trace;

/**
 * Belady's clairvoyant policy [1]: knowing the whole trace, evict the object whose next request
 * is furthest in the future, the newcomer included (so an object not worth keeping is never
 * admitted: "bypass"). Objects never requested again go first.
 *
 * <p>With equal sizes this is optimal for the object hit ratio [1, 2], an exact ceiling. With
 * sizes it is the standard practical reference, not the optimum: it ignores size (keeping one
 * large object may cost many small hits), and finding the true optimum with sizes is NP-hard.
 * Berger, Beckmann and Harchol-Balter [3] bound it tightly with flow-based methods (FOO, PFOO),
 * which are not implemented here. So with variable sizes a size-aware policy can in principle
 * beat this row, on bytes especially; on our workloads none did (see docs/caching.md).
 *
 * <p>Each cached object is kept under its next request's index, unique among cached objects
 * (objects never requested again get {@code trace length + object}, also unique), in a tree
 * whose last key is the victim: O(log n) a request.
 *
 * <p>[1] Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems
 * Journal 5(2), 1966. [2] Mattson, Gecsei, Slutz, Traiger, "Evaluation techniques for storage
 * hierarchies", IBM Systems Journal 9(2), 1970. [3] Berger, Beckmann, Harchol-Balter, "Practical
 * Bounds on Optimal Caching with Variable Object Sizes", SIGMETRICS 2018.
 */
final class BeladyPolicy implements CachePolicy {

  private static final int ABSENT = -1;

  private final Trace trace;
  private final long budget;
  private final int[] nextUse;
  /** Per object, its key in {@link #byNextUse}, or {@link #ABSENT} when not cached. */
  private final int[] keyOf;
  private final TreeMap<Integer, Integer> byNextUse = new TreeMap<>();
  private long used;

  BeladyPolicy(Trace trace, long budget) {
    if ((long) trace.length() + trace.objects() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("trace too long for the clairvoyant policy");
    }
    this.trace = trace;
    this.budget = budget;
    this.nextUse = trace.nextUses();
    this.keyOf = new int[trace.objects()];
    Arrays.fill(keyOf, ABSENT);
  }

  @Override
  public boolean access(int index, int object, long size) {
    int next = nextUse[index] == Trace.NEVER ? trace.length() + object : nextUse[index];
    boolean hit = keyOf[object] != ABSENT;
    if (hit) {
      byNextUse.remove(keyOf[object]);
    } else {
      used += size;
    }
    byNextUse.put(next, object);
    keyOf[object] = next;
    while (used > budget) {
      Map.Entry<Integer, Integer> furthest = byNextUse.pollLastEntry();
      int victim = furthest.getValue();
      keyOf[victim] = ABSENT;
      used -= trace.size(victim);
    }
    return hit;
  }

  @Override
  public long weightedBytes() {
    return used;
  }
}
