package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.cache.policy.Fixtures.headers;

import java.util.List;
import java.util.OptionalLong;
import org.edgecdn.cache.policy.Freshness.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §4.2 and §4.2.4 (fresh and stale), §5.2.1 (request directives), RFC 5861. */
class ServeabilityTest {

  private static final SitePolicy SITE = SitePolicy.defaults();
  private static final RequestDirectives NONE = RequestDirectives.NONE;

  private static Freshness lifetime(long seconds) {
    return Freshness.of(seconds, Source.MAX_AGE);
  }

  private static Freshness windows(long lifetime, long swr, long sie, boolean mustRevalidate) {
    return new Freshness(lifetime, Source.MAX_AGE, false, List.of(), mustRevalidate, swr, sie);
  }

  private static RequestDirectives request(String cacheControl) {
    return RequestDirectives.of(headers("Cache-Control", cacheControl));
  }

  @Test
  void fresh_isServedWithRemainingTtl() {
    assertThat(Serveability.evaluate(lifetime(100), 40, NONE, SITE))
        .isEqualTo(new Verdict.Fresh(60));
  }

  @Test
  void ageEqualToLifetime_isStale_section4_2() {
    assertThat(Serveability.evaluate(lifetime(100), 100, NONE, SITE))
        .isEqualTo(new Verdict.Revalidate("stale"));
  }

  @Test
  void lifetimeZero_isStaleOnArrival() {
    assertThat(Serveability.evaluate(lifetime(0), 0, NONE, SITE))
        .isEqualTo(new Verdict.Revalidate("stale"));
  }

  @Test
  void responseNoCache_revalidatesEvenWhenFresh_section5_2_2_4() {
    Freshness noCache = new Freshness(100, Source.MAX_AGE, true, List.of(), false, 50, 50);

    assertThat(Serveability.evaluate(noCache, 0, NONE, SITE.withIgnoreClientNoCache(true)))
        .isEqualTo(new Verdict.Revalidate("no-cache"));
  }

  @Test
  void requestNoCache_revalidatesFresh_section5_2_1_4() {
    assertThat(Serveability.evaluate(lifetime(100), 0, request("no-cache"), SITE))
        .isEqualTo(new Verdict.Revalidate("request-no-cache"));
  }

