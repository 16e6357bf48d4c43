package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings a user gives {@code bench edge-memory}: refused before anything starts. */
class EdgeMemoryBenchTest {

  private static EdgeMemoryBench.Options options(long budget, int factor, Duration limit) {
    return new EdgeMemoryBench.Options(budget, factor, 1, List.of("-Xmx1g"), limit);
  }

  @Test
  void options_thatWouldMeasureAnEmptyCache_areRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> options(256L << 20, 4, Duration.ZERO))
        .withMessageContaining("--limit");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> options(256L << 20, 4, Duration.ofSeconds(-5)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> options(1L << 10, 4, Duration.ofMinutes(5)))
        .withMessageContaining("budget");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> options(256L << 20, 0, Duration.ofMinutes(5)));
    assertThatNoException().isThrownBy(() -> options(256L << 20, 4, Duration.ofSeconds(1)));
  }
}
