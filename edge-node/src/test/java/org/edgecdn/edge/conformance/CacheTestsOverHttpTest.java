package org.edgecdn.edge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgecdn.testkit.CacheTestsTwoRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

  /**
   * The suite's other groups, one class each, named by the suite's file: requests in several
   * steps (validation, updates from a 304, Vary, invalidation, ranges, stale answers, which
   * fields are stored).
   */
  static Stream<Arguments> groups() {
    Map<String, List<Scenario>> groups = new LinkedHashMap<>();
    groups.put("vary", VaryScenarios.all());
    groups.put("vary-parse", VaryParseScenarios.all());
    groups.put("update304", Update304Scenarios.all());
    groups.put("update-head", UpdateHeadScenarios.all());
    groups.put("conditional", ConditionalScenarios.all());
    groups.put("conditional-etag", ConditionalEtagScenarios.all());
    groups.put("conditional-lm", ConditionalLmScenarios.all());
    groups.put("invalidation", InvalidationScenarios.all());
    groups.put("method", MethodScenarios.all());
    groups.put("stale", StaleScenarios.all());
    groups.put("cc-stale", CcStaleScenarios.all());
    groups.put("partial", PartialScenarios.all());
    groups.put("headers", HeadersScenarios.all());
    groups.put("status", StatusScenarios.all());
    groups.put("other", OtherScenarios.all());
    groups.put("uncached", UncachedScenarios.all());
    return groups.entrySet().stream().flatMap(group -> group.getValue().stream()
        .map(scenario -> Arguments.of(group.getKey(), scenario)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("groups")
  void suiteGroups_throughTheEdge_matchTheSuite(String group, Scenario scenario) {
    assertThat(rig.run(scenario)).as(group + ": " + scenario.id()).isEmpty();
  }
}
