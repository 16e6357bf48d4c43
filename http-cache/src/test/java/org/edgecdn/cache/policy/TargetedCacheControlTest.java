package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9213 §2.1: CDN-Cache-Control is a Structured Field Dictionary (RFC 8941); invalid ones are
 * ignored as a whole, so the next field governs.
 */
class TargetedCacheControlTest {

  private static CacheControl parse(String... lines) {
    return TargetedCacheControl.parse(List.of(lines));
  }

  @Test
  void maxAge_isAnInteger() {
    assertThat(parse("max-age=60").seconds("max-age")).isEqualTo(OptionalLong.of(60));
  }

  @Test
  void extensionBeforeMaxAge_isKept() {
    CacheControl cc = parse("foobar, max-age=3600");

    assertThat(cc.has("foobar")).isTrue();
    assertThat(cc.seconds("max-age")).isEqualTo(OptionalLong.of(3600));
  }

  @Test
  void booleans_presentWhenTrue_absentWhenFalse() {
    CacheControl cc = parse("no-store=?0, must-revalidate, public=?1");

    assertThat(cc.has("no-store")).isFalse();
    assertThat(cc.has("must-revalidate")).isTrue();
    assertThat(cc.has("public")).isTrue();
  }

  @Test
  void severalLines_combineAsOneDictionary() {
    CacheControl cc = parse("max-age=60", "no-cache");

    assertThat(cc.seconds("max-age")).isEqualTo(OptionalLong.of(60));
    assertThat(cc.unqualified("no-cache")).isTrue();
  }

  @Test
  void repeatedKey_lastWins_rfc8941Section4_2_2() {
    assertThat(parse("max-age=1, max-age=60").seconds("max-age")).isEqualTo(OptionalLong.of(60));
  }

  @Test
  void hugeMaxAge_clampsTo2pow31() {
    assertThat(parse("max-age=99999999999").seconds("max-age"))
        .isEqualTo(OptionalLong.of(CacheControl.MAX_DELTA_SECONDS));
  }

  @Test
  void parameters_areParsedAndIgnored() {
    assertThat(parse("max-age=60;foo=bar;baz, no-cache;x=\"y\"").seconds("max-age"))
        .isEqualTo(OptionalLong.of(60));
  }

  @Test
  void privateWithString_listsFields() {
    assertThat(parse("private=\"Set-Cookie, X-Id\"").fields("private"))
        .containsExactly("set-cookie", "x-id");
  }

  @Test
  void privateWithInnerList_listsFields() {
    assertThat(parse("private=(\"set-cookie\" x-id)").fields("private"))
        .containsExactly("set-cookie", "x-id");
  }

  @Test
  void unknownDirectiveOnly_isValidAndNotEmpty_soItGoverns_rfc9213Section3_1() {
    CacheControl cc = parse("none");

    assertThat(cc).isNotNull();
    assertThat(cc.has("none")).isTrue();
    assertThat(cc.has("max-age")).isFalse();
  }

  @Test
  void extensionValues_areKeptAsText() {
    CacheControl cc = parse("a=tok, b=\"str\", c=:aGk=:, d=12");

    assertThat(List.of(cc.argument("a"), cc.argument("b"), cc.argument("c"), cc.argument("d")))
        .containsExactly("tok", "str", "aGk=", "12");
  }

  @Test
  void otherBareItemTypes_areValidForExtensions() {
    assertThat(parse("a=1.5, b=:aGVsbG8=:, c=@1700000000, d=tok/en:x, e=-3, f=(1 2);p"))
        .isNotNull();
  }

  /** cache-tests.fyi "cdn-cache-control" invalid cases, and other RFC 8941 failures. */
  @ParameterizedTest
  @ValueSource(strings = {
      "MaX-aGe=3600", "max-age =100", "max-age= 100", "max-age=\"10000\"",
      "max-age=10000, &&&&&", "max-age=-1", "max-age=1.5", "max-age", "max-age=60,",
      "max-age=60,,no-cache", "max-age=1234567890123456", "no-store=1", "no-store=?2",
      "private=5", "ext=\"unterminated", "ext=\"bad\\escape\"", "ext=:not base64!:",
      "ext=(a b", "ext=1.", "ext=1.2345", "ext=\u00e9", ", max-age=1", "max-age=1;",
      "max-age=60 no-cache"})
  void invalidDictionaryOrWrongType_isIgnoredAsAWhole(String value) {
    assertThat(parse(value)).isNull();
  }

  @Test
  void emptyOrAbsentField_doesNotGovern() {
    assertThat(TargetedCacheControl.parse(List.of())).isNull();
    assertThat(parse("")).isNull();
    assertThat(parse("   ")).isNull();
  }

  @Test
  void surroundingSpaces_areAllowed() {
    assertThat(parse("  max-age=60  ").seconds("max-age")).isEqualTo(OptionalLong.of(60));
  }
}
