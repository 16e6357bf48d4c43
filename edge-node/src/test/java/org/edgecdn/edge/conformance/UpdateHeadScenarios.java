package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;

import java.util.List;

/**
 * The cache-tests.fyi group {@code update-head} (tests/update-head.mjs, formerly
 * tests/updateHead.mjs): whether a {@code HEAD} response updates a stored {@code GET} response
 * (RFC 9111 §4.3.5). All of its tests are "check" tests, which the edge answers its own way:
 * a {@code HEAD} that finds a stale stored response is not written through as {@code HEAD} but
 * revalidates the stored response with a {@code GET} (as any stale hit does; only a miss is
 * forwarded as {@code HEAD}, docs/caching.md §12). So the origin sees {@code GET}, the client
 * gets the fields of that new answer, and a later {@code GET} is served what it stored.
 */
final class UpdateHeadScenarios {

  private UpdateHeadScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("head-writethrough (check; revalidated with GET)",
            becomeStale(),
            Step.request("HEAD").expectMethod("GET")),
        Scenario.of("head-200-retain (check; the new answer's fields)",
            becomeStale(),
            Step.request("HEAD").expectMethod("GET").expectMissing("Template-A")),
        Scenario.of("head-200-freshness-update (check; by the GET)",
            becomeStale(),
            Step.request("HEAD").expectMethod("GET").respond("Cache-Control", "max-age=1000"),
            Step.get().expect(CACHED)),
        Scenario.of("head-200-update (check; by the GET)",
            becomeStale(),
            Step.request("HEAD").expectMethod("GET")
                .respond("Template-A", "2", "Cache-Control", "max-age=1000"),
            Step.get().expect(CACHED).expectHeaders("Template-A", "2")),
        // The 410 answered the GET, so the 410 is what is stored and reused.
        Scenario.of("head-410-update (check; by the GET, 410 stored)",
            becomeStale(),
            Step.request("HEAD").expectMethod("GET").status(410)
                .respond("Template-A", "2", "Cache-Control", "max-age=1000"),
            Step.get().expect(CACHED).expectStatus(410).expectHeaders("Template-A", "2")));
  }

  /** The suite's {@code becomeStale}: fresh for 2 s, then the pause. */
  private static Step becomeStale() {
    return Step.get().respond("Cache-Control", "max-age=2", "Template-A", "1").pauseAfter();
  }
}
