package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SteeringOptionsTest {

  private static final SteeringOptions EU_WEST =
      new SteeringOptions(Map.of("eu-west", Map.of("eu", 11.0, "us", 84.0)), Map.of("ap", 0.5));

  @Test
  void none_noMatrix_everyWeightOne() {
    assertThat(SteeringOptions.none().latencyMs()).isEmpty();
    assertThat(SteeringOptions.none().weight("anything")).isEqualTo(1.0);
    assertThat(SteeringOptions.none().latencyFrom("eu-west")).isEmpty();
  }

  @Test
  void weight_listedOrDefault() {
    assertThat(EU_WEST.weight("ap")).isEqualTo(0.5);
    assertThat(EU_WEST.weight("eu")).isEqualTo(SteeringOptions.DEFAULT_WEIGHT);
  }

  @Test
  void latencyFrom_listedRegion_itsRow() {
    assertThat(EU_WEST.latencyFrom("eu-west")).contains(Map.of("eu", 11.0, "us", 84.0));
  }

  @Test
  void maps_copiedInOrderAndUnmodifiable() {
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("us", 84.0);
    row.put("eu", 11.0);
    Map<String, Map<String, Double>> matrix = new LinkedHashMap<>();
    matrix.put("eu-west", row);

    SteeringOptions steering = new SteeringOptions(matrix, Map.of());
    row.put("ap", 150.0);

    assertThat(steering.latencyMs().get("eu-west").keySet()).containsExactly("us", "eu");
    assertThatThrownBy(() -> steering.latencyMs().get("eu-west").put("ap", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
  void rtt_negativeNaNOrInfinite_rejectedNamingRegionAndPop(double ms) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SteeringOptions(Map.of("eu-west", Map.of("eu", ms)), Map.of()))
        .withMessageContaining("latency from region 'eu-west' to PoP 'eu'")
        .withMessageContaining(Double.toString(ms))
        .withMessageContaining("0 or more ms");
  }

  @Test
  void rtt_zero_accepted() {
    assertThat(new SteeringOptions(Map.of("eu-west", Map.of("eu", 0.0)), Map.of())
        .latencyFrom("eu-west")).contains(Map.of("eu", 0.0));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void weight_negativeNaNOrInfinite_rejectedNamingPop(double weight) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SteeringOptions(Map.of(), Map.of("eu", weight)))
        .withMessageContaining("weight of PoP 'eu'")
        .withMessageContaining(Double.toString(weight));
  }

  @Test
  void row_empty_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SteeringOptions(Map.of("eu-west", Map.of()), Map.of()))
        .withMessageContaining("region 'eu-west' lists no PoP");
  }

  @Test
  void names_blank_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SteeringOptions(Map.of(" ", Map.of("eu", 1.0)), Map.of()))
        .withMessageContaining("latency region");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SteeringOptions(Map.of(), Map.of("", 1.0)))
        .withMessageContaining("weight PoP name");
  }

  // ---- In DnsOptions ----

  @Test
  void dnsOptions_oldConstructors_steerByDistanceAlone() {
    assertThat(DemoNetwork.options().steering()).isEqualTo(SteeringOptions.none());
    DnsOptions tenArguments = new DnsOptions("dns", "127.0.0.1", 0, "cdn.test",
        DnsOptions.DEFAULT_TTL, List.of(DemoNetwork.US), List.of(), DemoNetwork.LOCATIONS,
        RrlOptions.defaults(), 2);
    assertThat(tenArguments.steering()).isEqualTo(SteeringOptions.none());
  }

  @Test
  void dnsOptions_withSteering_onlySteeringChanges() {
    DnsOptions steered = DemoNetwork.options().withSteering(EU_WEST);

    assertThat(steered.steering()).isEqualTo(EU_WEST);
    assertThat(steered.withSteering(SteeringOptions.none())).isEqualTo(DemoNetwork.options());
    assertThat(steered.withRrl(RrlOptions.off()).steering()).isEqualTo(EU_WEST);
    assertThat(steered.withUdpThreads(2).steering()).isEqualTo(EU_WEST);
  }

  @Test
  void dnsOptions_matrixNamesUnknownPop_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DemoNetwork.options().withSteering(
            new SteeringOptions(Map.of("eu-west", Map.of("eu", 11.0, "mars", 3.0)), Map.of())))
        .withMessage("DNS dns: steering: latency from region 'eu-west' names PoP 'mars', which"
            + " is not a PoP (PoPs: us, eu, ap)");
  }

  @Test
  void dnsOptions_weightForUnknownPop_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DemoNetwork.options().withSteering(
            new SteeringOptions(Map.of(), Map.of("moon", 2.0))))
        .withMessage("DNS dns: steering: weight given for 'moon', which is not a PoP (PoPs: us,"
            + " eu, ap)");
  }

  @Test
  void dnsOptions_regionOfNoLocationRow_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DemoNetwork.options().withSteering(
            new SteeringOptions(Map.of("eu-wset", Map.of("eu", 11.0)), Map.of())))
        .withMessage("DNS dns: steering: latency region 'eu-wset' is the region of no location"
            + " row (regions: us-east, eu-west, ap-northeast)");
  }
}
