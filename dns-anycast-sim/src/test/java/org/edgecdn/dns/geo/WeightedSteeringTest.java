package org.edgecdn.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.dns.DemoNetwork;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.geo.PopChoice.Basis;
import org.junit.jupiter.api.Test;

/**
 * The latency matrix and the weights (see {@link NearestPopSelector}): costs in ms for regions
 * the matrix lists, in km for the others, divided by the weights; weight 0 drains.
 */
class WeightedSteeringTest {

  private static final ClientLocation PARIS = new ClientLocation(48.86, 2.35, "FR", "eu-west");
  private static final ClientLocation TOKYO =
      new ClientLocation(35.68, 139.69, "JP", "ap-northeast");
  private static final List<PopAddress> POPS =
      List.of(DemoNetwork.US, DemoNetwork.EU, DemoNetwork.AP);

  /** Two PoPs on the equator, 20 degrees apart: distances are proportional to longitude. */
  private static final PopAddress WEST = new PopAddress("west", "127.0.9.1", 0, -10);
  private static final PopAddress EAST = new PopAddress("east", "127.0.9.2", 0, 10);

  private static ClientLocation onEquator(double lon) {
    return new ClientLocation(0, lon, "XX", "equator");
  }

  private static NearestPopSelector selector(SteeringOptions steering, PopHealth health) {
    return new NearestPopSelector(POPS, steering, health);
  }

  private static SteeringOptions latency(String region, Map<String, Double> row) {
    return new SteeringOptions(Map.of(region, row), Map.of());
  }

  private static SteeringOptions weights(Map<String, Double> weights) {
    return new SteeringOptions(Map.of(), weights);
  }

  private static String pop(NearestPopSelector selector, ClientLocation at) {
    return selector.select(Optional.of(at)).pop().name();
  }

  // ---- Latency matrix ----

  @Test
  void matrix_measuredRttBeatsDistance_slowNearPopLoses() {
    // Paris is 479 km from eu and 6200 km from us, but measured the other way round.
    NearestPopSelector selector = selector(
        latency("eu-west", Map.of("us", 20.0, "eu", 60.0, "ap", 160.0)),
        PopHealth.allHealthy());

    PopChoice choice = selector.select(Optional.of(PARIS));

    assertThat(choice.pop()).isEqualTo(DemoNetwork.US);
    assertThat(choice.basis()).isEqualTo(Basis.NEAREST_HEALTHY);
  }

  @Test
  void matrix_regionWithoutRow_keepsGreatCircleDistance() {
    NearestPopSelector selector =
        selector(latency("eu-west", Map.of("us", 1.0)), PopHealth.allHealthy());

    assertThat(pop(selector, TOKYO)).isEqualTo("ap");
    assertThat(selector.costs(Optional.of(TOKYO)))
        .allSatisfy(c -> assertThat(c.basis()).isEqualTo(PopCost.Basis.DISTANCE));
  }

  @Test
  void matrix_popMissingFromRow_costsItsEstimatedRtt() {
    NearestPopSelector selector =
        selector(latency("eu-west", Map.of("us", 90.0)), PopHealth.allHealthy());

    List<PopCost> costs = selector.costs(Optional.of(PARIS));

    assertThat(costs).extracting(PopCost::basis).containsExactly(
        PopCost.Basis.MATRIX_RTT, PopCost.Basis.ESTIMATED_RTT, PopCost.Basis.ESTIMATED_RTT);
    double km = GreatCircle.distanceKm(PARIS.lat(), PARIS.lon(), 50.11, 8.68);
    assertThat(costs.get(1).cost()).isEqualTo(RttEstimate.unmeasuredMs(km));
    // 479 km: 2 x 479 / 132 + 5, about 12.3 ms.
    assertThat(costs.get(1).cost()).isCloseTo(12.3, within(0.1));
    assertThat(costs.get(0).cost()).isEqualTo(90.0);
  }

  @Test
  void matrix_estimateAndMeasurementCompare_lowerRttWins() {
    // eu is not measured: its estimate from Paris is about 12.3 ms.
    assertThat(pop(selector(latency("eu-west", Map.of("us", 50.0)), PopHealth.allHealthy()),
        PARIS)).isEqualTo("eu");
    assertThat(pop(selector(latency("eu-west", Map.of("us", 10.0)), PopHealth.allHealthy()),
        PARIS)).isEqualTo("us");
  }

  @Test
  void matrix_equalRtts_firstListedWins() {
    NearestPopSelector selector = selector(
        latency("eu-west", Map.of("us", 30.0, "eu", 30.0, "ap", 30.0)), PopHealth.allHealthy());

    assertThat(pop(selector, PARIS)).isEqualTo("us");
  }

