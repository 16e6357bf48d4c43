package org.edgecdn.http.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class CacheStatusTest {

  @Test
  void member_forStoredMiss_namesFwdStatusAndStored_rfc9211Section2() {
    assertThat(new CacheStatusMember("shield").forwarded("uri-miss").fwdStatus(200).stored(true)
        .toString()).isEqualTo("shield; fwd=uri-miss; fwd-status=200; stored");
  }

  @Test
  void member_forHit_carriesTheRemainingTtl() {
    assertThat(new CacheStatusMember("edge-eu").hit(212).toString())
        .isEqualTo("edge-eu; hit; ttl=212");
  }

  @Test
  void member_forStaleHit_hasNegativeTtl() {
    assertThat(new CacheStatusMember("edge-eu").hit(-10).toString())
        .isEqualTo("edge-eu; hit; ttl=-10");
  }

  @Test
  void member_forCollapsedRequest_saysCollapsed() {
    assertThat(new CacheStatusMember("edge-us").forwarded("uri-miss").collapsed().fwdStatus(200)
        .toString()).isEqualTo("edge-us; fwd=uri-miss; fwd-status=200; collapsed");
  }

  @Test
  void member_forRefusal_carriesOnlyTheDetail() {
    assertThat(new CacheStatusMember("edge-us").detail("unknown-host").toString())
        .isEqualTo("edge-us; detail=unknown-host");
  }

  @Test
  void append_putsThisTierAfterTheUpstreamTiers_rfc9211Section2() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Cache-Status", "shield; fwd=uri-miss; stored");

    CacheStatus.append(headers, "edge-eu; hit; ttl=212");

    assertThat(headers.get("Cache-Status"))
        .isEqualTo("shield; fwd=uri-miss; stored, edge-eu; hit; ttl=212");
  }

  @Test
  void append_withoutUpstreamMembers_writesOnlyThisTier() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();

    CacheStatus.append(headers, "edge-eu; hit");

    assertThat(headers.getAll("Cache-Status")).containsExactly("edge-eu; hit");
  }
}
