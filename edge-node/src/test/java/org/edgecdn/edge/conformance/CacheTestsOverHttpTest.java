package org.edgecdn.edge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.edgecdn.testkit.CacheTestsTwoRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the cache-tests.fyi suite (http-tests/cache-tests) sent through a running edge:
 * a client, the edge and an origin playing the suite's server, over loopback on a fake clock
 * ({@link ConformanceRig}). What the policy's own test checks through its functions, this
 * checks end to end: fields as they cross the wire, dates, {@code Age}, what the origin is
 * asked, and that every field the origin sets reaches the client.
 */
class CacheTestsOverHttpTest {

  private static ConformanceRig rig;

  @BeforeAll
  static void start() {
    rig = new ConformanceRig();
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  /** The two-request scenarios the policy's test also runs. */
  static Stream<Scenario> twoRequests() {
    return CacheTestsTwoRequests.all().stream().map(CacheTestsOverHttpTest::steps);
  }

  private static Scenario steps(CacheTestsTwoRequests.Scenario row) {
    Step store = Step.get().header(row.firstRequest()).status(row.status())
        .respond(row.response()).pauseAfter(row.pause());
    Step again = Step.get().header(row.secondRequest()).status(row.status())
        .respond(row.response()).expect(switch (row.expected()) {
          case REUSED -> Step.Type.CACHED;
          case UPSTREAM -> Step.Type.NOT_CACHED;
          case VALIDATED -> hasField(row.response(), "ETag")
              ? Step.Type.ETAG_VALIDATED : Step.Type.LM_VALIDATED;
        });
    if (row.expected() == CacheTestsTwoRequests.Outcome.VALIDATED) {
      again.expectStatus(row.status());
    }
    return Scenario.of(row.id(), store, again);
  }

  private static boolean hasField(String[] namesAndValues, String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twoRequests")
  void twoRequests_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Scenario> vary() {
    return VaryScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vary")
  void vary_throughTheEdge_matchesTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Scenario> varyParse() {
    return VaryParseScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("varyParse")
  void varyParse_throughTheEdge_matchesTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Scenario> update304() {
    return Update304Scenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("update304")
  void update304_throughTheEdge_matchesTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Scenario> updateHead() {
    return UpdateHeadScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updateHead")
  void updateHead_throughTheEdge_matchesTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's {@code tests/conditional.mjs}. */
  static Stream<Scenario> conditional() {
    return ConditionalScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditional")
  void conditional_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's {@code tests/conditional-etag.mjs}. */
  static Stream<Scenario> conditionalEtag() {
    return ConditionalEtagScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditionalEtag")
  void conditionalEtag_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's {@code tests/conditional-lm.mjs}. */
  static Stream<Scenario> conditionalLm() {
    return ConditionalLmScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditionalLm")
  void conditionalLm_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's {@code tests/invalidation.mjs}. */
  static Stream<Scenario> invalidation() {
    return InvalidationScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidation")
  void invalidation_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's {@code tests/method.mjs}. */
  static Stream<Scenario> method() {
    return MethodScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("method")
  void method_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }
}
