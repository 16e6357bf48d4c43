package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.REUSED;
import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.UPSTREAM;
import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.VALIDATED;
import static org.edgecdn.cache.policy.Fixtures.at;

import io.vertx.core.MultiMap;
import java.util.stream.Stream;
import org.edgecdn.testkit.CacheTestsTwoRequests;
import org.edgecdn.testkit.CacheTestsTwoRequests.Outcome;
import org.edgecdn.testkit.CacheTestsTwoRequests.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios of the cache-tests.fyi suite ({@link CacheTestsTwoRequests}) run through the
 * policy's functions, without a network (the edge's {@code CacheTestsOverHttpTest} sends the
 * same ones through an edge): store the first response at T0, let {@code pause} seconds pass
 * on the fake clock, then ask {@link Serveability} about a second request.
 */
class CacheTestsScenariosTest {

  static Stream<CacheTestsTwoRequests.Scenario> scenarios() {
    return CacheTestsTwoRequests.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void cacheTestsFyi_scenario_matchesExpectedOutcome(Scenario scenario) {
    assertThat(run(scenario)).as(scenario.id()).isEqualTo(scenario.expected());
  }

  private static Outcome run(Scenario scenario) {
    MultiMap response = resolveDates(scenario.response());
    StoreDecision decision = Storability.decide("GET", Fixtures.headers(scenario.firstRequest()),
        scenario.status(), response, at(0), SitePolicy.defaults());
    if (!(decision instanceof StoreDecision.Store store)) {
      return UPSTREAM;
    }
    long initialAge = Age.correctedInitialAgeSeconds(response, at(0), at(0));
    long age = Age.currentAgeSeconds(initialAge, at(0), at(scenario.pause()));
    Verdict verdict = Serveability.evaluate(store.freshness(), age,
        RequestDirectives.of(Fixtures.headers(scenario.secondRequest())), SitePolicy.defaults());
    if (verdict instanceof Verdict.Revalidate) {
      return Revalidation.conditionalHeaders(response).isEmpty() ? UPSTREAM : VALIDATED;
    }
    return REUSED;
  }

  private static MultiMap resolveDates(String[] namesAndValues) {
    String[] resolved = namesAndValues.clone();
    for (int i = 1; i < resolved.length; i += 2) {
      if (resolved[i].startsWith("@")) {
        resolved[i] = Fixtures.date(Long.parseLong(resolved[i].substring(1)));
      }
    }
    return Fixtures.headers(resolved);
  }
}
