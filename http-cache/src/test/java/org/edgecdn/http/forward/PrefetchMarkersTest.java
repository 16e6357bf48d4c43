package org.edgecdn.http.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class PrefetchMarkersTest {

  private static boolean prefetch(String name, String value) {
    return PrefetchMarkers.isPrefetch(MultiMap.caseInsensitiveMultiMap().add(name, value));
  }

  @Test
  void secPurposeAndTheOlderFields_inAnyCase_withParameters() {
    assertThat(prefetch("Sec-Purpose", "prefetch")).isTrue();
    assertThat(prefetch("sec-purpose", "prefetch;prerender")).isTrue();
    assertThat(prefetch("Sec-Purpose", "Prefetch;edgecdn=\"eu:1f\"")).isTrue();
    assertThat(prefetch("Purpose", "prefetch")).isTrue();
    assertThat(prefetch("X-Moz", "PREFETCH")).isTrue();
  }

  @Test
  void otherPurposesAndOtherFields_areNot() {
    assertThat(prefetch("Sec-Purpose", "prerender")).isFalse();
    assertThat(prefetch("Accept", "prefetch")).isFalse();
    assertThat(PrefetchMarkers.isPrefetch(MultiMap.caseInsensitiveMultiMap())).isFalse();
  }
}
