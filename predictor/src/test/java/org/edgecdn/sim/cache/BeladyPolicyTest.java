package org.edgecdn.sim.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.sim.cache.Traces.hits;
import static org.edgecdn.sim.cache.Traces.letters;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgecdn.sim.workload.Trace;
import org.junit.jupiter.api.Test;

class BeladyPolicyTest {

  /**
   * The textbook sequence 1 2 3 4 1 2 5 1 2 3 4 5 with three slots. By hand: 1 2 3 miss; 4 is
   * next wanted at 10, after 1 (4), 2 (5) and 3 (9), so it is not kept; 1 2 hit; 5 (next never)
   * is not kept; 1 2 3 hit; 4 and 5 miss. Five hits, the optimum (seven faults, as textbooks
   * give for OPT); LRU gets two.
   */
  @Test
  void belady_textbookSequence_isTheHandComputedOptimum() {
    Trace trace = letters("123412512345", 100);
    assertThat(hits(new BeladyPolicy(trace, 300), trace)).isEqualTo("....hh.hhh..");
    assertThat(hits(new LruPolicy(300), trace)).isEqualTo(".......hh...");
  }

  @Test
  void belady_equalSizes_matchesExhaustiveSearch_onRandomShortSequences() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 300; round++) {
      int length = 4 + random.nextInt(9);
      int objects = 2 + random.nextInt(4);
      int slots = 1 + random.nextInt(3);
      StringBuilder sequence = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sequence.append((char) ('a' + random.nextInt(objects)));
      }
      Trace trace = letters(sequence.toString(), 1);
      long beladyHits = hits(new BeladyPolicy(trace, slots), trace).chars()
          .filter(c -> c == 'h').count();
      assertThat(beladyHits).as("%s with %d slots", sequence, slots)
          .isEqualTo(optimum(trace, 0, new HashSet<>(), slots));
    }
  }

  /**
   * With sizes, furthest-next-use is a reference, not the optimum. A (100 bytes) then B and C
   * (50 each) in a 100-byte cache, then A B C again: Belady keeps A, whose next use is soonest,
   * for one hit; keeping B and C instead gives two.
   */
  @Test
  void belady_variableSizes_isNotTheOptimum() {
    Trace trace = letters("ABCABC", 50, Map.of('A', 100L));
    assertThat(hits(new BeladyPolicy(trace, 100), trace)).isEqualTo("...h..");
  }

  @Test
  void belady_neverRequestedAgain_isNotAdmitted() {
    // X is never asked for again, so it does not displace A.
    Trace trace = letters("AXA", 100);
    BeladyPolicy belady = new BeladyPolicy(trace, 100);
    assertThat(hits(belady, trace)).isEqualTo("..h");
  }

  /** Most hits any policy can get: at each miss, try every choice (bypass or one victim). */
  private static long optimum(Trace trace, int index, Set<Integer> cache, int slots) {
    if (index == trace.length()) {
      return 0;
    }
    int object = trace.object(index);
    if (cache.contains(object)) {
      return 1 + optimum(trace, index + 1, cache, slots);
    }
    long best = optimum(trace, index + 1, cache, slots); // bypass
    if (cache.size() < slots) {
      Set<Integer> next = new HashSet<>(cache);
      next.add(object);
      best = Math.max(best, optimum(trace, index + 1, next, slots));
    } else {
      for (int victim : cache) {
        Set<Integer> next = new HashSet<>(cache);
        next.remove(victim);
        next.add(object);
        best = Math.max(best, optimum(trace, index + 1, next, slots));
      }
    }
    return best;
  }
}
