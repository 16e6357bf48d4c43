package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.edgecdn.predictor.eval.PolicyResult;
import org.junit.jupiter.api.Test;

/**
 * One small run of {@code cdn bench prefetch} on a live network: it starts, both runs answer
 * every page view, only the prefetch run prefetches, and the report prints. No figure is
 * asserted beyond that: a few hundred views are too few to learn from.
 */
class PrefetchBenchIT {

  @Test
  void smallRun_bothRunsAnswerEveryView_onlyThePrefetchRunPrefetches() throws Exception {
    PrefetchBench.Options options = new PrefetchBench.Options(50, 300, 4, 5, 10, 0.2, 0.3,
        false, 3, Duration.ofSeconds(20), 1.2, 0.25);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    PrefetchBench.Result r = PrefetchBench.run(options,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(r.off().views()).isEqualTo(300);
    assertThat(r.on().views()).isEqualTo(300);
    assertThat(r.off().errors() + r.on().errors()).isZero();
    assertThat(r.off().origin().prefetchRequests()).isZero();
    assertThat(r.off().outcome("issued")).isZero();
    assertThat(r.on().outcome("issued")).isPositive();
    // Every prefetch the origin saw was sent by the edge's prefetcher.
    assertThat(r.on().origin().prefetchRequests()).isLessThanOrEqualTo(r.on().outcome("issued"));
    assertThat(r.simulated()).extracting(PolicyResult::policy)
        .containsExactly("none", "markov-1", "ppm-2", "true-p", "oracle");
    assertThat(r.simulatedStore()).hasSameSizeAs(r.simulated());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrefetchBench.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("live ppm-2 (edge)")
        .contains("goals (live");
  }
}
