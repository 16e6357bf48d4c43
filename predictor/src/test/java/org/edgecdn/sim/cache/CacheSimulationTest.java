package org.edgecdn.sim.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.sim.cache.Traces.letters;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.sim.Registry.Entry;
import org.edgecdn.sim.cache.CacheReport.PolicyResult;
import org.edgecdn.sim.cache.CacheReport.Run;
import org.edgecdn.sim.workload.ObjectSizes;
import org.edgecdn.sim.workload.Trace;
import org.edgecdn.sim.workload.ZipfWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheSimulationTest {

  private static final List<Entry<CacheSetting, CachePolicy>> ALL =
      CachePolicies.registry().all();

  /**
   * With equal sizes Belady is the optimum, so no policy may beat it, on objects or bytes.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void belady_equalSizes_neverBelowAnyPolicy(long seed) {
    Trace trace = new ZipfWorkload(0.8, 2000, 40_000, new ObjectSizes.Fixed(1000), seed)
        .generate();
    for (Run run : CacheSimulation.run(trace, List.of(20_000L, 200_000L), ALL).runs()) {
      for (PolicyResult result : run.results()) {
        assertThat(result.hits()).as("%s at %d", result.name(), run.budgetBytes())
            .isLessThanOrEqualTo(run.optimal().hits());
      }
    }
  }

  /**
   * With log-normal sizes Belady is not a proven ceiling (see BeladyPolicy), but on Zipf
   * workloads it stays well above every policy: checked over seeds and budgets, on both ratios.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void belady_logNormalSizes_aboveEveryPolicy(long seed) {
    Trace trace = new ZipfWorkload(0.8, 2000, 40_000, new ObjectSizes.LogNormal(16_384, 1.5),
        seed).generate();
    long workingSet = trace.workingSetBytes();
    List<Long> budgets = List.of(workingSet / 100, workingSet / 20, workingSet / 10);
    for (Run run : CacheSimulation.run(trace, budgets, ALL).runs()) {
      for (PolicyResult result : run.results()) {
        assertThat(run.gap(result)).as("%s at %d", result.name(), run.budgetBytes())
            .isGreaterThanOrEqualTo(0);
        assertThat(run.byteGap(result)).as("%s bytes at %d", result.name(), run.budgetBytes())
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void everyPolicy_staysWithinTheBudget_afterEveryRequest() {
    Trace trace = new ZipfWorkload(0.8, 1000, 20_000, new ObjectSizes.LogNormal(16_384, 1.5), 9)
        .generate();
    long budget = trace.workingSetBytes() / 20;
    for (Entry<CacheSetting, CachePolicy> entry : ALL) {
      CachePolicy policy = entry.create(new CacheSetting(trace, budget));
      for (int i = 0; i < trace.length(); i++) {
        long size = trace.size(trace.object(i));
        if (size <= budget) {
          policy.access(i, trace.object(i), size);
          assertThat(policy.weightedBytes()).as(entry.name()).isLessThanOrEqualTo(budget);
        }
      }
    }
  }

  @Test
  void tooLargeObjects_areMissesForEveryPolicy_andCounted() {
    // B (500 bytes) is larger than the 300-byte budget: three requests, never a hit.
    Trace trace = letters("ABABAB", 100, Map.of('B', 500L));
    Run run = CacheSimulation.run(trace, List.of(300L), ALL).runs().get(0);
    assertThat(run.tooLarge()).isEqualTo(3);
    for (PolicyResult result : run.results()) {
      assertThat(result.hits()).as(result.name()).isEqualTo(2);
      assertThat(result.hitBytes()).isEqualTo(200);
      assertThat(result.byteHitRatio()).isEqualTo(200.0 / (3 * 100 + 3 * 500));
    }
  }

  /**
   * A hot set asked for again and again, cut by scans of objects seen once: LRU lets each scan
   * flush the hot set; W-TinyLFU's admission keeps the hot objects, which it has seen often, and
   * turns the one-off objects away.
   */
  @Test
  void caffeine_underScans_keepsTheHotSet_lruDoesNot() {
    int hot = 50;
    int rounds = 40;
    int scan = 500;
    int[] requests = new int[rounds * (hot * 4 + scan)];
    int at = 0;
    int next = hot;
    for (int round = 0; round < rounds; round++) {
      for (int repeat = 0; repeat < 4; repeat++) {
        for (int object = 0; object < hot; object++) {
          requests[at++] = object;
        }
      }
      for (int i = 0; i < scan; i++) {
        requests[at++] = next++;
      }
    }
    long[] sizes = new long[next];
    Arrays.fill(sizes, 1000);
    Trace trace = Trace.of("scans", requests, sizes);
    Run run = CacheSimulation.run(trace, List.of(100L * 1000), ALL).runs().get(0);
    Map<String, Long> hits = new HashMap<>();
    run.results().forEach(r -> hits.put(r.name(), r.hits()));
    // Keeping the hot set loses only its first 50 requests; LRU loses 50 after every scan.
    long hotRequests = rounds * hot * 4L;
    assertThat(hits.get("caffeine")).isGreaterThanOrEqualTo((hotRequests - hot) * 95 / 100);
    assertThat(hits.get("lru")).isEqualTo(hotRequests - rounds * hot);
  }

  @Test
  void text_listsEveryPolicyPerBudget_withTheBoundLast() {
    Trace trace = new ZipfWorkload(0.8, 100, 2000, new ObjectSizes.Fixed(100), 1).generate();
    String text = CacheSimulation.run(trace, List.of(1000L, 2000L), ALL).text();
    assertThat(text).startsWith("cache simulation: zipf alpha 0.8 over 100 objects");
    assertThat(text).contains("cache 1000 B (", "cache 1.95 KiB (");
    assertThat(text.lines().filter(l -> l.startsWith("  belady ") && l.endsWith("(the bound)")))
        .hasSize(2);
  }
}
