package org.edgecdn.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.geo.Cidr;
import org.edgecdn.dns.geo.IpLiteral;
import org.junit.jupiter.api.Test;

class SteeringExplainerTest {

  private final SteeringExplainer allUp =
      SteeringExplainer.create(DemoNetwork.options(), PopHealth.allHealthy());

  @Test
  void explain_customerNameFromParis_cnameRowDistancesAndEuChosen() {
    Explanation explanation =
        allUp.explain("www.shop.example", IpLiteral.parse("127.0.2.9"), Optional.empty());

    assertThat(explanation.pop()).contains("eu");
    assertThat(explanation.rcode()).isEqualTo("NOERROR");
    assertThat(explanation.text())
        .contains("CNAME shop.cdn.test.")
        .contains("source address 127.0.2.9")
        .contains("row 127.0.2.0/24 -> 48.86, 2.35 (FR, eu-west)")
        .contains("eu is the nearest PoP and it is healthy")
        .contains("answer: shop.cdn.test. 20 A 127.0.2.1");
    assertThat(explanation.lines()).filteredOn(l -> l.contains("<- chosen"))
        .singleElement().asString().contains(" eu ");
  }

  @Test
  void explain_nearestDown_nextNearestAndSaysWhy() {
    SteeringExplainer euDown =
        SteeringExplainer.create(DemoNetwork.options(), pop -> !pop.equals("eu"));

    Explanation explanation =
        euDown.explain("shop.cdn.test", IpLiteral.parse("127.0.2.9"), Optional.empty());

    assertThat(explanation.pop()).contains("us");
    assertThat(explanation.text())
        .contains("us is the nearest healthy PoP; nearer ones are down")
        .containsPattern("eu +127\\.0\\.2\\.1 .*down");
  }

  @Test
  void explain_clientSubnet_locatesBySubnet() {
    Explanation explanation = allUp.explain("shop.cdn.test", IpLiteral.parse("127.0.1.9"),
        Optional.of(Cidr.parse("127.0.3.0/24")));

    assertThat(explanation.pop()).contains("ap");
    assertThat(explanation.text()).contains("Client Subnet 127.0.3.0/24");
  }

  @Test
  void explain_unknownClient_firstHealthyInConfigurationOrder() {
    Explanation explanation =
        allUp.explain("shop.cdn.test", DemoNetwork.NOWHERE, Optional.empty());

    assertThat(explanation.pop()).contains("us");
    assertThat(explanation.text()).contains("no row of the 3-row table contains 10.9.9.9");
  }

  @Test
  void explain_allDown_failOpen() {
    Explanation explanation = SteeringExplainer.create(DemoNetwork.options(), pop -> false)
        .explain("shop.cdn.test", DemoNetwork.TOKYO, Optional.empty());

    assertThat(explanation.pop()).contains("ap");
    assertThat(explanation.text()).contains("fail open");
  }

  @Test
  void explain_outsideZones_refused() {
    Explanation explanation =
        allUp.explain("www.example.com", DemoNetwork.PARIS, Optional.empty());

    assertThat(explanation.rcode()).isEqualTo("REFUSED");
    assertThat(explanation.pop()).isEmpty();
  }

  @Test
  void explain_missingName_nxdomain() {
    assertThat(allUp.explain("nope.cdn.test", DemoNetwork.PARIS, Optional.empty()).rcode())
        .isEqualTo("NXDOMAIN");
  }
}
