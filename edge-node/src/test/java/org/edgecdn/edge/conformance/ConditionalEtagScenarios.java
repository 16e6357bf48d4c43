package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;
import static org.edgecdn.edge.conformance.Step.Type.ETAG_VALIDATED;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache-tests.fyi group {@code tests/conditional-etag.mjs} (id {@code conditional-inm}):
 * clients' {@code If-None-Match} answered from the cache, and the {@code If-None-Match} the cache
 * sends to validate. Rows marked {@code (check)} are the suite's questions without a required
 * answer; they hold the edge's answer (docs/caching.md section 5: malformed tags never match,
 * and a miss drops the client's conditionals from the fill).
 */
final class ConditionalEtagScenarios {

  private ConditionalEtagScenarios() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("conditional-etag-strong-respond",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-304-etag",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(304)
                .expectHeaders("ETag", "\"abcdef\"")),
        // The suite's magic_ims: -1 s from the stored answer's Date, sent without a pause.
        Scenario.of("conditional-etag-precedence",
            fresh("Last-Modified", "@-5000", "ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\"").header("If-Modified-Since", "@-1").expect(CACHED)
                .expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond-obs-text (check)",
            fresh("ETag", "\"abcdef\u00fc\""),
            Step.ifNoneMatch("\"abcdef\u00fc\"").expect(CACHED).expectStatus(304)
                .expectHeaders("ETag", "\"abcdef\u00fc\"")),
        // An unquoted tag is malformed on either side: it never matches; the stored 200 answers.
        Scenario.of("conditional-etag-quoted-respond-unquoted (check)",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("abcdef").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-unquoted-respond-unquoted (check)",
            fresh("ETag", "abcdef"),
            Step.ifNoneMatch("abcdef").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-unquoted-respond-quoted (check)",
            fresh("ETag", "abcdef"),
            Step.ifNoneMatch("\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond",
            fresh("ETag", "W/\"abcdef\""),
            Step.ifNoneMatch("W/\"abcdef\"").expect(CACHED).expectStatus(304)),
        // The weakness flag is case-sensitive "W/" (RFC 9110 section 8.8.3): malformed otherwise.
        Scenario.of("conditional-etag-weak-respond-lowercase (check)",
            fresh("ETag", "w/\"abcdef\""),
            Step.ifNoneMatch("w/\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond-backslash (check)",
            fresh("ETag", "W\\\"abcdef\""),
            Step.ifNoneMatch("W\\\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-weak-respond-omit-slash (check)",
            fresh("ETag", "W\"abcdef\""),
            Step.ifNoneMatch("W\"abcdef\"").expect(CACHED).expectStatus(200)),
        Scenario.of("conditional-etag-strong-respond-multiple-first",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"abcdef\", \"1234\", \"5678\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond-multiple-second",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"1234\", \"abcdef\", \"5678\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-strong-respond-multiple-last",
            fresh("ETag", "\"abcdef\""),
            Step.ifNoneMatch("\"1234\", \"5678\", \"abcdef\"").expect(CACHED).expectStatus(304)),
        Scenario.of("conditional-etag-vary-headers",
            Step.get().header("Abc", "123")
                .respond("Expires", "@1", "ETag", "\"abcdef\"", "Date", "@0", "Vary", "Abc")
                .pauseAfter(),
            Step.get().header("Abc", "123").expect(ETAG_VALIDATED)
                .expectRequestHeaders("Abc", "123")),
        // Another variant is a miss: the stored variant's tag is not offered.
        Scenario.of("conditional-etag-vary-headers-mismatch (check)",
            Step.get().header("Abc", "123")
                .respond("Expires", "@10000", "ETag", "\"abcdef\"", "Date", "@0", "Vary", "Abc")
                .pauseAfter(),
            Step.get().header("Abc", "456").expectRequestMissing("If-None-Match")),
        Scenario.of("conditional-etag-strong-generate",
            becomeStale("ETag", "\"abcdef\""),
            Step.get().expect(ETAG_VALIDATED).expectRequestHeaders("If-None-Match", "\"abcdef\"")),
        Scenario.of("conditional-etag-weak-generate-weak",
            becomeStale("ETag", "W/\"abcdef\""),
            Step.get().expect(ETAG_VALIDATED)
                .expectRequestHeaders("If-None-Match", "W/\"abcdef\"")),
        // A malformed stored tag is not sent: a plain refetch, not a quoted one.
        Scenario.of("conditional-etag-strong-generate-unquoted (check)",
            becomeStale("ETag", "abcdef"),
            Step.get().expect(Step.Type.NOT_CACHED).expectRequestMissing("If-None-Match")),
        // A miss drops the client's conditionals from the fill (docs/caching.md section 5).
        Scenario.of("conditional-etag-forward (check)",
            Step.ifNoneMatch("\"abcdef\"").expectRequestMissing("If-None-Match")),
        Scenario.of("conditional-etag-forward-unquoted (check)",
            Step.ifNoneMatch("abcdef").expectRequestMissing("If-None-Match")));
  }


  /**
   * The suite's {@code fresh} template with {@code fields} added (a field named again replaces
   * the template's).
   */
  static Step fresh(String... fields) {
    return Step.get().respond(merged(new String[] {"Expires", "@100000",
        "Cache-Control", "max-age=100000", "Last-Modified", "@0", "Date", "@0"}, fields));
  }

  /** The suite's {@code becomeStale} template with {@code fields} added; pauses after. */
  static Step becomeStale(String... fields) {
    return Step.get().respond(merged(new String[] {"Cache-Control", "max-age=2",
        "Template-A", "1"}, fields)).pauseAfter();
  }

  static String[] merged(String[] template, String[] fields) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < template.length; i += 2) {
      boolean replaced = false;
      for (int j = 0; j < fields.length; j += 2) {
        replaced |= fields[j].equalsIgnoreCase(template[i]);
      }
      if (!replaced) {
        out.add(template[i]);
        out.add(template[i + 1]);
      }
    }
    out.addAll(List.of(fields));
    return out.toArray(String[]::new);
  }
}
