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
 * The scenarios of {@link CacheTestsOverHttpTest}, asked over HTTP/2 (h2c, prior knowledge):
 * the cache must answer alike whatever the client's protocol. It found that every upstream
 * failure left an HTTP/2 client without its 502: resuming a request already read whole throws
 * on Vert.x's HTTP/2 stream, and the answer was never written.
 */
class CacheTestsOverHttp2Test {

  private static ConformanceRig rig;

  @BeforeAll
  static void start() {
    rig = new ConformanceRig(false, HttpVersion.HTTP_2);
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
  void twoRequests_overHttp2_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  static Stream<Arguments> groups() {
    return CacheTestsOverHttpTest.groups();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("groups")
  void suiteGroups_overHttp2_matchTheSuite(String group, Scenario scenario) {
    assertThat(rig.run(scenario)).as(group + ": " + scenario.id()).isEmpty();
  }
}
