package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.NOT_CACHED;

import java.util.List;

/**
 * The cache-tests.fyi group {@code tests/method.mjs} (id {@code method}): a {@code POST} answer
 * with explicit freshness and a {@code Content-Location} naming its own URL, reused for a later
 * {@code GET} (optional behaviour).
 */
final class MethodScenarios {

  private MethodScenarios() {}

  static List<Scenario> all() {
    return List.of(
        // Stored POST responses are not implemented (docs/caching.md section 12), and a 2xx to
        // a POST drops the URL (section 8): the GET goes to the origin. The suite's magic
        // Content-Location (the test's own URL) is the empty reference, which resolves to it.
        Scenario.of("method-POST (POST answers not stored)",
            Step.request("POST").header("Content-Type", "text/plain").requestBody("12345")
                .respond("Expires", "@" + 30 * 24 * 60 * 60, "Content-Location", "",
                    "Date", "@0")
                .pauseAfter(),
            Step.get().expect(NOT_CACHED)));
  }
}
