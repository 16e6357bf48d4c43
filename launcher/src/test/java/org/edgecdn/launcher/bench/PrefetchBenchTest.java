package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.predictor.eval.PolicyResult;
import org.junit.jupiter.api.Test;

/** The bench's figures, its reading of Cache-Status and the network it starts. */
class PrefetchBenchTest {

  private static final PrefetchBench.Options OPTIONS = PrefetchBench.Options.defaults();

  /** 1,000 views: 400 hits without prefetch, 550 with, of which 120 by prefetched entries. */
  private static PrefetchBench.Result result() {
    PrefetchBench.LiveRun off = new PrefetchBench.LiveRun("none", 1_000, 400, 0,
        new SyntheticOrigin.Counts(600, 6_000_000, 0, 0), Map.of(), 40, 10, 0);
    PrefetchBench.LiveRun on = new PrefetchBench.LiveRun("prefetch", 1_000, 550, 0,
        new SyntheticOrigin.Counts(650, 7_500_000, 200, 2_000_000),
        Map.of("issued", 260L, "hit", 120L, "wasted", 40L, "skipped_fresh", 60L), 41, 10, 114_000);
    List<PolicyResult> simulated = List.of(
        new PolicyResult("none", 1_000, 300, 0, 0, 0, 700, 7_000_000),
        new PolicyResult("oracle", 1_000, 800, 500, 500, 0, 700, 7_000_000));
    return new PrefetchBench.Result(OPTIONS, 5_000_000, 1_000_000, 250, off, on, simulated,
        simulated);
  }

  @Test
  void figures_fromBothRunsAndTheEdgeCounters() {
    PrefetchBench.Result r = result();

    assertThat(r.gainPoints()).isCloseTo(15, within(1e-9));
    // Prefetch hits / prefetches the origin served, as the simulator counts precision.
    assertThat(r.precision()).isCloseTo(0.6, within(1e-9));
    assertThat(r.settledPrecision()).isCloseTo(0.75, within(1e-9));
    assertThat(r.coverage()).isCloseTo(0.12, within(1e-9));
    assertThat(r.extraBytes()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void goals_eachMetOrNot_atTheIssueThresholds() {
    assertThat(result().goals()).extracting(PrefetchBench.Goal::met)
        .containsExactly(true, true, true);

    PrefetchBench.Result r = result();
    PrefetchBench.Result wasteful = new PrefetchBench.Result(OPTIONS, r.siteBytes(),
        r.edgeCacheBytes(), r.visits(), r.off(), new PrefetchBench.LiveRun("prefetch", 1_000,
            480, 0, new SyntheticOrigin.Counts(900, 9_000_000, 400, 4_000_000),
            Map.of("hit", 100L), 40, 10, 114_000), r.simulated(), r.simulatedStore());

    assertThat(wasteful.goals()).extracting(PrefetchBench.Goal::met)
        .containsExactly(false, false, false);
  }

  @Test
  void figures_nothingPrefetched_zeroNotNaN() {
    PrefetchBench.Result r = result();
    PrefetchBench.LiveRun idle = new PrefetchBench.LiveRun("prefetch", 0, 0, 0,
        new SyntheticOrigin.Counts(0, 0, 0, 0), Map.of(), 0, 0, 0);
    PrefetchBench.Result none = new PrefetchBench.Result(OPTIONS, 0, 0, 0, idle, idle,
        r.simulated(), r.simulatedStore());

    assertThat(List.of(none.precision(), none.settledPrecision(), none.coverage(),
        none.extraBytes(), none.gainPoints())).containsOnly(0.0);
  }

  @Test
  void table_liveRowsThenTheSimulatorsWithTheirOwnBaseline() {
    String table = PrefetchBench.table(result());

    assertThat(table)
        .containsPattern("(?m)^live none +0\\.400 +\\+0\\.0 +- +0\\.000 +0 +600 +6\\.00 +\\+0\\.0%")
        .containsPattern("(?m)^live ppm-2 \\(edge\\) +0\\.550 +\\+15\\.0 +0\\.600 +0\\.120 +200 "
            + "+650 +7\\.50 +\\+25\\.0%")
        .containsPattern("(?m)^sim lru oracle +0\\.800 +\\+50\\.0 +1\\.000 ")
        .containsPattern("(?m)^sim store none +0\\.300 ");
  }

  @Test
  void edgeHit_readsTheEdgesMemberOnly() {
    assertThat(PrefetchBench.edgeHit("shield; fwd=uri-miss; fwd-status=200, edge-eu; hit; "
        + "ttl=3599")).isTrue();
    assertThat(PrefetchBench.edgeHit("edge-eu; hit")).isTrue();
    assertThat(PrefetchBench.edgeHit("shield; hit, edge-eu; fwd=uri-miss; stored")).isFalse();
    assertThat(PrefetchBench.edgeHit("shield; hit")).isFalse();
    assertThat(PrefetchBench.edgeHit(null)).isFalse();
  }

  @Test
  void network_edgeCacheSized_shieldKeepsNothing_prefetchSectionReplaced() {
    NetworkConfig.PrefetchSection on = new NetworkConfig.PrefetchSection(true, 0.3, 3, 2, "none",
        Optional.empty());

    NetworkConfig config = PrefetchBench.network(URI.create("http://127.0.0.1:9"), 1_234_567,
        Optional.of(on));

    assertThat(config.cache().edgeSizeBytes()).isEqualTo(1_234_567);
    assertThat(config.cache().shieldSizeBytes()).isEqualTo(1);
    assertThat(config.sites()).allSatisfy(site -> {
      assertThat(site.origins()).containsExactly(URI.create("http://127.0.0.1:9"));
      assertThat(site.prefetch()).contains(on);
    });
    assertThat(config.pops()).extracting(NetworkConfig.PopSection::name).contains(
        PrefetchBench.POP);
  }

  @Test
  void oneRegion_theTwoEdgesArePeersOfEachOther_sharingAtTheBenchsInterval() {
    NetworkConfig config = PrefetchBench.oneRegion(PrefetchBench.network(
            URI.create("http://127.0.0.1:9"), 1_000_000, Optional.empty()),
        List.of(PrefetchBench.POP, PrefetchBench.PEER), Duration.ofSeconds(1));
    NodePlans plans = new NodePlans(config);

    assertThat(plans.prefetch(pop(config, PrefetchBench.POP)).sharing().peers())
        .containsExactly(PrefetchBench.PEER);
    assertThat(plans.prefetch(pop(config, PrefetchBench.PEER)).sharing().peers())
        .containsExactly(PrefetchBench.POP);
    assertThat(plans.prefetch(pop(config, PrefetchBench.POP)).sharing().intervalMillis())
        .isEqualTo(1_000);
    assertThat(config.pops()).filteredOn(p -> !List.of(PrefetchBench.POP, PrefetchBench.PEER)
        .contains(p.name())).allSatisfy(p -> assertThat(p.location().region())
            .isNotEqualTo(PrefetchBench.SHARED_REGION));
  }

  private static NetworkConfig.PopSection pop(NetworkConfig config, String name) {
    return config.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
