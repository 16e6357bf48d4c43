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
 * <p>Not portable: {@code invalidate-<method>-location} and {@code invalidate-<method>-cl}
 * (checks). They store a second URL ({@code location_target}, {@code content_location_target})
 * and invalidate it through the unsafe answer's {@code Location} / {@code Content-Location};
 * the rig gives a scenario one URL.
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
    return all;
  }
}
