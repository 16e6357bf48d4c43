package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.at;
import static org.edgecdn.cache.policy.Fixtures.date;
import static org.edgecdn.cache.policy.Fixtures.headers;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §4.2.3: age calculation, and the cache-tests.fyi "age-parse" cases. */
class AgeTest {

  @Test
  void age_includesUpstreamAgeAndResponseDelay() {
    // Sent at 0, answered at 2 s, Date says 1 s, upstream says 30 s old: 30 + 2.
    MultiMap response = headers("Date", date(1), "Age", "30");

    assertThat(Age.correctedInitialAgeSeconds(response, at(0), at(2))).isEqualTo(32);
  }

  @Test
  void apparentAge_fromAnOldDate_winsOverAge() {
    MultiMap response = headers("Date", date(-100), "Age", "10");

    assertThat(Age.correctedInitialAgeSeconds(response, at(0), at(0))).isEqualTo(100);
  }

  @Test
  void apparentAge_dateInTheFuture_isZero_notNegative() {
    assertThat(Age.correctedInitialAgeSeconds(headers("Date", date(500)), at(0), at(1)))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tomorrow"})
  void missingOrInvalidDate_addsNoApparentAge(String dateValue) {
    MultiMap response = dateValue.isEmpty() ? headers("Age", "5")
        : headers("Date", dateValue, "Age", "5");

    assertThat(Age.correctedInitialAgeSeconds(response, at(0), at(0))).isEqualTo(5);
  }

  @Test
  void initialAge_isRoundedDownOnce_fromMilliseconds() {
    // Date says T0, sent at T0, answered 1.6 s later: 1 s, not 2.
    assertThat(Age.correctedInitialAgeSeconds(headers("Date", date(0)), Fixtures.T0,
        Fixtures.T0 + 1600)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-7200", "7200.0", "7200 s", "0x10", "abc, 7200"})
  void invalidAge_isIgnored(String age) {
    assertThat(Age.correctedInitialAgeSeconds(headers("Date", date(0), "Age", age), at(0),
        at(0))).isZero();
  }

  /** RFC 9111 §5.1: of a list-based Age, the first member counts, the rest are discarded. */
  @Test
  void listOfAges_firstMemberCounts() {
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "7200,0"), at(0), at(0)))
        .isEqualTo(7200);
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "0,7200"), at(0), at(0)))
        .isZero();
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "7200", "Age", "0"), at(0), at(0)))
        .isEqualTo(7200);
  }

  @Test
  void duplicateSameAge_isThatAge() {
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "7200, 7200"), at(0), at(0)))
        .isEqualTo(7200);
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "7200", "Age", "7200"), at(0),
        at(0))).isEqualTo(7200);
  }

  @Test
  void hugeAge_clampsTo2pow31() {
    assertThat(Age.correctedInitialAgeSeconds(headers("Age", "99999999999999"), at(0), at(5)))
        .isEqualTo(CacheControl.MAX_DELTA_SECONDS);
  }

  @Test
  void currentAge_addsResidentTime() {
    assertThat(Age.currentAgeSeconds(30, at(0), at(45))).isEqualTo(75);
  }

  @Test
  void currentAge_clockBehindResponseTime_addsNothing() {
    assertThat(Age.currentAgeSeconds(30, at(10), at(0))).isEqualTo(30);
  }

  @Test
  void currentAge_partialSecondsResident_roundDown() {
    assertThat(Age.currentAgeSeconds(0, at(0), at(0) + 999)).isZero();
    assertThat(Age.currentAgeSeconds(0, at(0), at(0) + 1000)).isEqualTo(1);
  }
}
