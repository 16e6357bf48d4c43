package org.edgecdn.edge.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgecdn.testkit.CacheTestsTwoRequests;
import org.junit.jupiter.params.provider.Arguments;

/** The scenarios every {@link SuiteRun} sends: the suite's two-request rows and its groups. */
final class SuiteScenarios {

  private SuiteScenarios() {}

  /** The two-request scenarios the policy's test also runs. */
  static Stream<Scenario> twoRequests() {
    return CacheTestsTwoRequests.all().stream().map(SuiteScenarios::steps);
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
}
