package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.date;
import static org.edgecdn.cache.policy.Fixtures.headers;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §4.3.1 (conditional request), §4.3.4 (selecting), §3.2 (merging a 304). */
class RevalidationTest {

  @Test
  void conditionalHeaders_fromEtagAndLastModified_section4_3_1() {
    MultiMap out = Revalidation.conditionalHeaders(
        headers("ETag", "\"abcdef\"", "Last-Modified", date(-3000)));

    assertThat(out.get("If-None-Match")).isEqualTo("\"abcdef\"");
    assertThat(out.get("If-Modified-Since")).isEqualTo(date(-3000));
  }

  @Test
  void conditionalHeaders_weakEtag_isSentAsIs() {
    assertThat(Revalidation.conditionalHeaders(headers("ETag", "W/\"abcdef\""))
        .get("If-None-Match")).isEqualTo("W/\"abcdef\"");
  }

  @Test
  void conditionalHeaders_malformedValidators_areLeftOut() {
    assertThat(Revalidation.conditionalHeaders(
        headers("ETag", "abcdef", "Last-Modified", "yesterday")).isEmpty()).isTrue();
  }

  @Test
  void conditionalHeaders_noValidators_isEmpty_aPlainRefetch() {
    assertThat(Revalidation.conditionalHeaders(headers("Date", date(0))).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Test-Header", "X-Test-Header", "Content-Foo", "X-Content-Foo",
      "Content-Type", "Content-MD5", "Content-Location", "Content-Security-Policy",
      "X-Frame-Options", "X-XSS-Protection", "Cache-Control", "Expires", "Clear-Site-Data",
      "Public-Key-Pins", "Set-Cookie", "Set-Cookie2", "ETag", "Last-Modified", "Date"})
  void mergeNotModified_replacesFieldPresentIn304_cacheTestsUpdate304(String field) {
    MultiMap stored = headers(field, "value-A", "Other", "kept");

    MultiMap merged = Revalidation.mergeNotModified(stored, headers(field, "value-B"));

    assertThat(merged.getAll(field)).containsExactly("value-B");
    assertThat(merged.get("Other")).isEqualTo("kept");
  }

  @Test
  void mergeNotModified_keepsFieldThe304Omits() {
    MultiMap merged = Revalidation.mergeNotModified(
        headers("Test-Header", "A", "Cache-Control", "max-age=1"),
        headers("Cache-Control", "max-age=3600"));

    assertThat(merged.get("Test-Header")).isEqualTo("A");
    assertThat(merged.get("Cache-Control")).isEqualTo("max-age=3600");
  }

  @Test
  void mergeNotModified_replacesAllLinesOfAField() {
    MultiMap merged = Revalidation.mergeNotModified(
        headers("Set-Cookie", "a=1", "Set-Cookie", "b=2"),
        headers("set-cookie", "c=3", "Set-Cookie", "d=4"));

    assertThat(merged.getAll("Set-Cookie")).containsExactly("c=3", "d=4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length", "Content-Encoding", "Content-Range",
      "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
      "Proxy-Authenticate"})
  void mergeNotModified_neverTakesBodyOrHopByHopFields_section3_2(String field) {
    MultiMap merged = Revalidation.mergeNotModified(headers(field, "stored"),
        headers(field, "from-304"));

    assertThat(merged.getAll(field)).containsExactly("stored");
  }

  @Test
  void mergeNotModified_neverTakesFieldsThe304sConnectionNames() {
    MultiMap merged = Revalidation.mergeNotModified(headers("X-Hop", "stored"),
        headers("Connection", "X-Hop", "X-Hop", "from-304"));

    assertThat(merged.getAll("X-Hop")).containsExactly("stored");
  }

  @Test
  void mergeNotModified_leavesItsInputsAlone() {
    MultiMap stored = headers("A", "1");
    MultiMap notModified = headers("A", "2");

    Revalidation.mergeNotModified(stored, notModified);

    assertThat(stored.get("A")).isEqualTo("1");
    assertThat(notModified.get("A")).isEqualTo("2");
  }

  @Test
  void selectsStored_strongEtag_needsStrongMatch_section4_3_4() {
    assertThat(Revalidation.selectsStored(headers("ETag", "\"a\""), headers("ETag", "\"a\"")))
        .isTrue();
    assertThat(Revalidation.selectsStored(headers("ETag", "W/\"a\""), headers("ETag", "\"a\"")))
        .isFalse();
    assertThat(Revalidation.selectsStored(headers("ETag", "\"b\""), headers("ETag", "\"a\"")))
        .isFalse();
  }

  @Test
  void selectsStored_weakEtag_weakMatch() {
    assertThat(Revalidation.selectsStored(headers("ETag", "\"a\""), headers("ETag", "W/\"a\"")))
        .isTrue();
  }

  @Test
  void selectsStored_byLastModifiedWithoutEtag() {
    assertThat(Revalidation.selectsStored(headers("Last-Modified", date(-5)),
        headers("Last-Modified", date(-5)))).isTrue();
    assertThat(Revalidation.selectsStored(headers("Last-Modified", date(-5)),
        headers("Last-Modified", date(-1)))).isFalse();
  }

  @Test
  void selectsStored_304WithoutValidators_answersOurRequest() {
    assertThat(Revalidation.selectsStored(headers("ETag", "\"a\""), headers("Date", date(0))))
        .isTrue();
  }
}
