package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9110 §13 conditional GET, without sockets. */
class ConditionalTest {

  private static final String ETAG = "\"abc123\"";
  private static final Instant LAST_MODIFIED = Instant.parse("2025-02-28T09:30:00Z");
  private static final String SAME_TIME = "Fri, 28 Feb 2025 09:30:00 GMT";

  @Test
  void noConditions_modified() {
    assertThat(Conditional.notModified(null, null, ETAG, LAST_MODIFIED)).isFalse();
  }

  @Test
  void ifNoneMatch_sameStrongTag_notModified() {
    assertThat(Conditional.notModified(ETAG, null, ETAG, LAST_MODIFIED)).isTrue();
  }

  @Test
  void ifNoneMatch_weakTag_matchesByWeakComparison() {
    assertThat(Conditional.notModified("W/" + ETAG, null, ETAG, LAST_MODIFIED)).isTrue();
  }

  @Test
  void ifNoneMatch_list_matchesAnyMemberEvenAfterQuotedComma() {
    assertThat(Conditional.notModified("\"a,b\", W/\"x\" ," + ETAG, null, ETAG, LAST_MODIFIED))
        .isTrue();
    assertThat(Conditional.entityTags("\"a,b\", W/\"x\" ," + ETAG))
        .containsExactly("\"a,b\"", "W/\"x\"", ETAG);
  }

  @Test
  void ifNoneMatch_star_notModified() {
    assertThat(Conditional.notModified(" * ", null, ETAG, LAST_MODIFIED)).isTrue();
  }

  @Test
  void ifNoneMatch_otherTag_modifiedEvenIfDateWouldMatch() {
    assertThat(Conditional.notModified("\"other\"", SAME_TIME, ETAG, LAST_MODIFIED)).isFalse();
  }

  @Test
  void ifNoneMatch_unquotedGarbage_modified() {
    assertThat(Conditional.notModified("abc123", null, ETAG, LAST_MODIFIED)).isFalse();
  }

  @Test
  void ifModifiedSince_atOrAfterLastModified_notModified() {
    assertThat(Conditional.notModified(null, SAME_TIME, ETAG, LAST_MODIFIED)).isTrue();
    assertThat(Conditional.notModified(null, "Sat, 01 Mar 2025 00:00:00 GMT", ETAG,
        LAST_MODIFIED)).isTrue();
  }

  @Test
  void ifModifiedSince_beforeLastModified_modified() {
    assertThat(Conditional.notModified(null, "Fri, 28 Feb 2025 09:29:59 GMT", ETAG,
        LAST_MODIFIED)).isFalse();
  }

  @Test
  void ifModifiedSince_invalidDate_ignored() {
    assertThat(Conditional.notModified(null, "yesterday", ETAG, LAST_MODIFIED)).isFalse();
  }

  @Test
  void httpDate_formatsImfFixdateWithTwoDigitDay() {
    assertThat(HttpDate.format(Instant.parse("2025-03-01T08:05:09Z")))
        .isEqualTo("Sat, 01 Mar 2025 08:05:09 GMT");
  }
}
