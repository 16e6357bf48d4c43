package org.edgecdn.testkit;

import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.REUSED;
import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.UPSTREAM;
import static org.edgecdn.testkit.CacheTestsTwoRequests.Outcome.VALIDATED;

import java.util.List;

/**
 * Scenarios of the cache-tests.fyi suite (http-tests/cache-tests, by test id) that store one
 * response and ask again after a pause: what the cache must do with the second request. Shared
 * by the policy's own test (through the functions alone) and the edge's conformance test (over
 * the network). Ids marked "(check)" are tests of the suite without a required answer; the
 * outcome given is ours, and where it differs from the suite's preferred one the comment says
 * why.
 */
public final class CacheTestsTwoRequests {

  /** What the cache does with the second request. */
  public enum Outcome {
    /** Served from the cache (fresh, stale-while-revalidate or max-stale). */
    REUSED,
    /** Went upstream: not stored, or stored but must be revalidated (any kind). */
    UPSTREAM,
    /** Went upstream with a conditional request built from the stored validators. */
    VALIDATED
  }

  /**
   * @param id the suite's test id
   * @param firstRequest request fields of the storing request, names and values in turn
   * @param status the origin's status
   * @param response the origin's fields; a value {@code @N} is the date N seconds after the
   *     response
   * @param pause seconds between the response and the second request
   * @param secondRequest request fields of the second request
   */
  public record Scenario(String id, String[] firstRequest, int status, String[] response,
      int pause, String[] secondRequest, Outcome expected) {

    @Override
    public String toString() {
      return id;
    }
  }

  private CacheTestsTwoRequests() {}

  private static String[] h(String... namesAndValues) {
    return namesAndValues;
  }

  private static Scenario row(String id, String[] response, int pause, Outcome expected) {
    return new Scenario(id, h(), 200, response, pause, h(), expected);
  }

  private static Scenario row(String id, int status, String[] response, Outcome expected) {
    return new Scenario(id, h(), status, response, 3, h(), expected);
  }

  private static Scenario row(String id, String[] firstRequest, String[] response, int pause,
      String[] secondRequest, Outcome expected) {
    return new Scenario(id, firstRequest, 200, response, pause, secondRequest, expected);
  }

