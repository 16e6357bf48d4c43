package org.edgecdn.edge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpVersion;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two-request scenarios of {@link CacheTestsOverHttpTest} through edge and shield, two
 * caches in a row: seen from the client and the origin they must behave as one cache. A
 * response the edge may not reuse must not be reused by the shield either (the request's
 * directives, {@code Authorization}, a stale entry's revalidation reach it), and what the
 * shield stores must reach the client with the origin's fields.
 */
class CacheTestsThroughShieldTest {

  private static ConformanceRig rig;

  @BeforeAll
  static void start() {
    rig = new ConformanceRig(true, HttpVersion.HTTP_1_1);
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  static Stream<Scenario> twoRequests() {
    return CacheTestsOverHttpTest.twoRequests();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twoRequests")
  void twoRequests_throughEdgeAndShield_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Arguments> groups() {
    return CacheTestsOverHttpTest.groups();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("groups")
  void suiteGroups_throughEdgeAndShield_matchTheSuite(String group, Scenario scenario) {
    assertThat(rig.run(scenario)).as(group + ": " + scenario.id()).isEmpty();
  }
}
