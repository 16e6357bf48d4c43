package org.edgecdn.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceTest {

  // Requests A B A C B A over A=10, B=20, C=30, D=40 bytes (D never requested).
  private final Trace trace = Trace.of("t", new int[] {0, 1, 0, 2, 1, 0},
      new long[] {10, 20, 30, 40});

  @Test
  void nextUses_pointToTheNextRequestForTheSameObject() {
    assertThat(trace.nextUses()).containsExactly(2, 4, 5, Trace.NEVER, Trace.NEVER, Trace.NEVER);
  }

  @Test
  void workingSet_countsRequestedObjectsOnce() {
    assertThat(trace.distinctObjects()).isEqualTo(3);
    assertThat(trace.workingSetBytes()).isEqualTo(60);
    assertThat(trace.requestedBytes()).isEqualTo(10 + 20 + 10 + 30 + 20 + 10);
  }

  @Test
  void of_copiesItsArrays() {
    int[] requests = {0};
    Trace copy = Trace.of("t", requests, new long[] {1});
    requests[0] = 5;
    assertThat(copy.object(0)).isZero();
  }

  @Test
  void of_unknownObjectOrZeroSize_isRefused() {
    assertThatThrownBy(() -> Trace.of("t", new int[] {1}, new long[] {1}))
        .hasMessage("no such object: 1");
    assertThatThrownBy(() -> Trace.of("t", new int[] {0}, new long[] {0}))
        .hasMessage("object sizes must be positive: 0");
  }
}
