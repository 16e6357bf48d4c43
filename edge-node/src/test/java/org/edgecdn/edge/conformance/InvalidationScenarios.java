package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;
import static org.edgecdn.edge.conformance.Step.Type.NOT_CACHED;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache-tests.fyi group {@code tests/invalidation.mjs} (id {@code invalidation}): a
 * successful answer to an unsafe method drops the stored answer for its URL; a failed one does
 * not (docs/caching.md section 8).
 *
 * <p>{@code invalidate-<method>-location} and {@code invalidate-<method>-cl} (checks: RFC 9111
 * §4.4 makes these a MAY) store a second URL ({@code location_target},
 * {@code content_location_target}) and invalidate it through the unsafe answer's
 * {@code Location} / {@code Content-Location}, which names it on the same host.
 */
final class InvalidationScenarios {

  private InvalidationScenarios() {}

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    for (String method : List.of("POST", "PUT", "DELETE", "M-SEARCH")) {
      all.add(Scenario.of("invalidate-" + method,
          ConditionalEtagScenarios.fresh(),
          Step.request(method).requestBody("abc"),
          Step.get().expect(NOT_CACHED)));
      all.add(Scenario.of("invalidate-" + method + "-failed",
          ConditionalEtagScenarios.fresh(),
          Step.request(method).requestBody("abc").status(500),
          Step.get().expect(CACHED)));
    }
    for (String method : List.of("POST", "PUT", "DELETE", "M-SEARCH")) {
      all.add(named("invalidate-" + method + "-location", method, "location_target"));
    }
    for (String method : List.of("POST", "PUT", "DELETE", "M-SEARCH")) {
      all.add(named("invalidate-" + method + "-cl", method, "content_location_target"));
    }
    return all;
  }

  /**
   * Stores {@code target}, then sends {@code method} to the scenario's URL, whose answer names
   * both targets; {@code target} must be fetched again.
   */
  private static Scenario named(String id, String method, String target) {
    return Scenario.of(id,
        stored(target),
        Step.request(method).requestBody("abc").magicLocations()
            .respond("Location", "location_target",
                "Content-Location", "content_location_target"),
        stored(target).expect(NOT_CACHED));
  }

  private static Step stored(String target) {
    return Step.get().path(target)
        .respond("Cache-Control", "max-age=100000", "Last-Modified", "@0", "Date", "@0");
  }
}
