package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.date;
import static org.edgecdn.cache.policy.Fixtures.headers;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §14: byte ranges served from a stored complete response. */
class RangesTest {

  private static final MultiMap STORED = headers("ETag", "\"v1\"", "Date", date(0),
      "Last-Modified", date(-3600));

  private static RangeOutcome evaluate(String range, long length) {
    return Ranges.evaluate("GET", headers("Range", range), STORED, length);
  }

  private static List<ByteRange> partial(RangeOutcome outcome) {
    assertThat(outcome).isInstanceOf(RangeOutcome.Partial.class);
    return ((RangeOutcome.Partial) outcome).ranges();
  }

  @Test
  void range_firstToLast_servesThoseBytes() {
    assertThat(partial(evaluate("bytes=0-1", 11))).containsExactly(new ByteRange(0, 1));
  }

  @Test
  void range_open_servesToTheEnd() {
    assertThat(partial(evaluate("bytes=1-", 11))).containsExactly(new ByteRange(1, 10));
  }

  @Test
  void range_suffix_servesLastBytes() {
    assertThat(partial(evaluate("bytes=-1", 11))).containsExactly(new ByteRange(10, 10));
    assertThat(partial(evaluate("bytes=-500", 10_000)))
        .containsExactly(new ByteRange(9500, 9999));
  }

  @Test
  void range_suffixLongerThanBody_servesWholeBody() {
    assertThat(partial(evaluate("bytes=-500", 10))).containsExactly(new ByteRange(0, 9));
  }

  @Test
  void range_lastBeyondLength_isCutToTheEnd() {
    assertThat(partial(evaluate("bytes=5-500", 10))).containsExactly(new ByteRange(5, 9));
  }

  @Test
  void range_hugeNumbers_saturate_noOverflow() {
    assertThat(partial(evaluate("bytes=0-99999999999999999999999", 10)))
        .containsExactly(new ByteRange(0, 9));
    assertThat(evaluate("bytes=99999999999999999999999-", 10))
        .isInstanceOf(RangeOutcome.Unsatisfiable.class);
  }

  @Test
  void range_beyondLength_isUnsatisfiable() {
    RangeOutcome outcome = evaluate("bytes=20-30", 10);

    assertThat(outcome).isEqualTo(new RangeOutcome.Unsatisfiable(10));
    assertThat(((RangeOutcome.Unsatisfiable) outcome).contentRange()).isEqualTo("bytes */10");
  }

  @Test
  void range_startingAtLength_isUnsatisfiable() {
    assertThat(evaluate("bytes=10-", 10)).isInstanceOf(RangeOutcome.Unsatisfiable.class);
  }

  @Test
  void range_suffixOfZero_isUnsatisfiable_section14_1_1() {
    assertThat(evaluate("bytes=-0", 10)).isInstanceOf(RangeOutcome.Unsatisfiable.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=0-0", "bytes=-5", "bytes=0-"})
  void range_emptyBody_isUnsatisfiable(String range) {
    assertThat(evaluate(range, 0)).isEqualTo(new RangeOutcome.Unsatisfiable(0));
  }

  @Test
  void range_unsatisfiablePartsAmongSatisfiable_areLeftOut() {
    assertThat(partial(evaluate("bytes=0-1, 50-60", 10))).containsExactly(new ByteRange(0, 1));
  }

  @Test
  void range_unitIgnoresCase() {
    assertThat(partial(evaluate("Bytes=0-1", 10))).containsExactly(new ByteRange(0, 1));
  }

  @Test
  void range_optionalWhitespaceAroundCommas_isAllowed() {
    assertThat(partial(evaluate("bytes=0-1 ,\t5-6,,", 10)))
        .containsExactly(new ByteRange(0, 1), new ByteRange(5, 6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"items=0-1", "bytes 0-1", "=0-1", "bytes=", "bytes=a-b",
      "bytes=5-1", "bytes=0-1-2", "bytes=--1", "bytes=0 -1", "bytes=1", "bytes = 0-1",
      "bytes=-", "bytes=+1-2", "bytes=0-1, x"})
  void range_unknownUnitOrMalformed_isIgnored_full(String range) {
    assertThat(evaluate(range, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "POST", "get"})
  void range_onlyForGet_section14_2(String method) {
    assertThat(Ranges.evaluate(method, headers("Range", "bytes=0-1"), STORED, 10))
        .isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void range_noRangeField_full() {
    assertThat(Ranges.evaluate("GET", headers(), STORED, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void range_twoRangeLines_isIgnored() {
    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "Range", "bytes=2-3"),
        STORED, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void range_overlapping_areCoalesced_section14_2() {
    assertThat(partial(evaluate("bytes=0-4, 2-8", 10))).containsExactly(new ByteRange(0, 8));
  }

  @Test
  void range_adjacent_areCoalesced() {
    assertThat(partial(evaluate("bytes=5-9, 0-4", 10))).containsExactly(new ByteRange(0, 9));
  }

  @Test
  void range_sameRangeRepeated_isSentOnce_noAmplification() {
    assertThat(partial(evaluate("bytes=0-,0-,0-,0-,0-,0-,0-,0-", 1_000_000)))
        .containsExactly(new ByteRange(0, 999_999));
  }

  @Test
  void range_disjoint_keepRequestedOrder_section15_3_7_2() {
    assertThat(partial(evaluate("bytes=8-9, 0-1, 4-5", 10)))
        .containsExactly(new ByteRange(8, 9), new ByteRange(0, 1), new ByteRange(4, 5));
  }

  @Test
  void range_sixteenRanges_areServed_seventeenAreIgnored() {
    List<String> specs = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      specs.add((i * 10) + "-" + (i * 10 + 1));
    }
    assertThat(partial(evaluate("bytes=" + String.join(",", specs.subList(0, 16)), 1000)))
        .hasSize(16);
    assertThat(evaluate("bytes=" + String.join(",", specs), 1000)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void ifRange_withMatchingStrongEtag_servesPartial_section13_1_5() {
    assertThat(partial(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range",
        "\"v1\""), STORED, 10))).containsExactly(new ByteRange(0, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"v2\"", "W/\"v1\"", "v1", "\"v1\", \"v2\""})
  void ifRange_withMismatchedEtag_servesFull(String ifRange) {
    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range", ifRange),
        STORED, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void ifRange_storedWeakEtag_servesFull() {
    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range", "\"v1\""),
        headers("ETag", "W/\"v1\""), 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void ifRange_withExactStrongLastModified_servesPartial() {
    assertThat(partial(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range",
        date(-3600)), STORED, 10))).containsExactly(new ByteRange(0, 1));
  }

  @Test
  void ifRange_withOtherDate_servesFull() {
    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range", date(-3000)),
        STORED, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void ifRange_lastModifiedWithin60sOfDate_isWeak_servesFull_section8_8_2_2() {
    MultiMap stored = headers("Date", date(0), "Last-Modified", date(-30));

    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range", date(-30)),
        stored, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void ifRange_invalidDate_servesFull() {
    assertThat(Ranges.evaluate("GET", headers("Range", "bytes=0-1", "If-Range", "yesterday"),
        STORED, 10)).isEqualTo(RangeOutcome.FULL);
  }

  @Test
  void contentRange_namesFirstLastAndLength() {
    assertThat(Ranges.contentRange(new ByteRange(0, 499), 1234)).isEqualTo("bytes 0-499/1234");
    assertThat(new ByteRange(3, 7).length()).isEqualTo(5);
  }
}
