package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §5.2: Cache-Control parsing, including the cache-tests.fyi "cc-parse" cases. */
class CacheControlTest {

  private static CacheControl parse(String... lines) {
    return CacheControl.parse(Arrays.asList(lines));
  }

  @Test
  void directiveNames_ignoreCase() {
    CacheControl cc = parse("MaX-AgE=3600, No-StOrE");

    assertThat(cc.has("max-age")).isTrue();
    assertThat(cc.has("NO-STORE")).isTrue();
    assertThat(cc.seconds("Max-Age")).isEqualTo(OptionalLong.of(3600));
    assertThat(cc.names()).containsExactly("max-age", "no-store");
  }

  @Test
  void severalLinesAndCommaLists_combine() {
    CacheControl cc = parse("public, max-age=60", "stale-while-revalidate=30", " , ");

    assertThat(cc.names())
        .containsExactly("public", "max-age", "stale-while-revalidate");
  }

  @Test
  void quotedArgument_countsAsToken_section5_2() {
    assertThat(parse("max-age=\"3600\"").seconds("max-age")).isEqualTo(OptionalLong.of(3600));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "extension=\"max-age=3600\", max-age=1",
      "max-age=1, extension=\"max-age=3600\"",
      "extension=\"max-age=3600\", max-age=\"1\"",
      "max-age=\"1\", extension=\"max-age=3600, x\""})
  void maxAgeInsideQuotedString_isIgnored(String value) {
    assertThat(parse(value).seconds("max-age")).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void quotedStringEscapes_areUndone() {
    assertThat(parse("ext=\"a\\\"b\\\\c\"").argument("ext")).isEqualTo("a\"b\\c");
  }

  @Test
  void leadingZeros_areValid() {
    assertThat(parse("max-age=003600").seconds("max-age")).isEqualTo(OptionalLong.of(3600));
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age=2147483648", "max-age=2147483649", "max-age=99999999999",
      "max-age=999999999999999999999999999999"})
  void hugeDeltaSeconds_clampTo2pow31_section1_2_2(String value) {
    assertThat(parse(value).seconds("max-age"))
        .isEqualTo(OptionalLong.of(CacheControl.MAX_DELTA_SECONDS));
  }

  /** Each leaves max-age present but invalid, which freshness reads as stale. */
  @ParameterizedTest
  @ValueSource(strings = {
      "max-age=abc", "max-age=a100", "max-age=100a", "max-age=-1", "max-age=3600.0",
      "max-age=3600.5", "max-age='3600'", "max-age =3600", "max-age= 3600", "max-age",
      "max-age=", "max-age=\"36", "max-age=\"3600\"x", "max-age=1;x", "max-age=\"\""})
  void malformedOrNonDigitMaxAge_isPresentButInvalid(String value) {
    CacheControl cc = parse(value);

    assertThat(cc.has("max-age")).isTrue();
    assertThat(cc.invalid("max-age")).isTrue();
    assertThat(cc.seconds("max-age")).isEmpty();
  }

  @Test
  void sameValueTwice_isValid() {
    assertThat(parse("max-age=60", "max-age=60").seconds("max-age"))
        .isEqualTo(OptionalLong.of(60));
  }

  @ParameterizedTest
  @ValueSource(strings = {"max-age=1800, max-age=1", "max-age=1, max-age=1800"})
  void conflictingDuplicatesOnOneLine_areInvalid(String value) {
    assertThat(parse(value).invalid("max-age")).isTrue();
  }

  @Test
  void conflictingDuplicatesOnSeparateLines_areInvalid() {
    assertThat(parse("max-age=1800", "max-age=1").invalid("max-age")).isTrue();
  }

  @Test
  void absentDirective_isNeitherPresentNorInvalid() {
    CacheControl cc = parse("public");

    assertThat(cc.has("max-age")).isFalse();
    assertThat(cc.invalid("max-age")).isFalse();
    assertThat(cc.seconds("max-age")).isEmpty();
    assertThat(cc.fields("no-cache")).isEmpty();
    assertThat(cc.argument("max-age")).isNull();
  }

  @Test
  void qualifiedNoCache_listsLowerCasedFields() {
    CacheControl cc = parse("no-cache=\"Set-Cookie, X-Foo\"");

    assertThat(cc.fields("no-cache")).containsExactly("set-cookie", "x-foo");
    assertThat(cc.unqualified("no-cache")).isFalse();
    assertThat(cc.has("no-cache")).isTrue();
  }

  @Test
  void qualifiedTokenForm_listsOneField() {
    assertThat(parse("private=Set-Cookie").fields("private")).containsExactly("set-cookie");
  }

  @Test
  void qualifiedDuplicates_accumulateFields() {
    assertThat(parse("no-cache=\"a\"", "no-cache=\"b, a\"").fields("no-cache"))
        .containsExactly("a", "b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-cache", "no-cache=\"\"", "no-cache=\"a", "no-cache=\"a\", no-cache",
      "no-cache=\" , \""})
  void bareEmptyOrMalformedFieldList_isUnqualified_theStricterMeaning(String value) {
    assertThat(parse(value).unqualified("no-cache")).isTrue();
  }

  @Test
  void bare_meansPresentAndNeverWithArgument() {
    assertThat(parse("max-stale").bare("max-stale")).isTrue();
    assertThat(parse("max-stale=10").bare("max-stale")).isFalse();
    assertThat(parse("max-stale=").bare("max-stale")).isFalse();
    assertThat(parse("public").bare("max-stale")).isFalse();
  }

  @Test
  void membersWithoutName_areSkipped() {
    CacheControl cc = parse("@x, =5, \"quoted\", max-age=5");

    assertThat(cc.names()).containsExactly("max-age");
  }

  @Test
  void noLines_orNullLine_isEmpty() {
    assertThat(CacheControl.parse(List.of()).isEmpty()).isTrue();
    assertThat(CacheControl.parse((String) null).isEmpty()).isTrue();
    assertThat(CacheControl.parse("").isEmpty()).isTrue();
  }
}
