package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * The suite's {@code tests/cc-stale.mjs}: the RFC 5861 extensions {@code
 * stale-while-revalidate} and {@code stale-if-error}, in responses and in requests.
 */
final class CcStaleScenarios {

  private CcStaleScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("stale-while-revalidate",
            Step.get().respond("Cache-Control", "max-age=0, stale-while-revalidate=3600",
                "ETag", "\"abc\""),
            // Served stale; the refresh in the background gets the new answer.
            Step.get().respond("Cache-Control", "max-age=3600", "ETag", "\"def\"")
                .mayDiffer("Cache-Control", "ETag")
                .expectHeaders("Cache-Control", "max-age=0, stale-while-revalidate=3600",
                    "ETag", "\"abc\"").pauseAfter(),
            Step.get().expect(Step.Type.CACHED)
                .expectHeaders("Cache-Control", "max-age=3600", "ETag", "\"def\"")),
        Scenario.of("stale-if-error-cc-response (check)",
            Step.get().respond("Cache-Control", "max-age=0, stale-if-error=3600"),
            Step.get().status(500).expectStatus(200)),
        Scenario.of("stale-if-error-cc-response-expired",
            Step.get().respond("Cache-Control", "max-age=0, stale-if-error=1").pauseAfter(),
            Step.get().status(500)),
        // docs/caching.md §12: stale on arrival without a validator or a stale window, the
        // first answer is not stored, so nothing can answer for the 500; the suite asks whether
        // the request's stale-if-error brings back the stored copy (200).
        Scenario.of("stale-if-error-cc-request (check; stale on arrival not stored)",
            Step.get().respond("Cache-Control", "max-age=0"),
            Step.get().header("Cache-Control", "stale-if-error=3600").status(500)
                .expect(Step.Type.NOT_CACHED)),
        Scenario.of("stale-if-error-cc-request-expired",
            Step.get().respond("Cache-Control", "max-age=0").pauseAfter(),
            Step.get().header("Cache-Control", "stale-if-error=1").status(500)));
  }
}
