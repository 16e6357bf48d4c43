package org.edgecdn.edge.conformance;

import java.util.List;

/**
 * The suite's {@code tests/other.mjs}: {@code Age} and {@code Date} of stored responses, the
 * query in the key, {@code Content-Disposition}. The ids that {@code CacheTestsTwoRequests}
 * already runs ({@code other-fresh-content-disposition-attachment}, {@code other-set-cookie},
 * {@code other-cookie}) are left out. The fake clock makes {@code Age} exact: the suite's
 * "more than 2" after its 3 s pause is 3 here.
 */
final class OtherScenarios {

  private OtherScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("other-age-gen",
            Step.freshTemplate().pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Age", "3")),
        // other-age-delay (check): in knownFailures().
        Scenario.of("other-age-update-expires",
            Step.get().respond("Expires", "@2592000", "Date", "@0", "Age", "30").pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Age", "33")),
        Scenario.of("other-age-update-max-age",
            Step.freshTemplate().respond("Age", "30").pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Age", "33")),
        // Date as the origin sent it, 3 s before the second request.
        Scenario.of("other-date-update",
            Step.freshTemplate().pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Date", "@-3")),
        Scenario.of("other-date-update-expires",
            Step.get().respond("Expires", "@2592000", "Date", "@0").pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Date", "@-3")),
        Scenario.of("other-date-update-expires-update (check)",
            Step.get().respond("Expires", "@2592000", "Date", "@0").pauseAfter(),
            Step.get().expect(Step.Type.CACHED).expectHeaders("Expires", "@2591997")),
        Scenario.of("query-args-different",
            Step.freshTemplate().query("test=query-args-different-1"),
            Step.get().query("test=query-args-different-2").expect(Step.Type.NOT_CACHED)),
        Scenario.of("query-args-same",
            Step.freshTemplate().query("test=query-args-same"),
            Step.get().query("test=query-args-same").expect(Step.Type.CACHED)),
        Scenario.of("other-heuristic-content-disposition-attachment (check)",
            Step.get().respond("Last-Modified", "@-100000", "Date", "@0",
                "Content-Disposition", "attachment; filename=example.txt"),
            Step.get().expect(Step.Type.CACHED)));
  }

  /**
   * Rows where the edge differs from the suite's expectation, not run: each a "check" or
   * "optimal" test, a choice RFC 9111 leaves open.
   *
   * <p>{@code other-age-delay}: the origin answers 5 s after the request, so the answer is
   * already 5 s old when it arrives (response_delay, RFC 9111 §4.2.3); the suite asks whether
   * the cache says so with {@code Age}. The edge streams a fill's head to the client as the
   * origin sent it (no {@code Age}); only answers from the store get one. No MUST: §5.1 asks
   * for {@code Age} on answers not generated or validated by the origin for this request.
   */
  static List<Scenario> knownFailures() {
    return List.of(
        Scenario.of("other-age-delay (check)",
            Step.get().respond("Cache-Control", "max-age=3600", "Date", "@0").responsePause(5)
                .expectHeaders("Age", "5")));
  }
}
