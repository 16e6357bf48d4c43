package org.edgecdn.edge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the cache-tests.fyi suite (http-tests/cache-tests, {@link SuiteScenarios}) sent
 * through running nodes: a client, the cache and an origin playing the suite's server, over
 * loopback on a fake clock ({@link ConformanceRig}). What the policy's own test checks through
 * its functions, this checks end to end: fields as they cross the wire, dates, {@code Age},
 * what the origin is asked, and that every field the origin sets reaches the client. Each
 * subclass names the setting: which nodes, which protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SuiteRun {

  private ConformanceRig rig;

  /** The nodes and the client's protocol this run uses. */
  abstract ConformanceRig newRig();

  @BeforeAll
  void start() {
    rig = newRig();
  }

  @AfterAll
  void stop() {
    rig.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.edgecdn.edge.conformance.SuiteScenarios#twoRequests")
  void twoRequests_matchTheSuite(Scenario scenario) {
    assertThat(rig.run(scenario)).as(scenario.id()).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("org.edgecdn.edge.conformance.SuiteScenarios#groups")
  void suiteGroups_matchTheSuite(String group, Scenario scenario) {
    assertThat(rig.run(scenario)).as(group + ": " + scenario.id()).isEmpty();
  }
}
