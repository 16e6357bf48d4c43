package org.edgecdn.dns.anycast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.anycast.AnycastSimulation.Route;
import org.edgecdn.dns.anycast.Report.Side;
import org.edgecdn.dns.anycast.Topology.Client;
import org.edgecdn.dns.anycast.Topology.Network;
import org.edgecdn.dns.anycast.Topology.Transit;
import org.edgecdn.dns.geo.ClientLocation;
import org.edgecdn.dns.geo.GreatCircle;
import org.junit.jupiter.api.Test;

/**
 * A hand-made world where the answers are known: a Paris access network whose only provider
 * peers with the Tokyo PoP, so anycast sends it to Tokyo while DNS sends it to Paris.
 */
class AnycastSimulationTest {

  private static final PopAddress NEAR = new PopAddress("near", "127.0.9.1", 48.86, 2.35);
  private static final PopAddress FAR = new PopAddress("far", "127.0.9.2", 35.68, 139.69);
  private static final ClientLocation PARIS = new ClientLocation(48.86, 2.35, "FR", "eu-west");
  private static final SimulationOptions OPTIONS = SimulationOptions.defaults(2, 1);
  private static final double PARIS_TOKYO_KM = GreatCircle.distanceKm(48.86, 2.35, 35.68, 139.69);

  /** Paris ISP -> transit "to-far" (peers with far only); "to-near" peers with near. */
  private static Topology detour() {
    return new Topology(List.of(NEAR, FAR),
        List.of(new Transit("to-far", Set.of("far")), new Transit("to-near", Set.of("near"))),
        List.of(new Network("paris-isp", PARIS, List.of("to-far"), Set.of())),
        List.of(new Client("paris-isp", 48.86, 2.35, 5), new Client("paris-isp", 48.86, 2.35, 5)));
  }

  @Test
  void route_providerPeersOnlyWithFarPop_shorterAsPathBeatsLatency() {
    Topology topology = detour();

    Optional<Route> route = AnycastSimulation.route(
        topology, topology.network("paris-isp"), Set.of("near", "far"));

    assertThat(route).get().extracting(Route::pop, Route::asPathLength).containsExactly("far", 2);
  }

  @Test
  void route_directPeering_oneHopWins() {
    Topology topology = new Topology(List.of(NEAR, FAR),
        List.of(new Transit("t", Set.of("near"))),
        List.of(new Network("isp", PARIS, List.of("t"), Set.of("far"))), List.of());

    Route route = AnycastSimulation.route(topology, topology.network("isp"), Set.of("near", "far"))
        .orElseThrow();

    assertThat(route.pop()).isEqualTo("far");
    assertThat(route.asPathLength()).isEqualTo(1);
  }

  @Test
  void route_equalAsPath_lowerLatencyWins() {
    Topology topology = new Topology(List.of(FAR, NEAR),
        List.of(new Transit("t", Set.of("near", "far"))),
        List.of(new Network("isp", PARIS, List.of("t"), Set.of())), List.of());

    assertThat(AnycastSimulation.route(topology, topology.network("isp"), Set.of("near", "far")))
        .get().extracting(Route::pop).isEqualTo("near");
  }

  @Test
  void route_equalAsPathAndLatency_lowestNameWins() {
    PopAddress b = new PopAddress("b", "127.0.9.3", 10, 10);
    PopAddress a = new PopAddress("a", "127.0.9.4", 10, 10);
    Topology topology = new Topology(List.of(b, a),
        List.of(new Transit("t", Set.of("a", "b"))),
        List.of(new Network("isp", PARIS, List.of("t"), Set.of())), List.of());

    assertThat(AnycastSimulation.route(topology, topology.network("isp"), Set.of("a", "b")))
        .get().extracting(Route::pop).isEqualTo("a");
  }

  @Test
  void run_detour_dnsAtBestAnycastNot() {
    Report report = AnycastSimulation.run(detour(), OPTIONS, Optional.empty());

    Side dns = report.before().dns();
    Side anycast = report.before().anycast();
    assertThat(dns.atBestShare()).isEqualTo(1.0);
    assertThat(anycast.atBestShare()).isEqualTo(0.0);
    assertThat(dns.meanMs()).isCloseTo(5.0, within(1e-9));
    assertThat(anycast.meanMs())
        .isCloseTo(AnycastSimulation.rttMs(PARIS_TOKYO_KM, 5), within(1e-9));
    assertThat(dns.load()).containsEntry("near", 2).containsEntry("far", 0);
    assertThat(anycast.load()).containsEntry("near", 0).containsEntry("far", 2);
    assertThat(report.before().best().load()).containsEntry("near", 2);
  }

  @Test
  void run_latencyMatrix_steersTheDnsColumnAsTheServerWould() {
    // Measured RTTs say eu-west clients do better at far (say near's uplink is congested).
    SteeringOptions steering = SteeringOptions.none()
        .withLatency(Map.of("eu-west", Map.of("near", 90.0, "far", 40.0)));

    Report report = AnycastSimulation.run(detour(), OPTIONS, Optional.empty(), steering);

    assertThat(report.before().dns().load()).containsEntry("near", 0).containsEntry("far", 2);
  }