  @Test
  void matrix_bestMeasuredDown_nextBestHealthy() {
    NearestPopSelector selector = selector(
        latency("eu-west", Map.of("us", 20.0, "eu", 60.0, "ap", 40.0)),
        pop -> !pop.equals("us"));

    assertThat(pop(selector, PARIS)).isEqualTo("ap");
  }

  @Test
  void matrix_unknownPop_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selector(latency("eu-west", Map.of("mars", 1.0)),
            PopHealth.allHealthy()))
        .withMessageContaining("'mars'")
        .withMessageContaining("PoPs: us, eu, ap");
  }

  // ---- Weights ----

  @Test
  void weights_equal_boundaryHalfway() {
    NearestPopSelector selector =
        new NearestPopSelector(List.of(WEST, EAST), PopHealth.allHealthy());

    assertThat(pop(selector, onEquator(-1))).isEqualTo("west");
    assertThat(pop(selector, onEquator(1))).isEqualTo("east");
  }

  @Test
  void weights_double_winsClientsUpToTwiceAsFar() {
    // With west at weight 2 the boundary moves to where (lon + 10) / 2 = 10 - lon: lon 3.33.
    NearestPopSelector selector = new NearestPopSelector(List.of(WEST, EAST),
        weights(Map.of("west", 2.0)), PopHealth.allHealthy());

    assertThat(pop(selector, onEquator(3))).as("13 deg / 2 < 7 deg").isEqualTo("west");
    assertThat(pop(selector, onEquator(4))).as("14 deg / 2 > 6 deg").isEqualTo("east");
  }

  @Test
  void weights_half_winsOnlyClientsHalfAsFar() {
    // West at weight 0.5: boundary where (lon + 10) * 2 = 10 - lon, lon -3.33.
    NearestPopSelector selector = new NearestPopSelector(List.of(WEST, EAST),
        weights(Map.of("west", 0.5)), PopHealth.allHealthy());

    assertThat(pop(selector, onEquator(-4))).isEqualTo("west");
    assertThat(pop(selector, onEquator(-3))).isEqualTo("east");
  }

  @Test
  void weights_scaleMatrixRtts_too() {
    SteeringOptions steering = new SteeringOptions(
        Map.of("eu-west", Map.of("us", 80.0, "eu", 12.0)), Map.of("us", 10.0));

    // us: 80 / 10 = 8 ms effective, against eu's 12.
    assertThat(pop(selector(steering, PopHealth.allHealthy()), PARIS)).isEqualTo("us");
  }

  @Test
  void weightZero_drainsThePop_clientsGoToTheNextBest() {
    NearestPopSelector selector =
        selector(weights(Map.of("eu", 0.0)), PopHealth.allHealthy());

    PopChoice choice = selector.select(Optional.of(PARIS));

    assertThat(choice.pop().name()).isEqualTo("us");
    assertThat(choice.basis()).isEqualTo(Basis.NEAREST_HEALTHY);
  }

  @Test
  void weightZero_evenAtZeroDistance_losesToAnyWeightedPop() {
    ClientLocation atFrankfurt = new ClientLocation(50.11, 8.68, "DE", "eu-central");
    NearestPopSelector selector = selector(
        weights(Map.of("eu", 0.0, "ap", 0.001)), pop -> !pop.equals("us"));

    assertThat(pop(selector, atFrankfurt)).isEqualTo("ap");
  }

  @Test
  void weightZero_everyHealthyPopDrained_nearestDrainedWins() {
    NearestPopSelector selector =
        selector(weights(Map.of("us", 0.0, "eu", 0.0)), pop -> !pop.equals("ap"));

    PopChoice choice = selector.select(Optional.of(PARIS));

    assertThat(choice.pop().name()).isEqualTo("eu");
    assertThat(choice.basis()).isEqualTo(Basis.DRAINED_ONLY);
  }

  @Test
  void weightZero_everyHealthyPopDrained_noLocation_firstDrainedInOrder() {
    NearestPopSelector selector =
        selector(weights(Map.of("us", 0.0, "eu", 0.0)), pop -> !pop.equals("ap"));

    PopChoice choice = selector.select(Optional.empty());

    assertThat(choice.pop().name()).isEqualTo("us");
    assertThat(choice.basis()).isEqualTo(Basis.DRAINED_ONLY);
  }

  @Test
  void weightZero_noLocation_firstUndrainedInOrder() {
    NearestPopSelector selector = selector(weights(Map.of("us", 0.0)), PopHealth.allHealthy());

    PopChoice choice = selector.select(Optional.empty());

    assertThat(choice.pop().name()).isEqualTo("eu");
    assertThat(choice.basis()).isEqualTo(Basis.FIRST_HEALTHY);
  }

  @Test
  void weightZero_nothingHealthy_failsOpenToTheBestUndrained() {
    NearestPopSelector selector = selector(weights(Map.of("eu", 0.0)), pop -> false);

    PopChoice choice = selector.select(Optional.of(PARIS));

    assertThat(choice.pop().name()).isEqualTo("us");
    assertThat(choice.basis()).isEqualTo(Basis.FAIL_OPEN);
  }

  @Test
  void weightZero_everyPopDrainedAndNothingHealthy_failsOpenToTheNearest() {
    NearestPopSelector selector = selector(
        weights(Map.of("us", 0.0, "eu", 0.0, "ap", 0.0)), pop -> false);

    PopChoice choice = selector.select(Optional.of(TOKYO));

    assertThat(choice.pop().name()).isEqualTo("ap");
    assertThat(choice.basis()).isEqualTo(Basis.FAIL_OPEN);
  }

  @Test
  void weights_unknownPop_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> selector(weights(Map.of("moon", 2.0)), PopHealth.allHealthy()))
        .withMessageContaining("'moon'");
  }

  // ---- Caching ----

  @Test
  void caching_sameLocationAndHealth_sameChoiceServedFromMemory() {
    NearestPopSelector selector = selector(
        latency("eu-west", Map.of("us", 20.0, "eu", 60.0)), PopHealth.allHealthy());

    PopChoice first = selector.select(Optional.of(PARIS));

    assertThat(selector.select(Optional.of(PARIS))).isSameAs(first);
  }

  @Test
  void caching_healthChangesAndBack_choicesFollowAndReturn() {
    Set<String> down = new HashSet<>();
    SteeringOptions steering = new SteeringOptions(
        Map.of("eu-west", Map.of("us", 20.0, "eu", 60.0, "ap", 160.0)), Map.of("ap", 3.0));
    NearestPopSelector selector = selector(steering, pop -> !down.contains(pop));
    PopChoice paris = selector.select(Optional.of(PARIS));
    PopChoice tokyo = selector.select(Optional.of(TOKYO));
    assertThat(paris.pop().name()).isEqualTo("us");
    assertThat(tokyo.pop().name()).isEqualTo("ap");

    down.add("us");
    assertThat(pop(selector, PARIS)).as("ap: 160 / 3 = 53 ms < eu 60 ms").isEqualTo("ap");
    down.add("ap");
    assertThat(pop(selector, PARIS)).isEqualTo("eu");
    assertThat(pop(selector, TOKYO)).isEqualTo("eu");
    down.clear();

    assertThat(selector.select(Optional.of(PARIS))).isEqualTo(paris);
    assertThat(selector.select(Optional.of(TOKYO))).isEqualTo(tokyo);
  }

  @Test
  void caching_sameCoordinatesOtherRegion_choicesKeptApart() {
    // Two rows at the same place, one in a region the matrix lists: each gets its own choice.
    ClientLocation parisElsewhere = new ClientLocation(48.86, 2.35, "FR", "eu-other");
    NearestPopSelector selector =
        selector(latency("eu-west", Map.of("us", 1.0)), PopHealth.allHealthy());

    assertThat(pop(selector, PARIS)).isEqualTo("us");
    assertThat(pop(selector, parisElsewhere)).isEqualTo("eu");
    assertThat(pop(selector, PARIS)).isEqualTo("us");
  }

  // ---- Preference order ----

  @Test
  void preference_drainedLast_thenByEffectiveCost() {
    PopCost near = new PopCost(DemoNetwork.EU, PopCost.Basis.MATRIX_RTT, 10, 1);
    PopCost farHeavy = new PopCost(DemoNetwork.US, PopCost.Basis.MATRIX_RTT, 30, 4);
    PopCost drainedNear = new PopCost(DemoNetwork.AP, PopCost.Basis.MATRIX_RTT, 1, 0);

    List<PopCost> sorted = new java.util.ArrayList<>(List.of(drainedNear, near, farHeavy));
    sorted.sort(PopCost.PREFERENCE);

    assertThat(sorted).containsExactly(farHeavy, near, drainedNear);
    assertThat(farHeavy.effective()).isEqualTo(7.5);
    assertThat(drainedNear.effective()).isInfinite();
  }
}
