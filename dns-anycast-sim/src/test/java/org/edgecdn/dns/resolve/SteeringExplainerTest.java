package org.edgecdn.dns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.SteeringOptions;
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
        .contains("cost: great-circle distance in km (no latency matrix)")
        .containsPattern("eu +127\\.0\\.2\\.1 +478 km distance +1 +478 km +healthy")
        .contains("eu has the lowest effective cost (478 km) and is healthy")
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
        .contains("us has the lowest effective cost (6,186 km) of the healthy PoPs; eu ranks"
            + " higher but is down")
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
  // ---- Latency matrix and weights ----

  private static final DnsOptions MEASURED = DemoNetwork.options().withSteering(
      new SteeringOptions(Map.of("eu-west", Map.of("eu", 11.0, "us", 84.0)), Map.of()));

  @Test
  void explain_regionInMatrix_listsMeasuredAndEstimatedRtts() {
    Explanation explanation = SteeringExplainer.create(MEASURED, PopHealth.allHealthy())
        .explain("shop.cdn.test", DemoNetwork.PARIS, Optional.empty());

    assertThat(explanation.pop()).contains("eu");
    assertThat(explanation.text())
        .contains("cost: RTT in ms from region eu-west: measured (the latency matrix) or, for a"
            + " PoP its row leaves out, estimated as 2 x km / (200 km/ms x 0.66) + 5 ms")
        .containsPattern("\\* eu +127\\.0\\.2\\.1 +11\\.0 ms matrix +1 +11\\.0 ms +healthy"
            + " +<- chosen")
        .containsPattern("us +127\\.0\\.1\\.1 +84\\.0 ms matrix +1 +84\\.0 ms +healthy")
        // Paris to Singapore, 10,729 km: 2 x 10729 / 132 + 5.
        .containsPattern("ap +127\\.0\\.3\\.1 +167\\.6 ms estimated +1 +167\\.6 ms +healthy")
        .contains("why: eu has the lowest effective cost (11.0 ms) and is healthy");
  }

  @Test
  void explain_regionNotInMatrix_saysDistanceAndWhy() {
    Explanation explanation = SteeringExplainer.create(MEASURED, PopHealth.allHealthy())
        .explain("shop.cdn.test", DemoNetwork.TOKYO, Optional.empty());

    assertThat(explanation.pop()).contains("ap");
    assertThat(explanation.text()).contains(
        "cost: great-circle distance in km (the latency matrix has no row for region"
            + " ap-northeast)");
  }

  @Test
  void explain_weightTurnsTheChoice_showsEffectiveCostAndWhatCostAloneWouldDo() {
    DnsOptions options = MEASURED.withSteering(
        MEASURED.steering().withWeights(Map.of("us", 8.0)));

    Explanation explanation = SteeringExplainer.create(options, PopHealth.allHealthy())
        .explain("shop.cdn.test", DemoNetwork.PARIS, Optional.empty());

    assertThat(explanation.pop()).contains("us");
    assertThat(explanation.text())
        .containsPattern("\\* us +127\\.0\\.1\\.1 +84\\.0 ms matrix +8 +10\\.5 ms +healthy")
        .contains("why: us has the lowest effective cost (10.5 ms) and is healthy")
        .contains("weights: by cost alone eu (11.0 ms) would beat us (84.0 ms); weight 8 against"
            + " 1 turns that round");
  }

  @Test
  void explain_drainedPop_listedLastAndSaid() {
    DnsOptions options = DemoNetwork.options().withSteering(
        new SteeringOptions(Map.of(), Map.of("eu", 0.0)));

    Explanation explanation = SteeringExplainer.create(options, PopHealth.allHealthy())
        .explain("shop.cdn.test", DemoNetwork.PARIS, Optional.empty());

    assertThat(explanation.pop()).contains("us");
    List<String> rows = explanation.lines().stream()
        .filter(l -> l.contains(" km distance ")).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(2)).containsPattern("eu +127\\.0\\.2\\.1 +478 km distance +0 +drained");
    assertThat(explanation.text()).contains(
        "drained: eu (weight 0) gets clients only when no PoP with a weight above 0 is healthy");
  }

  @Test
  void explain_everyHealthyPopDrained_nearestDrainedAndWhy() {
    DnsOptions options = DemoNetwork.options().withSteering(
        new SteeringOptions(Map.of(), Map.of("eu", 0.0, "ap", 0.0)));

    Explanation explanation = SteeringExplainer.create(options, pop -> !pop.equals("us"))
        .explain("shop.cdn.test", DemoNetwork.PARIS, Optional.empty());

    assertThat(explanation.pop()).contains("eu");
    assertThat(explanation.text()).contains("why: every healthy PoP is drained (weight 0), so the"
        + " lowest-cost of them, eu, is given; us ranks higher but is down");
  }
}
