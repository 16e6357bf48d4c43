package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.headers;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 9111 §5.2.1 request directives, §5.4 Pragma, RFC 5861 §4 request stale-if-error. */
class RequestDirectivesTest {

  @Test
  void noHeaders_isNone() {
    assertThat(RequestDirectives.of(headers())).isEqualTo(RequestDirectives.NONE);
  }

  @Test
  void allDirectives_areRead() {
    RequestDirectives d = RequestDirectives.of(headers("Cache-Control",
        "no-cache, no-store, max-age=5, max-stale=6, min-fresh=7, only-if-cached",
        "Cache-Control", "stale-if-error=8"));

    assertThat(d).isEqualTo(new RequestDirectives(true, true, OptionalLong.of(5),
        OptionalLong.of(6), OptionalLong.of(7), true, OptionalLong.of(8)));
  }

  @Test
  void pragmaNoCache_countsWhenNoCacheControl_section5_4() {
    assertThat(RequestDirectives.of(headers("Pragma", "No-Cache")).noCache()).isTrue();
  }

  @Test
  void pragmaNoCache_ignoredWhenCacheControlPresent() {
    assertThat(RequestDirectives.of(headers("Pragma", "no-cache", "Cache-Control",
        "max-age=60")).noCache()).isFalse();
  }

  @Test
  void pragmaExtension_isNotNoCache() {
    assertThat(RequestDirectives.of(headers("Pragma", "unrecognised-extension")).noCache())
        .isFalse();
  }

  @Test
  void bareMaxStale_acceptsAnyStaleness() {
    assertThat(RequestDirectives.of(headers("Cache-Control", "max-stale")).maxStale())
        .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
  }

  @Test
  void maxStaleWithInvalidValue_isIgnored_defaultBehaviour() {
    assertThat(RequestDirectives.of(headers("Cache-Control", "max-stale=abc")).maxStale())
        .isEmpty();
  }

  @Test
  void invalidValues_areIgnored() {
    RequestDirectives d = RequestDirectives.of(
        headers("Cache-Control", "max-age=abc, min-fresh=-1, stale-if-error=1.5"));

    assertThat(d.maxAge()).isEmpty();
    assertThat(d.minFresh()).isEmpty();
    assertThat(d.staleIfError()).isEmpty();
  }

  @Test
  void sixArgumentConstructor_hasNoStaleIfError() {
    assertThat(new RequestDirectives(false, false, OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), false).staleIfError()).isEmpty();
  }
}