  @Test
  void requestPragmaNoCache_revalidatesFresh() {
    assertThat(Serveability.evaluate(lifetime(100), 0,
        RequestDirectives.of(headers("Pragma", "no-cache")), SITE))
        .isEqualTo(new Verdict.Revalidate("request-no-cache"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-cache", "max-age=0", "min-fresh=1000"})
  void clientRevalidation_ignoredWhenSiteSaysSo(String cacheControl) {
    assertThat(Serveability.evaluate(lifetime(100), 10, request(cacheControl),
        SITE.withIgnoreClientNoCache(true))).isEqualTo(new Verdict.Fresh(90));
  }

  @Test
  void requestMaxAge_olderResponse_revalidates_section5_2_1_1() {
    assertThat(Serveability.evaluate(lifetime(3600), 1800, request("max-age=600"), SITE))
        .isEqualTo(new Verdict.Revalidate("request-max-age"));
  }

  @Test
  void requestMaxAge_ageWithinIt_isFresh() {
    assertThat(Serveability.evaluate(lifetime(3600), 600, request("max-age=600"), SITE))
        .isEqualTo(new Verdict.Fresh(3000));
  }

  @Test
  void requestMaxAge0_agedResponse_revalidates() {
    assertThat(Serveability.evaluate(lifetime(3600), 1, request("max-age=0"), SITE))
        .isEqualTo(new Verdict.Revalidate("request-max-age"));
  }

  @Test
  void requestMaxAge_exceeded_notRescuedByMaxStale() {
    assertThat(Serveability.evaluate(lifetime(10), 100, request("max-age=50, max-stale"), SITE))
        .isEqualTo(new Verdict.Revalidate("request-max-age"));
  }

  @Test
  void requestMinFresh_notEnoughLeft_revalidates_section5_2_1_3() {
    assertThat(Serveability.evaluate(lifetime(1500), 1000, request("min-fresh=1000"), SITE))
        .isEqualTo(new Verdict.Revalidate("request-min-fresh"));
  }

  @Test
  void requestMinFresh_enoughLeft_isFresh() {
    assertThat(Serveability.evaluate(lifetime(1500), 400, request("min-fresh=1000"), SITE))
        .isEqualTo(new Verdict.Fresh(1100));
  }

  @Test
  void requestMinFresh_staleResponse_revalidatesDespiteStaleWhileRevalidate() {
    assertThat(Serveability.evaluate(windows(10, 100, 0, false), 20, request("min-fresh=1"),
        SITE)).isEqualTo(new Verdict.Revalidate("request-min-fresh"));
  }

  @Test
  void staleWhileRevalidate_servesStaleWithinWindow_rfc5861Section3() {
    assertThat(Serveability.evaluate(windows(60, 30, 0, false), 75, NONE, SITE))
        .isEqualTo(new Verdict.StaleWhileRevalidate(15));
  }

  @Test
  void staleWhileRevalidate_windowIsHalfOpen() {
    assertThat(Serveability.evaluate(windows(60, 30, 0, false), 89, NONE, SITE))
        .isEqualTo(new Verdict.StaleWhileRevalidate(29));
    assertThat(Serveability.evaluate(windows(60, 30, 0, false), 90, NONE, SITE))
        .isEqualTo(new Verdict.Revalidate("stale"));
  }

  @Test
  void staleWhileRevalidate_staleOnArrival_servesAtOnce() {
    assertThat(Serveability.evaluate(windows(0, 60, 0, false), 0, NONE, SITE))
        .isEqualTo(new Verdict.StaleWhileRevalidate(0));
  }

  @Test
  void mustRevalidate_neverServesStale_section4_2_4() {
    assertThat(Serveability.evaluate(windows(60, 30, 30, true), 61, request("max-stale"), SITE))
        .isEqualTo(new Verdict.Revalidate("must-revalidate"));
  }

  @Test
  void mustRevalidate_freshIsServed() {
    assertThat(Serveability.evaluate(windows(60, 0, 0, true), 1, NONE, SITE))
        .isEqualTo(new Verdict.Fresh(59));
  }

  @Test
  void requestMaxStale_bare_acceptsAnyStaleness_section5_2_1_2() {
    assertThat(Serveability.evaluate(lifetime(1), 1_000_000, request("max-stale"), SITE))
        .isEqualTo(new Verdict.ClientAcceptsStale(999_999));
  }

  @Test
  void requestMaxStale_bounded_acceptsWithinIt() {
    assertThat(Serveability.evaluate(lifetime(1500), 2000, request("max-stale=1000"), SITE))
        .isEqualTo(new Verdict.ClientAcceptsStale(500));
  }

  @Test
  void requestMaxStale_exceeded_revalidates() {
    assertThat(Serveability.evaluate(lifetime(1500), 2500, request("max-stale=1000"), SITE))
        .isEqualTo(new Verdict.Revalidate("stale"));
  }

  @Test
  void requestMaxStale_honouredEvenWhenSiteIgnoresClientNoCache() {
    assertThat(Serveability.evaluate(lifetime(10), 20, request("max-stale=100"),
        SITE.withIgnoreClientNoCache(true))).isEqualTo(new Verdict.ClientAcceptsStale(10));
  }

  @Test
  void staleWhileRevalidate_preferredOverMaxStale_soTheEntryGetsRefreshed() {
    assertThat(Serveability.evaluate(windows(10, 100, 0, false), 20, request("max-stale"), SITE))
        .isEqualTo(new Verdict.StaleWhileRevalidate(10));
  }

  @Test
  void requestReasons_startWithRequest_othersDoNot() {
    assertThat(List.of("request-no-cache", "request-max-age", "request-min-fresh"))
        .allMatch(why -> why.startsWith("request"));
    assertThat(((Verdict.Revalidate) Serveability.evaluate(lifetime(1), 5, NONE, SITE)).why())
        .doesNotStartWith("request");
  }

  @Test
  void staleIfError_withinResponseWindow_allows_rfc5861Section4() {
    assertThat(Serveability.staleIfErrorAllows(windows(60, 0, 600, false), 600, NONE)).isTrue();
    assertThat(Serveability.staleIfErrorAllows(windows(60, 0, 600, false), 660, NONE))
        .isFalse();
  }

  @Test
  void staleIfError_requestWindow_alsoAllows() {
    RequestDirectives sie = request("stale-if-error=100");

    assertThat(Serveability.staleIfErrorAllows(lifetime(60), 150, sie)).isTrue();
    assertThat(Serveability.staleIfErrorAllows(lifetime(60), 160, sie)).isFalse();
    assertThat(Serveability.staleIfErrorAllows(lifetime(60), 150, NONE)).isFalse();
  }

  @Test
  void staleIfError_freshResponse_allows() {
    assertThat(Serveability.staleIfErrorAllows(lifetime(60), 10, NONE)).isTrue();
  }

  @Test
  void staleIfError_neverWithMustRevalidate() {
    assertThat(Serveability.staleIfErrorAllows(windows(60, 0, 600, true), 70,
        request("stale-if-error=600"))).isFalse();
  }

  @Test
  void staleIfError_neverWithNoCache() {
    Freshness noCache = new Freshness(60, Source.MAX_AGE, true, List.of(), false, 0, 600);

    assertThat(Serveability.staleIfErrorAllows(noCache, 10, NONE)).isFalse();
  }

  @Test
  void requestDirectivesRecord_carriesStaleIfError() {
    assertThat(request("stale-if-error=5").staleIfError()).isEqualTo(OptionalLong.of(5));
  }
}
