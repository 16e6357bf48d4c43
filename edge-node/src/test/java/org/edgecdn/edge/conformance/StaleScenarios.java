package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * The suite's {@code tests/stale.mjs} (serving stale responses). Most of its tests make the
 * server close the connection ({@code disconnect}), which the rig's origin cannot do; those
 * are skipped below, each with a note.
 */
final class StaleScenarios {

  private StaleScenarios() {}

  static List<Scenario> all() {
    return List.of(
        // stale-close: disconnect, not supported by the rig.
        // Without stale-if-error nothing permits serving stale (RFC 9111 §4.2.4): the edge
        // passes the 503 on (docs/caching.md §6); the suite asks whether the copy is served.
        Scenario.of("stale-503 (check)",
            becomeStale(),
            Step.get().status(503).expect(Step.Type.NOT_CACHED)),
        Scenario.of("stale-while-revalidate",
            Step.get().respond("Cache-Control", "max-age=1, stale-while-revalidate=3600",
                "ETag", "\"abc\"").pauseAfter(),
            Step.get().expect(Step.Type.CACHED)),
        Scenario.of("stale-while-revalidate-window",
            Step.get().respond("Cache-Control", "max-age=1, stale-while-revalidate=4",
                "ETag", "\"abc\"").pauseAfter(),
            // The background refresh gets these; the client has the stale copy.
            Step.get().respond("Cache-Control", "no-cache", "ETag", "\"def\"")
                .mayDiffer("Cache-Control", "ETag").expect(Step.Type.CACHED).pauseAfter(),
            // Past the window: the origin's answer to this request (client-request-count 3).
            Step.get().expect(Step.Type.NOT_CACHED)));
        // stale-sie-close: disconnect, not supported by the rig.
        // stale-sie-503: despite its name, the suite's request disconnects; not supported.
        // stale-close-must-revalidate, stale-close-proxy-revalidate, stale-close-no-cache,
        // stale-close-s-maxage=2: disconnect, not supported by the rig.
        // stale-warning-stored, stale-warning-become: disconnect, not supported by the rig.
  }

  /** The suite's "become stale" first request: fresh for 2 s, then a pause. */
  private static Step becomeStale() {
    return Step.get().respond("Cache-Control", "max-age=2", "Template-A", "1").pauseAfter();
  }
}