  public static List<Scenario> all() {
    return List.of(
        // cc-freshness
        row("freshness-none", h(), 3, UPSTREAM),
        row("freshness-max-age", h("Cache-Control", "max-age=3600"), 3, REUSED),
        row("freshness-max-age-quoted", h("Cache-Control", "max-age=\"3600\""), 3, REUSED),
        row("freshness-max-age-single-quoted", h("Cache-Control", "max-age='3600'"), 3,
            UPSTREAM),
        row("freshness-max-age-ignore-quoted",
            h("Cache-Control", "extension=\"max-age=100\", max-age=1"), 3, UPSTREAM),
        row("freshness-max-age-ignore-quoted-rev",
            h("Cache-Control", "max-age=1, extension=\"max-age=100\""), 3, UPSTREAM),
        row("freshness-max-age-ignore-quoted-all",
            h("Cache-Control", "extension=\"max-age=100\", max-age=\"1\""), 3, UPSTREAM),
        row("freshness-max-age-space-before-equals", h("Cache-Control", "max-age =100"), 3,
            UPSTREAM),
        row("freshness-max-age-space-after-equals", h("Cache-Control", "max-age= 100"), 3,
            UPSTREAM),
        row("freshness-max-age-0", h("Cache-Control", "max-age=0"), 3, UPSTREAM),
        row("freshness-max-age-a100", h("Cache-Control", "max-age=a100"), 3, UPSTREAM),
        row("freshness-max-age-100a", h("Cache-Control", "max-age=100a"), 3, UPSTREAM),
        row("freshness-max-age-negative", h("Cache-Control", "max-age=-100"), 3, UPSTREAM),
        row("freshness-max-age-max", h("Cache-Control", "max-age=2147483648"), 3, REUSED),
        row("freshness-max-age-max-plus", h("Cache-Control", "max-age=99999999999"), 3,
            REUSED),
        row("freshness-max-age-age", h("Date", "@0", "Cache-Control", "max-age=10",
            "Age", "15"), 3, UPSTREAM),
        row("freshness-max-age-expires", h("Cache-Control", "max-age=3600",
            "Expires", "@-10000", "Date", "@0"), 3, REUSED),
        row("freshness-max-age-expires-invalid", h("Cache-Control", "max-age=3600",
            "Expires", "0", "Date", "@0"), 3, REUSED),
        row("freshness-max-age-0-expires", h("Expires", "@10000", "Cache-Control", "max-age=0",
            "Date", "@0"), 3, UPSTREAM),
        row("freshness-max-age-extension", h("Cache-Control", "foobar, max-age=3600"), 3,
            REUSED),
        row("freshness-max-age-case-insenstive", h("Cache-Control", "MaX-aGe=3600"), 3,
            REUSED),
        row("freshness-max-age-leading-zero", h("Cache-Control", "max-age=003600"), 3, REUSED),
        row("freshness-s-maxage-shared", h("Cache-Control", "s-maxage=3600"), 3, REUSED),
        row("freshness-max-age-s-maxage-shared-longer",
            h("Cache-Control", "max-age=3600, s-maxage=1"), 3, UPSTREAM),
        row("freshness-max-age-s-maxage-shared-longer-reversed",
            h("Cache-Control", "s-maxage=1, max-age=3600"), 3, UPSTREAM),
        row("freshness-max-age-s-maxage-shared-longer-multiple",
            h("Cache-Control", "max-age=3600", "Cache-Control", "s-maxage=1"), 3, UPSTREAM),
        row("freshness-max-age-s-maxage-shared-shorter",
            h("Cache-Control", "max-age=1, s-maxage=3600"), 3, REUSED),
        // cc-parse (checks): conflicting duplicates are treated as stale, a choice §4.2.1 allows
        row("freshness-max-age-two-fresh-stale-sameline (check)",
            h("Cache-Control", "max-age=1800, max-age=1"), 3, UPSTREAM),
        row("freshness-max-age-two-stale-fresh-sepline (check)",
            h("Cache-Control", "max-age=1", "Cache-Control", "max-age=1800"), 3, UPSTREAM),
        row("freshness-max-age-decimal-zero (check)", h("Cache-Control", "max-age=3600.0"), 3,
            UPSTREAM),
        // expires-freshness and expires-parse
        row("freshness-expires-future", h("Expires", "@2592000", "Date", "@0"), 3, REUSED),
        row("freshness-expires-past", h("Expires", "@-2592000", "Date", "@0"), 3, UPSTREAM),
        row("freshness-expires-present", h("Expires", "@0", "Date", "@0"), 0, UPSTREAM),
        row("freshness-expires-old-date", h("Expires", "@300", "Date", "@400"), 3, UPSTREAM),
        row("freshness-expires-invalid", h("Expires", "0", "Date", "@0"), 3, UPSTREAM),
        row("freshness-expires-invalid-utc",
            h("Expires", "Thu, 18 Aug 2050 02:01:18 UTC", "Date", "@0"), 3, UPSTREAM),
        row("freshness-expires-invalid-2-digit-year",
            h("Expires", "Thu, 18 Aug 50 02:01:18 GMT", "Date", "@0"), 3, UPSTREAM),
        row("freshness-expires-invalid-no-comma",
            h("Expires", "Thu 18 Aug 2050 02:01:18 GMT", "Date", "@0"), 3, UPSTREAM),
        row("freshness-expires-invalid-multiple-spaces",
            h("Expires", "Thu, 18  Aug  2050 02:01:18 GMT", "Date", "@0"), 0, UPSTREAM),
        row("freshness-expires-invalid-date-dashes",
            h("Expires", "Thu, 18-Aug-2050 02:01:18 GMT", "Date", "@0"), 0, UPSTREAM),
        row("freshness-expires-invalid-time-periods",
            h("Expires", "Thu, 18 Aug 2050 02.01.18 GMT", "Date", "@0"), 0, UPSTREAM),
        row("freshness-expires-invalid-1-digit-hour",
            h("Expires", "Thu, 18 Aug 2050 2:01:18 GMT", "Date", "@0"), 0, UPSTREAM),
        row("freshness-expires-wrong-case-weekday",
            h("Expires", "THU, 18 Aug 2050 02:01:18 GMT", "Date", "@0"), 3, REUSED),
        row("freshness-expires-wrong-case-month",
            h("Expires", "Thu, 18 AUG 2050 02:01:18 GMT", "Date", "@0"), 3, REUSED),
        row("freshness-expires-wrong-case-tz",
            h("Expires", "Thu, 18 Aug 2050 02:01:18 gMT", "Date", "@0"), 3, REUSED),
        row("freshness-expires-invalid-date", h("Date", "foo", "Expires", "@10"), 0, REUSED),
        row("freshness-expires-age-slow-date", h("Date", "@-10", "Expires", "@10", "Age", "25"),
            0, UPSTREAM),
        row("freshness-expires-age-fast-date", h("Date", "@10", "Expires", "@20", "Age", "15"),
            0, UPSTREAM),
        // age-parse (checks): an invalid Age is ignored
        row("age-parse-nonnumeric (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "abc"), 3, REUSED),
        row("age-parse-negative (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "-7200"), 3, REUSED),
        row("age-parse-float (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "7200.0"), 3, REUSED),
        // Of a list the first member counts (RFC 9111 §5.1): 7200 here, so the response is old
        // (a required test in the suite's later versions).
        row("age-parse-suffix", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "7200,0"), 3, UPSTREAM),
        row("age-parse-suffix-twoline", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "7200", "Age", "0"), 3, UPSTREAM),
        row("age-parse-prefix (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "0,7200"), 3, REUSED),
        row("age-parse-prefix-twoline (check)", h("Date", "@0", "Cache-Control",
            "max-age=3600", "Age", "0", "Age", "7200"), 3, REUSED),
        row("age-parse-dup-0 (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "0, 0"), 3, REUSED),
        row("age-parse-dup-0-twoline (check)", h("Date", "@0", "Cache-Control",
            "max-age=3600", "Age", "0", "Age", "0"), 3, REUSED),
        row("age-parse-dup-old (check)", h("Date", "@0", "Cache-Control", "max-age=3600",
            "Age", "7200, 7200"), 3, UPSTREAM),
        row("age-parse-dup-old-twoline (check)", h("Date", "@0", "Cache-Control",
            "max-age=3600", "Age", "7200", "Age", "7200"), 3, UPSTREAM),
        // cc-response
        row("cc-resp-private-shared", h("Cache-Control", "private, max-age=3600"), 0,
            UPSTREAM),
        row("cc-resp-no-store", h("Cache-Control", "no-store"), 0, UPSTREAM),
        row("cc-resp-no-store-case-insensitive", h("Cache-Control", "No-StOrE"), 0, UPSTREAM),
        row("cc-resp-no-store-fresh", h("Cache-Control", "max-age=10000, no-store",
            "Expires", "@10000", "Date", "@0"), 0, UPSTREAM),
        row("cc-resp-no-cache", h("Cache-Control", "max-age=10000, no-cache",
            "Expires", "@10000", "Date", "@0"), 0, UPSTREAM),
        row("cc-resp-no-cache-revalidate", h("Cache-Control", "no-cache", "ETag", "\"abcd\""),
            0, VALIDATED),
        row("cc-resp-no-cache-revalidate-fresh", h("Cache-Control", "max-age=10000, no-cache",
            "Expires", "@10000", "Date", "@0", "ETag", "\"abcd\""), 0, VALIDATED),
        row("cc-resp-must-revalidate-fresh", h("Cache-Control", "max-age=10000, must-revalidate",
            "ETag", "\"abcd\""), 0, REUSED),
        row("cc-resp-must-revalidate-stale", h("Cache-Control", "max-age=2, must-revalidate",
            "ETag", "\"abcd\""), 3, VALIDATED),
        // heuristic-freshness
        row("heuristic-200-cached", 200, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-203-cached", 203, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-204-cached", 204, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-404-cached", 404, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-410-cached", 410, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-501-cached", 501, h("Last-Modified", "@-86400", "Date", "@0"), REUSED),
        row("heuristic-201-not_cached", 201, h("Last-Modified", "@-86400", "Date", "@0"),
            UPSTREAM),
        row("heuristic-403-not_cached", 403, h("Last-Modified", "@-86400", "Date", "@0"),
            UPSTREAM),
        row("heuristic-503-not_cached", 503, h("Last-Modified", "@-86400", "Date", "@0"),
            UPSTREAM),
        row("heuristic-599-not_cached", 599, h("Last-Modified", "@-86400", "Date", "@0"),
            UPSTREAM),
        row("heuristic-599-cached (public)", 599, h("Last-Modified", "@-86400", "Date", "@0",
            "Cache-Control", "public"), REUSED),
        // status: explicit freshness makes any final status reusable
        row("status-302-fresh", 302, h("Cache-Control", "max-age=100000"), REUSED),
        row("status-500-fresh", 500, h("Cache-Control", "max-age=100000"), REUSED),
        row("status-503-stale", 503, h("Cache-Control", "max-age=2"), UPSTREAM),
        // cdn-cache-control
        row("cdn-max-age", h("CDN-Cache-Control", "max-age=3600"), 3, REUSED),
        row("cdn-max-age-max", h("CDN-Cache-Control", "max-age=2147483648"), 3, REUSED),
        row("cdn-max-age-max-plus", h("CDN-Cache-Control", "max-age=99999999999"), 3, REUSED),
        row("cdn-max-age-age", h("Date", "@0", "CDN-Cache-Control", "max-age=3600",
            "Age", "7200"), 3, UPSTREAM),
        row("cdn-max-age-space-before-equals (check)", h("Cache-Control", "max-age=1",
            "CDN-Cache-Control", "max-age =100"), 3, UPSTREAM),
        row("cdn-max-age-space-after-equals (check)", h("Cache-Control", "max-age=1",
            "CDN-Cache-Control", "max-age= 100"), 3, UPSTREAM),
        row("cdn-max-age-0", h("CDN-Cache-Control", "max-age=0"), 3, UPSTREAM),
        row("cdn-max-age-extension", h("CDN-Cache-Control", "foobar, max-age=3600"), 3,
            REUSED),
        // RFC 8941 dictionary keys are lower case: the field is invalid and ignored.
        row("cdn-max-age-case-insensitive (check)", h("CDN-Cache-Control", "MaX-aGe=3600"), 3,
            UPSTREAM),
        row("cdn-max-age-expires", h("CDN-Cache-Control", "max-age=3600",
            "Expires", "@-10000", "Date", "@0"), 3, REUSED),
        row("cdn-max-age-cc-max-age-invalid-expires", h("CDN-Cache-Control", "max-age=3600",
            "Expires", "0", "Date", "@0"), 3, REUSED),
        row("cdn-max-age-0-expires", h("CDN-Cache-Control", "max-age=0",
            "Expires", "@10000", "Date", "@0"), 3, UPSTREAM),
        row("cdn-max-age-short-cc-max-age", h("Cache-Control", "max-age=1",
            "CDN-Cache-Control", "max-age=3600"), 3, REUSED),
        row("cdn-max-age-long-cc-max-age", h("Cache-Control", "max-age=3600",
            "CDN-Cache-Control", "max-age=1"), 3, UPSTREAM),
        row("cdn-private", h("CDN-Cache-Control", "private", "Cache-Control", "max-age=10000",
            "Expires", "@10000", "Date", "@0"), 0, UPSTREAM),
        row("cdn-no-cache", h("CDN-Cache-Control", "no-cache", "Cache-Control", "max-age=10000",
            "Expires", "@10000", "Date", "@0"), 0, UPSTREAM),
        row("cdn-no-store-cc-fresh", h("Cache-Control", "max-age=10000",
            "CDN-Cache-Control", "no-store", "Expires", "@10000", "Date", "@0"), 3, UPSTREAM),
        row("cdn-fresh-cc-nostore", h("Cache-Control", "no-store",
            "CDN-Cache-Control", "max-age=10000"), 3, REUSED),
        row("cdn-cc-invalid-sh-type-unknown", h("CDN-Cache-Control", "max-age=10000, &&&&&",
            "Cache-Control", "no-store"), 3, UPSTREAM),
        row("cdn-cc-invalid-sh-type-wrong", h("CDN-Cache-Control", "max-age=\"10000\"",
            "Cache-Control", "no-store"), 3, UPSTREAM),
        // surrogate-control
        row("surrogate-max-age", h("Surrogate-Control", "max-age=3600"), 3, REUSED),
        row("surrogate-max-age-space-before-equals", h("Cache-Control", "max-age=1",
            "Surrogate-Control", "max-age =100"), 3, UPSTREAM),
        row("surrogate-max-age-space-after-equals", h("Cache-Control", "max-age=1",
            "Surrogate-Control", "max-age= 100"), 3, UPSTREAM),
        row("surrogate-max-age-0", h("Surrogate-Control", "max-age=0"), 3, UPSTREAM),
        row("surrogate-max-age-extension", h("Surrogate-Control", "foobar, max-age=3600"), 3,
            REUSED),
        row("surrogate-max-age-case-insensitive", h("Surrogate-Control", "MaX-aGe=3600"), 3,
            REUSED),
        row("surrogate-max-age-expires", h("Surrogate-Control", "max-age=3600",
            "Expires", "@-10000", "Date", "@0"), 3, REUSED),
        row("surrogate-max-age-cc-max-age-invalid-expires", h("Surrogate-Control",
            "max-age=3600", "Expires", "0", "Date", "@0"), 3, REUSED),
        row("surrogate-max-age-0-expires", h("Surrogate-Control", "max-age=0",
            "Expires", "@10000", "Date", "@0"), 3, UPSTREAM),
        row("surrogate-max-age-short-cc-max-age", h("Cache-Control", "max-age=1",
            "Surrogate-Control", "max-age=3600"), 3, REUSED),
        row("surrogate-max-age-long-cc-max-age", h("Cache-Control", "max-age=3600",
            "Surrogate-Control", "max-age=1"), 3, UPSTREAM),
        row("surrogate-max-age-age", h("Surrogate-Control", "max-age=3600", "Age", "12000"), 3,
            UPSTREAM),
        row("surrogate-no-store", h("Surrogate-Control", "no-store"), 3, UPSTREAM),
        row("surrogate-no-store-cc-fresh", h("Cache-Control", "max-age=10000",
            "Surrogate-Control", "no-store", "Expires", "@10000", "Date", "@0"), 3, UPSTREAM),
        // authorization
        row("other-authorization", h("Authorization", "FOO"), h("Expires", "@2592000",
            "Date", "@0"), 3, h(), UPSTREAM),
        row("other-authorization-public", h("Authorization", "FOO"),
            h("Cache-Control", "max-age=3600, public", "Date", "@0"), 3, h(), REUSED),
        row("other-authorization-must-revalidate", h("Authorization", "FOO"),
            h("Cache-Control", "max-age=3600, must-revalidate", "Date", "@0"), 3, h(), REUSED),
        row("other-authorization-smaxage", h("Authorization", "FOO"),
            h("Cache-Control", "s-maxage=3600", "Date", "@0"), 3, h(), REUSED),
        // cc-request (checks): request directives are honoured
        row("ccreq-ma0", h(), h("Cache-Control", "max-age=100000"), 3,
            h("Cache-Control", "max-age=0"), UPSTREAM),
        row("ccreq-ma1", h(), h("Cache-Control", "max-age=100000"), 3,
            h("Cache-Control", "max-age=1"), UPSTREAM),
        row("ccreq-magreaterage", h(), h("Cache-Control", "max-age=3600", "Age", "1800"), 0,
            h("Cache-Control", "max-age=600"), UPSTREAM),
        row("ccreq-max-stale", h(), h("Cache-Control", "max-age=1"), 3,
            h("Cache-Control", "max-stale=1000"), REUSED),
        row("ccreq-max-stale-age", h(), h("Cache-Control", "max-age=1500", "Age", "2000"), 0,
            h("Cache-Control", "max-stale=1000"), REUSED),
        row("ccreq-min-fresh", h(), h("Cache-Control", "max-age=1500"), 0,
            h("Cache-Control", "min-fresh=2000"), UPSTREAM),
        row("ccreq-min-fresh-age", h(), h("Cache-Control", "max-age=1500", "Age", "1000"), 0,
            h("Cache-Control", "min-fresh=1000"), UPSTREAM),
        row("ccreq-no-cache", h(), h("Cache-Control", "max-age=3600"), 0,
            h("Cache-Control", "no-cache"), UPSTREAM),
        row("ccreq-no-cache-lm", h(), h("Cache-Control", "max-age=3600",
            "Last-Modified", "@-10000", "Date", "@0"), 0, h("Cache-Control", "no-cache"),
            VALIDATED),
        row("ccreq-no-cache-etag", h(), h("Cache-Control", "max-age=3600", "ETag", "\"abc\""),
            0, h("Cache-Control", "no-cache"), VALIDATED),
        // pragma: request Pragma stands in for a missing Cache-Control (RFC 7234 §5.4)
        row("pragma-request-no-cache (check)", h(), h("Cache-Control", "max-age=3600"), 0,
            h("Pragma", "no-cache"), UPSTREAM),
        row("pragma-request-extension (check)", h(), h("Cache-Control", "max-age=3600"), 0,
            h("Pragma", "unrecognised-extension"), REUSED),
        row("pragma-response-no-cache (check)", h("Cache-Control", "max-age=3600",
            "Pragma", "no-cache"), 0, REUSED),
        row("pragma-response-no-cache-heuristic (check)", h("Last-Modified", "@-10000",
            "Pragma", "no-cache"), 0, REUSED),
        // vary-parse
        row("vary-syntax-star", h("Cache-Control", "max-age=5000", "Vary", "*"), 0, UPSTREAM),
        row("vary-syntax-foo-star", h("Cache-Control", "max-age=5000", "Vary", "Foo, *"), 0,
            UPSTREAM),
        // other
        row("other-fresh-content-disposition-attachment (check)", h("Cache-Control",
            "max-age=3600", "Content-Disposition", "attachment; filename=example.txt"), 0,
            REUSED),
        // A deliberate departure: Set-Cookie responses are not stored unless the site strips it.
        row("other-set-cookie (optimal)", h("Cache-Control", "max-age=3600",
            "Set-Cookie", "a=b"), 0, UPSTREAM),
        row("other-cookie", h(), h("Cache-Control", "max-age=3600"), 0, h("Cookie", "a=b"),
            REUSED));
  }
}
