package org.edgecdn.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaryKeyTest {

  private static final List<String> VARY_LANGUAGE = List.of("Accept-Language");

  @Test
  void vary_acceptLanguage_enAndFr_differ() {
    Optional<String> en = VaryKey.secondary(VARY_LANGUAGE, headers("Accept-Language", "en"));
    Optional<String> fr = VaryKey.secondary(VARY_LANGUAGE, headers("Accept-Language", "fr"));

    assertThat(en).contains("accept-language:en");
    assertThat(fr).contains("accept-language:fr");
  }

  @Test
  void vary_acceptLanguage_caseIgnored_butOrderKept() {
    Optional<String> lower = VaryKey.secondary(VARY_LANGUAGE,
        headers("Accept-Language", "en-GB, de;q=0.5"));
    Optional<String> mixed = VaryKey.secondary(VARY_LANGUAGE,
        headers("Accept-Language", "EN-gb, De;Q=0.5"));
    Optional<String> reversed = VaryKey.secondary(VARY_LANGUAGE,
        headers("Accept-Language", "de;q=0.5, en-GB"));

    assertThat(mixed).isEqualTo(lower);
    assertThat(reversed).isNotEqualTo(lower);
  }

  @Test
  void vary_star_isUncacheable() {
    assertThat(VaryKey.secondary(List.of("*"), headers())).isEmpty();
    assertThat(VaryKey.secondary(List.of("Accept-Language, *"), headers())).isEmpty();
    assertThat(VaryKey.fieldNames(List.of("Cookie", "*"))).containsExactly("*");
  }

  @Test
  void vary_absentVsEmpty_differ() {
    Optional<String> absent = VaryKey.secondary(VARY_LANGUAGE, headers());
    Optional<String> empty = VaryKey.secondary(VARY_LANGUAGE, headers("Accept-Language", ""));

    assertThat(absent).contains("accept-language");
    assertThat(empty).contains("accept-language:");
  }

  @Test
  void vary_none_isTheEmptySecondaryKey() {
    assertThat(VaryKey.secondary(List.of(), headers("Accept-Language", "en"))).contains("");
    assertThat(VaryKey.secondary(List.of(" , "), headers())).contains("");
  }

  @Test
  void vary_fieldNames_areLowerCasedDeduplicatedAndSorted() {
    assertThat(VaryKey.fieldNames(List.of("Accept-Language, accept-encoding", "ACCEPT-LANGUAGE",
        " X-Device ,"))).containsExactly("accept-encoding", "accept-language", "x-device");
  }

  @Test
  void vary_fieldOrder_doesNotMatter() {
    MultiMap request = headers("Accept-Language", "en", "X-Device", "mobile");

    assertThat(VaryKey.secondary(List.of("X-Device, Accept-Language"), request))
        .isEqualTo(VaryKey.secondary(List.of("accept-language", "x-device"), request))
        .contains("accept-language:en\nx-device:mobile");
  }

  @Test
  void vary_whitespace_isNormalizedAndFieldLinesJoined() {
    MultiMap spaced = headers("Accept-Language", "  en-US ,  fr;q=0.8\t, de  ");
    MultiMap lines = headers("Accept-Language", "en-US", "Accept-Language", "fr;q=0.8, de");

    assertThat(VaryKey.secondary(VARY_LANGUAGE, spaced))
        .contains("accept-language:en-us,fr;q=0.8,de");
    assertThat(VaryKey.secondary(VARY_LANGUAGE, lines))
        .isEqualTo(VaryKey.secondary(VARY_LANGUAGE, spaced));
    assertThat(VaryKey.secondary(List.of("User-Agent"), headers("User-Agent", "a   b\t c")))
        .contains("user-agent:a b c");
  }

  @Test
  void vary_acceptEncoding_ignoresOrderCaseAndSpacing() {
    List<String> vary = List.of("Accept-Encoding");
    Optional<String> chrome =
        VaryKey.secondary(vary, headers("Accept-Encoding", "gzip, deflate, br"));
    Optional<String> other =
        VaryKey.secondary(vary, headers("Accept-Encoding", "BR,gzip ,deflate"));

    assertThat(chrome).contains("accept-encoding:br,deflate,gzip").isEqualTo(other);
  }

  @Test
  void vary_acceptEncoding_keepsQValues() {
    List<String> vary = List.of("Accept-Encoding");

    assertThat(VaryKey.secondary(vary, headers("Accept-Encoding", "gzip; q=0.5, br")))
        .contains("accept-encoding:br,gzip;q=0.5")
        .isNotEqualTo(VaryKey.secondary(vary, headers("Accept-Encoding", "gzip, br")));
  }

  @Test
  void vary_secondaryForNames_isSecondaryOfTheStoredNames() {
    List<String> vary = List.of("Accept-Encoding, Accept-Language");
    MultiMap request = headers("Accept-Language", "fr", "Accept-Encoding", "gzip");

    assertThat(VaryKey.secondaryForNames(VaryKey.fieldNames(vary), request))
        .isEqualTo(VaryKey.secondary(vary, request));
  }

  @Test
  void vary_valueWithALineBreak_isUncacheable() {
    assertThat(VaryKey.secondaryForNames(List.of("x-a"), headers("X-A", "a\nb"))).isEmpty();
  }

  /** A case-insensitive header map, as Vert.x hands out, from name, value pairs. */
  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }
}
