package org.edgecdn.edge.conformance;

import static org.edgecdn.edge.conformance.Step.Type.CACHED;
import static org.edgecdn.edge.conformance.Step.Type.ETAG_VALIDATED;
import static org.edgecdn.edge.conformance.Step.Type.LM_VALIDATED;
import static org.edgecdn.edge.conformance.Step.Type.NOT_CACHED;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache-tests.fyi group {@code update304} (tests/update304.mjs, over the field list of
 * tests/header-list.mjs): which stored fields a {@code 304} updates (RFC 9111 §3.2, §4.3.4).
 * Each test stores a response with a field at value A and an {@code ETag}, lets it go stale,
 * is validated by a {@code 304} carrying value B, then is reused. The suite's "check" tests
 * (fields it neither requires nor forbids updating) are marked so.
 *
 * <p>Not ported: the fields the list marks as not storable (hop-by-hop and proxy fields:
 * {@code Connection}, {@code Keep-Alive}, {@code Proxy-*}, {@code TE}, {@code Transfer-Encoding},
 * {@code Upgrade}); the suite generates no test for them.
 */
final class Update304Scenarios {

  private static final String LAST_MODIFIED = "Wed, 01 Jan 2020 00:00:00 GMT";

  private enum Kind { MUST_UPDATE, MUST_NOT_UPDATE, CHECK, CHECK_KEPT }

  private Update304Scenarios() {}

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    all.add(Scenario.of("304-lm-use-stored-Test-Header",
        Step.get().respond("Cache-Control", "max-age=2", "Last-Modified", LAST_MODIFIED,
            "Date", "@0", "Test-Header", "Test-Header-value-A").pauseAfter(),
        Step.get().respond("Last-Modified", LAST_MODIFIED, "Date", "@0").expect(LM_VALIDATED)
            .expectHeaders("Test-Header", "Test-Header-value-A")));
    all.add(update("Test-Header", Kind.MUST_UPDATE));
    all.add(update("X-Test-Header", Kind.MUST_UPDATE));
    all.add(update("Content-Foo", Kind.MUST_UPDATE));
    all.add(update("X-Content-Foo", Kind.MUST_UPDATE));
    all.add(update("Cache-Control", "max-age=1", "max-age=3600", Kind.MUST_UPDATE));
    // The edge keeps what describes the stored body's encoding and extent (RFC 9111 §3.2 lets a
    // cache omit fields its stored response depends on): Revalidation.NOT_UPDATED.
    all.add(update("Content-Encoding", Kind.CHECK_KEPT));
    all.add(update("Content-Location", "/foo", "/bar", Kind.CHECK));
    all.add(update("Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==", "N7UdGUp1E+RbVvZSTy1R8g==",
        Kind.CHECK));
    all.add(update("Content-Range", Kind.CHECK_KEPT));
    all.add(update("Content-Security-Policy", "default-src 'self'",
        "default-src 'self' cdn.example.com", Kind.CHECK));
    all.add(update("Content-Type", "text/plain", "text/plain;charset=utf-8", Kind.CHECK));
    all.add(update("Clear-Site-Data", "cache", "cookies", Kind.CHECK));
    all.add(update("Expires", "Fri, 01 Jan 2038 01:01:01 GMT", "Mon, 11 Jan 2038 11:11:11 GMT",
        Kind.CHECK));
    all.add(update("Public-Key-Pins", Kind.CHECK));
    all.add(update("X-Frame-Options", "deny", "sameorigin", Kind.CHECK));
    all.add(update("X-XSS-Protection", "1", "1; mode=block", Kind.CHECK));
    all.add(contentLength());
    all.add(setCookie("Set-Cookie"));
    all.add(setCookie("Set-Cookie2"));
    return all;
  }

  /**
   * Not run: the edge differs from the suite. {@code ETag}: a 304 carrying another strong
   * {@code ETag} than the stored one does not select it (RFC 9111 §4.3.4, "MUST NOT use the
   * new response to update"), so the edge fetches the response again unconditionally
   * (CachedPath, the 304 branch), which this origin answers 999. A check test the RFC answers.
   */
  static List<Scenario> knownFailures() {
    return List.of(update("ETag", "\"abcdef\"", "\"ghijkl\"", Kind.CHECK));
  }

  private static Scenario update(String name, Kind kind) {
    return update(name, name + "-value-A", name + "-value-B", kind);
  }

  /** The suite's three requests: store A, validate with a 304 carrying B, reuse. */
  private static Scenario update(String name, String valueA, String valueB, Kind kind) {
    boolean kept = kind == Kind.MUST_NOT_UPDATE || kind == Kind.CHECK_KEPT;
    String expected = kept ? valueA : valueB;
    String etag = name.equals("ETag") ? null : "\"" + name + "-etag-1\"";
    String id = "304-etag-update-response-" + name
        + (kind == Kind.CHECK ? " (check)" : kind == Kind.CHECK_KEPT ? " (check; kept)" : "");
    Step validated = response(name, valueB, etag).expect(ETAG_VALIDATED)
        .expectHeaders(name, expected);
    if (kept) {
      validated.mayDiffer(name);
    }
    return Scenario.of(id,
        response(name, valueA, etag).pauseAfter(),
        validated,
        response(name, expected, null).expect(CACHED).expectHeaders(name, expected));
  }

  private static Step response(String name, String value, String etag) {
    Step step = Step.get().respond("Date", "@0", name, value);
    if (!name.equals("Cache-Control")) {
      step.respond("Cache-Control", "max-age=2");
    }
    if (etag != null) {
      step.respond("ETag", etag);
    }
    return step;
  }

  /** {@code Content-Length} must not be updated by a 304 (RFC 9111 §3.2). */
  private static Scenario contentLength() {
    String etag = "\"Content-Length-etag-1\"";
    return Scenario.of("304-etag-update-response-Content-Length",
        response("Content-Length", "5", etag).body("12345").pauseAfter(),
        response("Content-Length", "10", etag).body("12345").expect(ETAG_VALIDATED)
            .expectHeaders("Content-Length", "5").mayDiffer("Content-Length"),
        response("Content-Length", "5", null).body("12345").expect(CACHED)
            .expectHeaders("Content-Length", "5"));
  }

  /**
   * A check test the edge answers by a documented departure (docs/caching.md §12): a response
   * with {@code Set-Cookie} (or the obsolete {@code Set-Cookie2}, treated alike) is not stored,
   * so nothing is validated and every request reaches the origin, whose value the client gets.
   */
  private static Scenario setCookie(String name) {
    String etag = "\"" + name + "-etag-1\"";
    return Scenario.of("304-etag-update-response-" + name + " (check; cookies not stored)",
        response(name, "a=b", etag).pauseAfter(),
        response(name, "a=c", etag).expect(NOT_CACHED).expectHeaders(name, "a=c"),
        response(name, "a=c", null).expect(NOT_CACHED).expectHeaders(name, "a=c"));
  }
}
