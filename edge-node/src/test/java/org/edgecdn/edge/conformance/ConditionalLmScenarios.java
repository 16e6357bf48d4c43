package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;
import static org.edgecdn.edge.conformance.Step.Type.LM_VALIDATED;

import java.util.List;

/**
 * The cache-tests.fyi group {@code tests/conditional-lm.mjs} (id {@code conditional-lm}):
 * clients' {@code If-Modified-Since} answered from the cache. The suite's {@code magic_ims}
 * dates count from the stored answer's {@code Date}; the second request is sent one pause
 * ({@value ConformanceRig#PAUSE_SECONDS} s) later, so {@code -3000} there is {@code @-3003} here.
 */
final class ConditionalLmScenarios {

  private ConditionalLmScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("conditional-lm-fresh",
            stored("max-age=100000"),
            Step.ifModifiedSince("@-3003").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-lm-fresh-earlier",
            stored("max-age=100000"),
            Step.ifModifiedSince("@-2003").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-lm-stale",
            stored("max-age=2"),
            Step.ifModifiedSince("@-3003").expect(LM_VALIDATED).expectStatus(304)),
        Scenario.of("conditional-lm-fresh-rfc850",
            stored("max-age=10000"),
            Step.ifModifiedSince("@-3003 rfc850").expect(CACHED).expectStatus(304)));
  }

  /** Not run: the edge differs from the suite (each row's comment says how). */
  static List<Scenario> knownFailures() {
    return List.of(
        // No Last-Modified: the edge compares the stored Date, 3000 s after the client's date,
        // so modified: 200 (http-cache Conditional.java:59-63), as RFC 9111 section 4.3.2
        // says; the suite expects 304.
        Scenario.of("conditional-lm-fresh-no-lm",
            Step.get().respond("Cache-Control", "max-age=10000", "Date", "@0").pauseAfter(),
            Step.ifModifiedSince("@-3003").expect(CACHED).expectStatus(304)));
  }

  private static Step stored(String cacheControl) {
    return Step.get().respond("Cache-Control", cacheControl, "Last-Modified", "@-3000",
        "Date", "@0").pauseAfter();
  }
}
