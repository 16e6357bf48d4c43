package org.edgecdn.http.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopByHopTest {

  @Test
  void copy_dropsFixedHopByHopFields_rfc9110Section7_6_1() {
    MultiMap from = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "keep-alive").add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("TE", "trailers")
        .add("Proxy-Authorization", "Basic x").add("Accept", "text/html");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();

    HopByHop.copy(from, to, Set.of());

    assertThat(to.names()).containsExactly("Accept");
  }

  @Test
  void copy_dropsFieldsNamedInConnection() {
    MultiMap from = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "close, X-Secret").add("X-Secret", "1").add("X-Public", "2");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();

    HopByHop.copy(from, to, Set.of());

    assertThat(to.names()).containsExactly("X-Public");
  }

  @Test
  void copy_keepsRepeatedFieldsInOrder_andSkipsRequestedOnes() {
    MultiMap from = MultiMap.caseInsensitiveMultiMap()
        .add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").add("Host", "x");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();

    HopByHop.copy(from, to, Set.of("host"));

    assertThat(to.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(to.contains("Host")).isFalse();
  }
}
