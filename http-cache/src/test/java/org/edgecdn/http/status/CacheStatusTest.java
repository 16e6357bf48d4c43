package org.edgecdn.http.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class CacheStatusTest {

  @Test
  void member_forForwardedRequest_namesFwdAndUpstreamStatus() {
    assertThat(CacheStatus.member("edge-eu", CachePhase.BYPASS, 200, null))
        .isEqualTo("edge-eu; fwd=bypass; fwd-status=200");
  }

  @Test
  void member_forUnsafeMethod_isFwdMethod() {
    assertThat(CacheStatus.member("shield", CachePhase.METHOD, 201, null))
        .isEqualTo("shield; fwd=method; fwd-status=201");
  }

  @Test
  void member_forRefusal_carriesOnlyTheDetail() {
    assertThat(CacheStatus.member("edge-us", CachePhase.REJECTED, -1, "unknown-host"))
        .isEqualTo("edge-us; detail=unknown-host");
  }

  @Test
  void append_putsThisTierAfterTheUpstreamTiers_rfc9211Section2() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Cache-Status", "shield; fwd=bypass; fwd-status=200");

    CacheStatus.append(headers, "edge-eu; fwd=bypass; fwd-status=200");

    assertThat(headers.get("Cache-Status"))
        .isEqualTo("shield; fwd=bypass; fwd-status=200, edge-eu; fwd=bypass; fwd-status=200");
  }

  @Test
  void append_withoutUpstreamMembers_writesOnlyThisTier() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();

    CacheStatus.append(headers, "edge-eu; hit");

    assertThat(headers.getAll("Cache-Status")).containsExactly("edge-eu; hit");
  }
}
