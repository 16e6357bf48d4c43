package org.edgecdn.loadtest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfWorkloadTest {

  private static ZipfWorkload zipf(long objects, double alpha, long seed) {
    return new ZipfWorkload(objects, alpha, new SizeDistribution.Fixed(1024),
        ZipfWorkload.DEFAULT_TEMPLATE, seed);
  }

  @Test
  void zipf_sameSeed_sameRequests() {
    List<String> first = paths(zipf(1000, 0.9, 42), 2000);
    List<String> again = paths(zipf(1000, 0.9, 42), 2000);
    List<String> other = paths(zipf(1000, 0.9, 43), 2000);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(first.get(0)).matches("/obj/\\d+\\?size=1024");
  }

  @ParameterizedTest
  @CsvSource({"1000, 0.9", "1000, 0.6", "100000, 1.0", "50, 1.4", "10, 0.0"})
  void zipf_rankFrequencies_matchTheory(long objects, double alpha) {
    ZipfWorkload workload = zipf(objects, alpha, 7);
    int draws = 200_000;
    long[] counts = new long[4];
    for (int i = 0; i < draws; i++) {
      long rank = workload.nextRank();
      assertThat(rank).isBetween(1L, objects);
      if (rank <= 3) {
        counts[(int) rank]++;
      }
    }
    double harmonic = 0;
    for (long k = 1; k <= objects; k++) {
      harmonic += Math.pow(k, -alpha);
    }
    for (int rank = 1; rank <= 3; rank++) {
      double expected = Math.pow(rank, -alpha) / harmonic;
      double observed = (double) counts[rank] / draws;
      // Four standard deviations of a binomial share, plus a little.
      double tolerance = 4 * Math.sqrt(expected * (1 - expected) / draws) + 1e-4;
      assertThat(observed).as("share of rank %d", rank).isCloseTo(expected, within(tolerance));
    }
  }

  @Test
  void zipf_oneObject_alwaysRankOne() {
    ZipfWorkload workload = zipf(1, 0.9, 1);
    for (int i = 0; i < 100; i++) {
      assertThat(workload.nextRank()).isEqualTo(1);
    }
  }

  @Test
  void lognormalSizes_stablePerObject_andNearTheMedian() {
    SizeDistribution sizes = SizeDistribution.parse("lognormal:16KiB:1.0", 5);
    assertThat(sizes.sizeOf(17)).isEqualTo(sizes.sizeOf(17));
    List<Long> all = new ArrayList<>();
    for (long id = 1; id <= 20_001; id++) {
      long size = sizes.sizeOf(id);
      assertThat(size).isBetween(1L, 16L * 1024 * 64);
      all.add(size);
    }
    all.sort(null);
    assertThat((double) all.get(10_000)).isCloseTo(16 * 1024, within(16 * 1024 * 0.05));
  }

  @Test
  void sizeDistribution_readsEveryForm_andRefusesNonsense() {
    assertThat(SizeDistribution.parse("2048", 1)).isEqualTo(new SizeDistribution.Fixed(2048));
    assertThat(SizeDistribution.parse("fixed:4KiB", 1))
        .isEqualTo(new SizeDistribution.Fixed(4096));
    assertThat(SizeDistribution.parse("lognormal:1KiB:0.5:8KiB", 1))
        .isEqualTo(new SizeDistribution.LogNormal(1024, 0.5, 8192, 1));
    assertThatThrownBy(() -> SizeDistribution.parse("gaussian:1:2", 1))
        .hasMessageContaining("lognormal:MEDIAN:SIGMA");
    assertThatThrownBy(() -> SizeDistribution.parse("lognormal:1KiB", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zipfFromSettings_usesTheTemplate_andRefusesUnknownSettings() throws Exception {
    Workload workload = Workloads.create("zipf", WorkloadSettings.of("objects", "10",
        "alpha", "1.0", "size", "100", "path-template", "/img/{rank}.jpg?b={size}"), 3);
    assertThat(workload.next().uri()).matches("/img/([1-9]|10)\\.jpg\\?b=100");
    assertThatThrownBy(() -> Workloads.create("zipf", WorkloadSettings.of("objets", "10"), 3))
        .hasMessageContaining("no setting objets");
    assertThatThrownBy(() -> Workloads.create("zipf", WorkloadSettings.of("alpha", "-1"), 3))
        .hasMessageContaining("alpha");
  }

  private static List<String> paths(Workload workload, int n) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      paths.add(workload.next().uri());
    }
    return paths;
  }
}
