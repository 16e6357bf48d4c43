package org.edgecdn.predictor.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.PageRequest;
import org.edgecdn.predictor.trace.VisitInterleaver;
import org.junit.jupiter.api.Test;

class PrefetchSimulationTest {

  @Test
  void oracle_prefetchesExactlyTheNextPage_everySecondViewOfAVisitHits() {
    Clickstream trace = new Clickstream(List.of(new PageRequest(0, "/", 10, 0),
        new PageRequest(0, "/a", 10, 1), new PageRequest(0, "/b", 10, 2)));
    PolicyResult oracle = PrefetchSimulation.run(trace, 10, Policies.oracle());
    assertThat(oracle.hits()).isEqualTo(2);
    assertThat(oracle.issued()).isEqualTo(2);
    assertThat(oracle.precision()).isEqualTo(1);
    assertThat(oracle.originRequests()).isEqualTo(3);
  }

  @Test
  void evictedUnusedPrefetch_isWaste() {
    Clickstream trace = new Clickstream(List.of(new PageRequest(0, "/", 10, 0),
        new PageRequest(1, "/x", 10, 1), new PageRequest(0, "/a", 10, 2)));
    PolicyResult oracle = PrefetchSimulation.run(trace, 1, Policies.oracle());
    assertThat(oracle.wasted()).isEqualTo(1);
    assertThat(oracle.prefetchHits()).isZero();
  }

  @Test
  void syntheticSite_markovBeatsNone_oracleBeatsMarkov() {
    SyntheticSite site = new SyntheticSite(SyntheticSite.Options.defaults(1));
    Clickstream trace = VisitInterleaver.interleave(site.visits(3000), 4, 1, site::bytes);
    List<PolicyResult> results = PrefetchSimulation.run(trace, trace.distinctPages() / 5,
        Policies.all(ModelOptions.defaults(), PlannerOptions.defaults()));

    assertThat(results).extracting(PolicyResult::policy)
        .containsExactly("none", "markov-1", "ppm-2", "oracle");
    double none = results.get(0).hitRatio();
    double markov = results.get(1).hitRatio();
    assertThat(markov).isGreaterThan(none + 0.05);
    assertThat(results.get(3).hitRatio()).isGreaterThan(markov);
    assertThat(results.get(1).precision()).isGreaterThan(0.3);
  }
}