  @Test
  void run_weightZero_drainsThePopFromTheDnsColumn() {
    SteeringOptions steering = SteeringOptions.none().withWeights(Map.of("near", 0.0));

    Report report = AnycastSimulation.run(detour(), OPTIONS, Optional.empty(), steering);

    assertThat(report.before().dns().load()).containsEntry("near", 0).containsEntry("far", 2);
  }

  @Test
  void run_failFar_anycastClientsMoveAfterTwoHopsOfMrai() {
    Report report = AnycastSimulation.run(detour(), OPTIONS, Optional.of("far"));

    Report.Failure failure = report.failure().orElseThrow();
    assertThat(failure.anycastMoved()).isEqualTo(2);
    assertThat(failure.dnsMoved()).isZero();
    assertThat(failure.anycast().maxSeconds()).isEqualTo(4.0); // 2 AS hops x 2 s
    assertThat(failure.after().anycast().load()).containsEntry("near", 2);
    assertThat(failure.after().anycast().atBestShare()).isEqualTo(1.0);
  }

  @Test
  void run_failNear_dnsClientsMoveAfterDetectionPlusTtl() {
    Report report = AnycastSimulation.run(detour(), OPTIONS, Optional.of("near"));

    Report.Failure failure = report.failure().orElseThrow();
    assertThat(failure.dnsMoved()).isEqualTo(2);
    assertThat(failure.anycastMoved()).isZero();
    assertThat(failure.dns().meanSeconds()).isEqualTo(12.0); // 2 s detection + 20 s TTL / 2
    assertThat(failure.dns().maxSeconds()).isEqualTo(22.0);
    assertThat(failure.after().dns().load()).containsEntry("far", 2);
  }

  @Test
  void run_mraiConfigured_convergenceScales() {
    SimulationOptions slow = OPTIONS.withMraiPerHop(java.time.Duration.ofSeconds(30));

    Report report = AnycastSimulation.run(detour(), slow, Optional.of("far"));

    assertThat(report.failure().orElseThrow().anycast().maxSeconds()).isEqualTo(60.0);
  }

  @Test
  void run_unknownOrOnlyPop_rejected() {
    assertThatThrownBy(() -> AnycastSimulation.run(detour(), OPTIONS, Optional.of("mars")))
        .hasMessageContaining("no PoP named 'mars'");
    Topology single = new Topology(List.of(NEAR), List.of(new Transit("t", Set.of("near"))),
        List.of(), List.of());
    assertThatThrownBy(() -> AnycastSimulation.run(single, OPTIONS, Optional.of("near")))
        .hasMessageContaining("only PoP");
  }

  @Test
  void generate_sameSeed_sameReport() {
    SimulationOptions options = SimulationOptions.defaults(2000, 7);

    String first = AnycastSimulation.run(demo(options), options, Optional.of("eu")).text();
    String second = AnycastSimulation.run(demo(options), options, Optional.of("eu")).text();

    assertThat(first).isEqualTo(second);
  }

  @Test
  void generate_otherSeed_otherPlacement() {
    Topology one = demo(SimulationOptions.defaults(100, 1));
    Topology two = demo(SimulationOptions.defaults(100, 2));

    assertThat(one.clients()).isNotEqualTo(two.clients());
  }

  @Test
  void generate_demoNetwork_everyClientServedAndBestIsCeiling() {
    SimulationOptions options = SimulationOptions.defaults(3000, 1);

    Report report = AnycastSimulation.run(demo(options), options, Optional.of("eu"));

    for (Side side : List.of(report.before().dns(), report.before().anycast(),
        report.before().best())) {
      assertThat(side.load().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(3000);
      assertThat(side.meanMs()).isGreaterThanOrEqualTo(report.before().best().meanMs());
    }
    assertThat(report.before().best().atBestShare()).isEqualTo(1.0);
    assertThat(report.failure().orElseThrow().after().dns().load()).containsEntry("eu", 0);
    assertThat(report.failure().orElseThrow().after().anycast().load()).containsEntry("eu", 0);
  }

  @Test
  void generate_clientsSpread_withinRadiusOfTheirRow() {
    SimulationOptions options = SimulationOptions.defaults(500, 3);

    Topology topology = demo(options);

    for (Client c : topology.clients()) {
      ClientLocation row = topology.network(c.network()).location();
      assertThat(GreatCircle.distanceKm(c.lat(), c.lon(), row.lat(), row.lon()))
          .isLessThanOrEqualTo(options.spreadKm() + 1e-6);
    }
  }

  @Test
  void report_text_sideBySideWithFailure() {
    String text = AnycastSimulation.run(detour(), OPTIONS, Optional.of("far")).text();

    assertThat(text)
        .contains("DNS steering", "anycast", "best possible")
        .contains("at best PoP", "mean RTT", "p95 RTT", "load near", "load far")
        .contains("after far withdraws:", "clients moved", "convergence max");
  }

  private static Topology demo(SimulationOptions options) {
    return Topology.generate(
        List.of(DemoNetwork.US, DemoNetwork.EU, DemoNetwork.AP), DemoNetwork.LOCATIONS, options);
  }
}
