package org.edgecdn.http.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldNamesTest {

  private final FieldNames names = FieldNames.of(Set.of("surrogate-key", "Cache-Tag", "te"));

  @Test
  void contains_anyCase() {
    assertThat(names.contains("Surrogate-Key")).isTrue();
    assertThat(names.contains("CACHE-TAG")).isTrue();
    assertThat(names.contains("cache-tag")).isTrue();
    assertThat(names.contains("TE")).isTrue();
  }

  @Test
  void contains_sameLengthOtherName_orLonger_isFalse() {
    assertThat(names.contains("Cache-Control")).isFalse();
    assertThat(names.contains("surrogate-keys")).isFalse();
    assertThat(names.contains("")).isFalse();
    assertThat(FieldNames.NONE.contains("te")).isFalse();
  }

  @Test
  void hopByHopCopy_withFieldNames_dropsConnectionNamedAndSkipped() {
    MultiMap from = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "text/plain")
        .add("Connection", "X-Private")
        .add("X-Private", "secret")
        .add("Cache-Tag", "a,b")
        .add("Keep-Alive", "timeout=5");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();

    HopByHop.copy(from, to, Exchange.CDN_ONLY);

    assertThat(to.names()).containsExactly("Content-Type");
  }
}
