package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §5.6.7: the three date forms, and what is invalid. */
class HttpDatesTest {

  /** Sun, 06 Nov 1994 08:49:37 GMT, the RFC's own example. */
  private static final long RFC_EXAMPLE = 784_111_777_000L;

  @Test
  void imfFixdate_rfcExample_parsesToEpochMillis() {
    assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"))
        .isEqualTo(OptionalLong.of(RFC_EXAMPLE));
  }

  @Test
  void rfc850_obsoleteForm_parsesToSameInstant() {
    assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"))
        .isEqualTo(OptionalLong.of(RFC_EXAMPLE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Sun Nov  6 08:49:37 1994", "Sun Nov 06 08:49:37 1994"})
  void asctime_spaceOrZeroPaddedDay_parsesToSameInstant(String value) {
    assertThat(HttpDates.parse(value)).isEqualTo(OptionalLong.of(RFC_EXAMPLE));
  }

  @Test
  void format_writesImfFixdate() {
    assertThat(HttpDates.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void format_thenParse_roundTripsToTheSecond() {
    long millis = Fixtures.T0 + 123;
    assertThat(HttpDates.parse(HttpDates.format(millis)))
        .isEqualTo(OptionalLong.of(Fixtures.T0));
  }

  @Test
  void namesWithWrongCase_areAccepted_robustnessOfSection5_6_7() {
    assertThat(HttpDates.parse("THU, 18 AUG 2050 02:01:18 gMT"))
        .isEqualTo(HttpDates.parse("Thu, 18 Aug 2050 02:01:18 GMT"))
        .isPresent();
  }

  @Test
  void weekdayNotMatchingDate_isAccepted() {
    assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT"))
        .isEqualTo(OptionalLong.of(RFC_EXAMPLE));
  }

  @Test
  void leapSecond_readsAsSecond59() {
    assertThat(HttpDates.parse("Sat, 31 Dec 2016 23:59:60 GMT"))
        .isEqualTo(HttpDates.parse("Sat, 31 Dec 2016 23:59:59 GMT"))
        .isPresent();
  }

  @Test
  void dateAfter2038_parses_no32BitOverflow() {
    assertThat(HttpDates.parse("Thu, 18 Aug 2050 02:01:18 GMT"))
        .isEqualTo(OptionalLong.of(2_544_400_878_000L));
  }

  @Test
  void rfc850TwoDigitYear_pivotsAt1970() {
    assertThat(HttpDates.parse("Monday, 01-Jan-69 00:00:00 GMT"))
        .isEqualTo(HttpDates.parse("Tue, 01 Jan 2069 00:00:00 GMT"));
    assertThat(HttpDates.parse("Thursday, 01-Jan-70 00:00:00 GMT"))
        .isEqualTo(OptionalLong.of(0));
  }

  @Test
  void surroundingWhitespace_isIgnored() {
    assertThat(HttpDates.parse("  Sun, 06 Nov 1994 08:49:37 GMT\t"))
        .isEqualTo(OptionalLong.of(RFC_EXAMPLE));
  }

  /** The cache-tests.fyi "expires-parse" cases plus impossible dates: invalid, no exception. */
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "0",
      "-1",
      "Thu, 18 Aug 2050 02:01:18 UTC",
      "Thu, 18 Aug 50 02:01:18 GMT",
      "Thu 18 Aug 2050 02:01:18 GMT",
      "Thu, 18  Aug  2050 02:01:18 GMT",
      "Thu, 18-Aug-2050 02:01:18 GMT",
      "Thu, 18 Aug 2050 02.01.18 GMT",
      "Thu, 18 Aug 2050 2:01:18 GMT",
      "Thu, 31 Feb 2050 02:01:18 GMT",
      "Thu, 18 Aug 2050 24:00:00 GMT",
      "Thu, 18 Aug 2050 02:61:18 GMT",
      "Foo, 18 Aug 2050 02:01:18 GMT",
      "Thu, 18 Foo 2050 02:01:18 GMT",
      "Thu, 18 Aug 2050 02:01:18 GMT extra",
      "Sunday, 06-Nov-1994 08:49:37 GMT",
      "Sun, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 94",
      "2050-08-18T02:01:18Z"})
  void invalidDate_isEmpty_notAnException(String value) {
    assertThat(HttpDates.parse(value)).isEmpty();
  }
}
