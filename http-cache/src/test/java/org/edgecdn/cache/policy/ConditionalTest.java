package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.date;
import static org.edgecdn.cache.policy.Fixtures.headers;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §13.1.2-3 and RFC 9111 §4.3.2: answering a client's conditional from the cache. */
class ConditionalTest {

  private static boolean notModified(MultiMap request, String... stored) {
    return Conditional.notModified(request, headers(stored));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abcdef\"", "W/\"abcdef\""})
  void ifNoneMatch_weakComparison_returnsNotModified(String storedEtag) {
    assertThat(notModified(headers("If-None-Match", "W/\"abcdef\""), "ETag", storedEtag))
        .isTrue();
    assertThat(notModified(headers("If-None-Match", "\"abcdef\""), "ETag", storedEtag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abcdef\", \"1234\", \"5678\"", "\"1234\", \"abcdef\", \"5678\"",
      "\"1234\", \"5678\", \"abcdef\"", "\"1234\",\"abcdef\""})
  void ifNoneMatch_listWithTheTagAnywhere_returnsNotModified(String list) {
    assertThat(notModified(headers("If-None-Match", list), "ETag", "\"abcdef\"")).isTrue();
  }

  @Test
  void ifNoneMatch_onSeveralLines_returnsNotModified() {
    assertThat(notModified(headers("If-None-Match", "\"x\"", "If-None-Match", "\"abcdef\""),
        "ETag", "\"abcdef\"")).isTrue();
  }

  @Test
  void ifNoneMatch_star_matchesAnyStoredResponse() {
    assertThat(notModified(headers("If-None-Match", "*"), "Content-Type", "text/plain"))
        .isTrue();
  }

  @Test
  void ifNoneMatch_otherTag_isModified() {
    assertThat(notModified(headers("If-None-Match", "\"other\""), "ETag", "\"abcdef\""))
        .isFalse();
  }

  @Test
  void ifNoneMatch_storedWithoutEtag_isModified() {
    assertThat(notModified(headers("If-None-Match", "\"abcdef\""), "Last-Modified", date(-10)))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcdef", "w/\"abcdef\"", "W\\\"abcdef\"", "W\"abcdef\""})
  void ifNoneMatch_malformedTag_neverMatches(String tag) {
    assertThat(notModified(headers("If-None-Match", tag), "ETag", tag)).isFalse();
  }

  @Test
  void ifNoneMatch_tagWithObsText_matches() {
    assertThat(notModified(headers("If-None-Match", "\"abcdef\u00fc\""),
        "ETag", "\"abcdef\u00fc\"")).isTrue();
  }

  @Test
  void ifNoneMatch_takesPrecedenceOverIfModifiedSince_section13_2_2() {
    MultiMap request = headers("If-None-Match", "\"other\"", "If-Modified-Since", date(0));

    assertThat(notModified(request, "ETag", "\"abcdef\"", "Last-Modified", date(-5000)))
        .isFalse();
  }

  @Test
  void ifNoneMatch_matching_winsOverFailingIfModifiedSince() {
    MultiMap request = headers("If-None-Match", "\"abcdef\"", "If-Modified-Since", date(-9000));

    assertThat(notModified(request, "ETag", "\"abcdef\"", "Last-Modified", date(-5000)))
        .isTrue();
  }

  @Test
  void ifModifiedSince_equalToLastModified_returnsNotModified() {
    assertThat(notModified(headers("If-Modified-Since", date(-3000)),
        "Last-Modified", date(-3000))).isTrue();
  }

  @Test
  void ifModifiedSince_afterLastModified_returnsNotModified() {
    assertThat(notModified(headers("If-Modified-Since", date(-2000)),
        "Last-Modified", date(-3000))).isTrue();
  }

  @Test
  void ifModifiedSince_beforeLastModified_isModified() {
    assertThat(notModified(headers("If-Modified-Since", date(-4000)),
        "Last-Modified", date(-3000))).isFalse();
  }

  @Test
  void ifModifiedSince_rfc850Form_isUnderstood() {
    assertThat(notModified(headers("If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT"),
        "Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")).isTrue();
  }

  @Test
  void ifModifiedSince_withoutLastModified_usesStoredDate_rfc9111Section4_3_2() {
    assertThat(notModified(headers("If-Modified-Since", date(10)), "Date", date(0))).isTrue();
    assertThat(notModified(headers("If-Modified-Since", date(-10)), "Date", date(0))).isFalse();
  }

  @Test
  void ifModifiedSince_noDatesStored_isModified() {
    assertThat(notModified(headers("If-Modified-Since", date(0)), "ETag", "\"a\"")).isFalse();
  }

  @Test
  void ifModifiedSince_invalidDate_isIgnored() {
    assertThat(notModified(headers("If-Modified-Since", "yesterday"),
        "Last-Modified", date(-3000))).isFalse();
  }

  @Test
  void ifModifiedSince_twoLines_isIgnored() {
    assertThat(notModified(headers("If-Modified-Since", date(0), "If-Modified-Since", date(0)),
        "Last-Modified", date(-3000))).isFalse();
  }

  @Test
  void noPreconditions_isModified() {
    assertThat(notModified(headers(), "ETag", "\"a\"", "Last-Modified", date(-1))).isFalse();
  }

  @Test
  void notModifiedHeaders_carryTheStoredFields_butTheBodysLengthAndCookies() {
    MultiMap stored = headers("Content-Encoding", "gzip", "Cache-Control", "max-age=60",
        "Content-Location", "/a",
        "Date", date(0), "ETag", "\"a\"", "Expires", date(60), "Vary", "Accept",
        "Vary", "Accept-Encoding", "Last-Modified", date(-10), "Content-Type", "text/html",
        "Content-Length", "5", "Set-Cookie", "a=b", "Surrogate-Key", "t1",
        "CDN-Cache-Control", "max-age=600", "Content-Security-Policy", "default-src 'self'");

    MultiMap out = Conditional.notModifiedHeaders(stored);

    assertThat(out.names()).containsExactlyInAnyOrder("Cache-Control", "CDN-Cache-Control",
        "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified",
        "Content-Type", "Surrogate-Key", "Content-Security-Policy");
    assertThat(out.getAll("vary")).containsExactly("Accept", "Accept-Encoding");
  }

  @Test
  void notModifiedHeaders_withoutEtag_carryLastModified() {
    assertThat(Conditional.notModifiedHeaders(headers("Last-Modified", date(-10), "Date",
        date(0))).get("last-modified")).isEqualTo(date(-10));
  }
}
