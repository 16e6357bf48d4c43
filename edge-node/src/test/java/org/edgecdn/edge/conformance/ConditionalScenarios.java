package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;
import static org.edgecdn.edge.conformance.Step.Type.ETAG_VALIDATED;
import static org.edgecdn.edge.conformance.Step.Type.LM_VALIDATED;

import java.util.List;

/**
 * The cache-tests.fyi group {@code tests/conditional.mjs} (id {@code conditional}), the suite's
 * first conditional-request group, later split into {@code conditional-etag.mjs} and {@code
 * conditional-lm.mjs}: the same questions, freshness given by {@code Expires}. Its dates for
 * {@code If-Modified-Since} are those of the stored {@code Last-Modified}, one pause earlier.
 * Rows marked {@code (check)} hold the edge's answer (docs/caching.md section 5).
 */
final class ConditionalScenarios {

  private ConditionalScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("conditional-lm-fresh",
            lm("@100000"),
            Step.ifModifiedSince("@-3003").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-lm-fresh-earlier",
            lm("@100000"),
            Step.ifModifiedSince("@-2003").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-lm-stale",
            lm("@2"),
            Step.ifModifiedSince("@-3003").expect(LM_VALIDATED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond",
            etag("\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-304-etag",
            etag("\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(304)
                .expectHeaders("ETag", "\"abcdef\"")),
        Scenario.of("conditional-etag-strong-respond-obs-text",
            etag("\"abcdef\u00fc\""),
            Step.ifNoneMatch("\"abcdef\u00fc\"").expect(CACHED).expectStatus(304)
                .expectHeaders("ETag", "\"abcdef\u00fc\"")),
        // Unquoted tags are malformed and never match: the stored 200 answers.
        Scenario.of("conditional-etag-quoted-respond-unquoted (check)",
            etag("\"abcdef\""),
            Step.ifNoneMatch("abcdef").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-unquoted-respond-unquoted (check)",
            etag("abcdef"),
            Step.ifNoneMatch("abcdef").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-unquoted-respond-quoted (check)",
            etag("abcdef"),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond",
            etag("W/\"abcdef\""),
            Step.ifNoneMatch("W/\"abcdef\"").expect(CACHED).expectStatus(304)),
        // The weakness flag is exactly "W/" (RFC 9110 section 8.8.3): malformed otherwise.
        Scenario.of("conditional-etag-weak-respond-lowercase (check)",
            etag("w/\"abcdef\""),
            Step.ifNoneMatch("w/\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond-backslash (check)",
            etag("W\\\"abcdef\""),
            Step.ifNoneMatch("W\\\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond-omit-slash (check)",
            etag("W\"abcdef\""),
            Step.ifNoneMatch("W\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-strong-respond-multiple-first",
            etag("\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\", \"1234\", \"5678\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond-multiple-second",
            etag("\"abcdef\""),
            Step.ifNoneMatch("\"1234\", \"abcdef\", \"5678\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond-multiple-last",
            etag("\"abcdef\""),
            Step.ifNoneMatch("\"1234\", \"5678\", \"abcdef\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-generate",
            stale("\"abcdef\""),
            Step.get().expect(ETAG_VALIDATED).expectRequestHeaders("If-None-Match", "\"abcdef\"")),
        Scenario.of("conditional-etag-weak-generate-weak",
            stale("W/\"abcdef\""),
            Step.get().expect(ETAG_VALIDATED)
                .expectRequestHeaders("If-None-Match", "W/\"abcdef\"")),
        // A malformed stored tag is not sent: a plain refetch, not a quoted one.
        Scenario.of("conditional-etag-strong-generate-unquoted (check)",
            stale("abcdef"),
            Step.get().expect(Step.Type.NOT_CACHED).expectRequestMissing("If-None-Match")));
  }

  private static Step lm(String expires) {
    return Step.get().respond("Expires", expires, "Last-Modified", "@-3000", "Date", "@0")
        .pauseAfter();
  }

  private static Step etag(String value) {
    return Step.get().respond("Expires", "@100000", "ETag", value, "Date", "@0");
  }

  private static Step stale(String etag) {
    return Step.get().respond("Expires", "@1", "ETag", etag, "Date", "@0").pauseAfter();
  }
}
