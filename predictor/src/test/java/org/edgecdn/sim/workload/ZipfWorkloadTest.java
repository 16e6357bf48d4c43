package org.edgecdn.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZipfWorkloadTest {

  private static final ObjectSizes FIXED = new ObjectSizes.Fixed(1000);

  @Test
  void generate_sameSeed_sameTrace() {
    ZipfWorkload workload = new ZipfWorkload(0.8, 1000, 10_000,
        new ObjectSizes.LogNormal(16_384, 1.5), 42);
    Trace first = workload.generate();
    Trace second = workload.generate();
    assertThat(requests(second)).isEqualTo(requests(first));
    assertThat(sizes(second)).isEqualTo(sizes(first));
  }

  @Test
  void generate_otherSeed_otherTrace() {
    Trace one = new ZipfWorkload(0.8, 1000, 10_000, FIXED, 1).generate();
    Trace two = new ZipfWorkload(0.8, 1000, 10_000, FIXED, 2).generate();
    assertThat(requests(two)).isNotEqualTo(requests(one));
  }

  @Test
  void generate_moreRequests_sameObjectSizes() {
    ObjectSizes sizes = new ObjectSizes.LogNormal(16_384, 1.5);
    Trace shorter = new ZipfWorkload(0.8, 500, 1000, sizes, 7).generate();
    Trace longer = new ZipfWorkload(0.8, 500, 5000, sizes, 7).generate();
    assertThat(sizes(longer)).isEqualTo(sizes(shorter));
  }

  @Test
  void generate_frequenciesFollowZipf_withinFourStandardErrors() {
    int requests = 400_000;
    ZipfWorkload workload = new ZipfWorkload(0.8, 1000, requests, FIXED, 3);
    Trace trace = workload.generate();
    int[] counts = new int[trace.objects()];
    for (int i = 0; i < trace.length(); i++) {
      counts[trace.object(i)]++;
    }
    for (int rank : new int[] {1, 2, 3, 10, 100, 1000}) {
      double p = workload.probability(rank);
      double standardError = Math.sqrt(p * (1 - p) / requests);
      assertThat((double) counts[rank - 1] / requests).as("rank %d", rank)
          .isCloseTo(p, within(4 * standardError));
    }
    // The law itself: rank 1 is 10^0.8 (about 6.3) times as popular as rank 10.
    assertThat(workload.probability(1) / workload.probability(10))
        .isCloseTo(Math.pow(10, 0.8), within(1e-9));
  }

  @Test
  void probability_sumsToOne_andAlphaZeroIsUniform() {
    ZipfWorkload workload = new ZipfWorkload(0.8, 500, 1, FIXED, 1);
    double sum = 0;
    for (int rank = 1; rank <= 500; rank++) {
      sum += workload.probability(rank);
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    assertThat(new ZipfWorkload(0, 4, 1, FIXED, 1).probability(3)).isEqualTo(0.25);
  }

  @Test
  void logNormal_medianIsAsAsked_andEverySizeIsPositive() {
    long[] sizes = new ObjectSizes.LogNormal(16_384, 1.5)
        .draw(20_001, new java.util.SplittableRandom(5));
    long[] sorted = sizes.clone();
    Arrays.sort(sorted);
    assertThat((double) sorted[10_000]).isCloseTo(16_384, within(16_384 * 0.06));
    assertThat(sorted[0]).isPositive();
  }

  @Test
  void newWorkload_badArguments_areRefused() {
    assertThatThrownBy(() -> new ZipfWorkload(-1, 10, 10, FIXED, 1))
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> new ZipfWorkload(0.8, 0, 10, FIXED, 1))
        .hasMessageContaining("objects");
    assertThatThrownBy(() -> new ZipfWorkload(0.8, 10, 0, FIXED, 1))
        .hasMessageContaining("requests");
    assertThatThrownBy(() -> new ObjectSizes.LogNormal(0, 1)).hasMessageContaining("median");
  }

  private static int[] requests(Trace trace) {
    int[] requests = new int[trace.length()];
    Arrays.setAll(requests, trace::object);
    return requests;
  }

  private static long[] sizes(Trace trace) {
    long[] sizes = new long[trace.objects()];
    Arrays.setAll(sizes, trace::size);
    return sizes;
  }
}
