package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * The suite's {@code tests/stale.mjs} (serving stale responses). Most of its tests make the
 * origin close the connection instead of answering ({@link Step#disconnect()}). Without
 * {@code stale-if-error} the edge then answers 502 {@code upstream-broken} and keeps its copy
 * (docs/caching.md section 6): serving stale is a choice RFC 9111 §4.2.4 leaves to a
 * disconnected cache, and the suite's "check" tests ask which was made.
 */
final class StaleScenarios {

  private StaleScenarios() {}

  static List<Scenario> all() {
    return List.of(
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
            Step.get().expect(Step.Type.NOT_CACHED)),
        Scenario.of("stale-close (check: the edge answers 502)",
            becomeStale(),
            upstreamBroken()),
        Scenario.of("stale-sie-close",
            staleIfError(),
            Step.get().disconnect().expect(Step.Type.CACHED)),
        // Despite its name, the suite's second request disconnects, as in stale-sie-close.
        Scenario.of("stale-sie-503",
            staleIfError(),
            Step.get().disconnect().expect(Step.Type.CACHED)),
        forbidden("must-revalidate", ""),
        forbidden("proxy-revalidate", ""),
        forbidden("no-cache", ""),
        forbidden("s-maxage", "=2"),
        // Warning is obsolete (RFC 9111 §5.5): never generated. The suite's setup (a stale
        // copy served after a disconnect) fails here as in stale-close: 502, no Warning.
        Scenario.of("stale-warning-stored (check: 502, no Warning)",
            Step.get().respond("Expires", "@-5000", "Last-Modified", "@-100000", "Date", "@0"),
            upstreamBroken().expectMissing("Warning")),
        Scenario.of("stale-warning-become (check: 502, no Warning)",
            becomeStale(),
            upstreamBroken().expectMissing("Warning")));
  }

  /** A stale copy and {@code cc}: nothing may serve it stale when the origin disconnects. */
  private static Scenario forbidden(String cc, String value) {
    return Scenario.of("stale-close-" + cc + value,
        Step.get().respond("Cache-Control", "max-age=2, " + cc + value).pauseAfter(),
        upstreamBroken());
  }

  private static Step staleIfError() {
    return Step.get().respond("Cache-Control", "max-age=2, stale-if-error=60").pauseAfter();
  }

  /** The origin disconnects; the edge answers its own 502 (its copy kept). */
  private static Step upstreamBroken() {
    return Step.get().disconnect().expect(Step.Type.NOT_CACHED).expectStatus(502);
  }

  /** The suite's "become stale" first request: fresh for 2 s, then a pause. */
  private static Step becomeStale() {
    return Step.get().respond("Cache-Control", "max-age=2", "Template-A", "1").pauseAfter();
  }
}
