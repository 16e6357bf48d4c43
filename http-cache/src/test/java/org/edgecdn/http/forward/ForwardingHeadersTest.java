package org.edgecdn.http.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {

  private static MultiMap forged() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("X-Forwarded-For", "6.6.6.6").add("X-Forwarded-Host", "evil.example")
        .add("X-Forwarded-Proto", "https").add("Via", "1.1 evil");
  }

  @Test
  void apply_fromClient_replacesEveryForwardingHeader() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();

    ForwardingHeaders.apply(forged(), out, false, "203.0.113.7", "www.shop.example", "http",
        "edge-eu");

    assertThat(out.get("X-Forwarded-For")).isEqualTo("203.0.113.7");
    assertThat(out.get("X-Forwarded-Host")).isEqualTo("www.shop.example");
    assertThat(out.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(out.get("Via")).isEqualTo("1.1 edge-eu (edgecdn)");
  }

  @Test
  void apply_fromTrustedPeer_extendsForAndVia_keepsHostAndProto() {
    MultiMap incoming = MultiMap.caseInsensitiveMultiMap()
        .add("X-Forwarded-For", "203.0.113.7").add("X-Forwarded-Host", "www.shop.example")
        .add("X-Forwarded-Proto", "https").add("Via", "1.1 edge-eu (edgecdn)");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();

    ForwardingHeaders.apply(incoming, out, true, "127.0.2.1", "www.shop.example", "http",
        "shield");

    assertThat(out.get("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.2.1");
    assertThat(out.get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(out.get("Via")).isEqualTo("1.1 edge-eu (edgecdn), 1.1 shield (edgecdn)");
  }

  @Test
  void loops_whenViaAlreadyNamesThisNode() {
    assertThat(ForwardingHeaders.loops("1.1 edge-eu (edgecdn), 1.1 shield (edgecdn)", "shield"))
        .isTrue();
    assertThat(ForwardingHeaders.loops("1.1 edge-eu (edgecdn)", "shield")).isFalse();
    assertThat(ForwardingHeaders.loops(null, "shield")).isFalse();
  }
}
