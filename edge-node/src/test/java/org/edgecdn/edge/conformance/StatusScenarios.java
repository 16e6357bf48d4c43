package org.edgecdn.edge.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The suite's {@code tests/status.mjs}: fresh and stale responses of many statuses with
 * explicit freshness, and {@code must-understand}. The ids that {@code CacheTestsTwoRequests}
 * already runs are left out.
 */
final class StatusScenarios {

  private StatusScenarios() {}

  private static final int[] CODES = {200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410,
      499, 500, 502, 503, 504, 599};
  /** Run by the two-request scenarios already. */
  private static final Set<String> ELSEWHERE =
      Set.of("status-302-fresh", "status-500-fresh", "status-503-stale");

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    for (int code : CODES) {
      String body = code == 204 ? null : "status-body-" + code;
      add(all, Scenario.of("status-" + code + "-fresh",
          Step.get().status(code).body(body)
              .respond("Expires", "@100000", "Last-Modified", "@0", "Date", "@0"),
          Step.get().status(code).body(body).expect(Step.Type.CACHED)));
      add(all, Scenario.of("status-" + code + "-stale",
          Step.get().status(code).body(body)
              .respond("Expires", "@-5000", "Last-Modified", "@-100000", "Date", "@0"),
          Step.get().body(body).expect(Step.Type.NOT_CACHED)));
    }
    all.add(Scenario.of("status-599-must-understand",
        Step.get().status(599).respond("Cache-Control", "max-age=3600, no-store, must-understand"),
        Step.get().expect(Step.Type.NOT_CACHED)));
    all.add(Scenario.of("status-200-must-understand",
        Step.get().respond("Cache-Control", "max-age=3600, no-store, must-understand"),
        Step.get().expect(Step.Type.CACHED)));
    return all;
  }

  private static void add(List<Scenario> all, Scenario scenario) {
    if (!ELSEWHERE.contains(scenario.id())) {
      all.add(scenario);
    }
  }
}
