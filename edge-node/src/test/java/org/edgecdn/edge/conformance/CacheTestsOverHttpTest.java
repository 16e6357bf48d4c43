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

  /** The suite's tests/stale.mjs: serving stale responses. */
  static Stream<Scenario> stale() {
    return StaleScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stale")
  void stale_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/cc-stale.mjs: stale-while-revalidate and stale-if-error. */
  static Stream<Scenario> ccStale() {
    return CcStaleScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ccStale")
  void ccStale_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/partial.mjs: ranges and partial content. */
  static Stream<Scenario> partial() {
    return PartialScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partial")
  void partial_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/headers.mjs: which fields are stored. */
  static Stream<Scenario> headers() {
    return HeadersScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headers")
  void headers_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/status.mjs: statuses with explicit freshness. */
  static Stream<Scenario> status() {
    return StatusScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("status")
  void status_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/other.mjs: Age, Date, the query, Content-Disposition. */
  static Stream<Scenario> other() {
    return OtherScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("other")
  void other_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  /** The suite's tests/uncached.mjs: fields of responses with validators. */
  static Stream<Scenario> uncached() {
    return UncachedScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("uncached")
  void uncached_throughTheEdge_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }
}
