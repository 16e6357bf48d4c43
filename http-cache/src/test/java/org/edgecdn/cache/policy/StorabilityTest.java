package org.edgecdn.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgecdn.cache.policy.Fixtures.T0;
import static org.edgecdn.cache.policy.Fixtures.date;
import static org.edgecdn.cache.policy.Fixtures.headers;

import io.vertx.core.MultiMap;
import java.util.List;
import org.edgecdn.cache.policy.Freshness.Source;
import org.edgecdn.cache.policy.StoreDecision.DoNotStore;
import org.edgecdn.cache.policy.StoreDecision.Store;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9111 §3 (storing), §4.2.1-2 (freshness), RFC 9213 and Surrogate-Control precedence. */
class StorabilityTest {

  private static final SitePolicy SITE = SitePolicy.defaults();

  private static StoreDecision decide(MultiMap request, int status, MultiMap response,
      SitePolicy site) {
    return Storability.decide("GET", request, status, response, T0, site);
  }

  private static StoreDecision decide(int status, String... response) {
    return decide(headers(), status, headers(response), SITE);
  }

  private static StoreDecision decide(String... response) {
    return decide(200, response);
  }

  private static String refusal(StoreDecision decision) {
    assertThat(decision).isInstanceOf(DoNotStore.class);
    return ((DoNotStore) decision).reason();
  }

  private static Store stored(StoreDecision decision) {
    assertThat(decision).isInstanceOf(Store.class);
    return (Store) decision;
  }

  private static Freshness freshness(String... response) {
    return stored(decide(response)).freshness();
  }

  @Nested
  class Refusals {

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "HEAD", "OPTIONS", "get", "PURGE"})
    void method_otherThanGet_isNotStored_section3(String method) {
      assertThat(refusal(Storability.decide(method, headers(), 200,
          headers("Cache-Control", "max-age=60"), T0, SITE))).isEqualTo("method");
    }

    @Test
    void status206_isPartial_weStoreOnlyCompleteResponses() {
      assertThat(refusal(decide(206, "Cache-Control", "max-age=60",
          "Content-Range", "bytes 0-4/10"))).isEqualTo("partial");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 103, 304, 600, 999, 0, -1})
    void status_informationalNotModifiedOrOutOfRange_isNotStored(int status) {
      assertThat(refusal(decide(status, "Cache-Control", "max-age=60"))).isEqualTo("status");
    }

    @Test
    void sitePass_isNeverStored() {
      assertThat(refusal(decide(headers(), 200, headers("Cache-Control", "public, max-age=60"),
          SITE.withPass(true)))).isEqualTo("pass");
    }

    @Test
    void requestNoStore_isNotStored_section5_2_1_5() {
      assertThat(refusal(decide(headers("Cache-Control", "no-store"), 200,
          headers("Cache-Control", "max-age=60"), SITE))).isEqualTo("request-no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store", "No-StOrE", "max-age=10000, no-store",
        "no-store, max-age=0", "public, no-store"})
    void noStore_isNotStored_evenWhenFresh_section5_2_2_5(String cc) {
      assertThat(refusal(decide("Cache-Control", cc, "Expires", date(10_000), "Date", date(0))))
          .isEqualTo("no-store");
    }

    @Test
    void mustUnderstand_withUnderstoodStatus_ignoresNoStore_section5_2_2_3() {
      Store store = stored(decide("Cache-Control", "must-understand, no-store, max-age=60"));

      assertThat(store.freshness().lifetimeSeconds()).isEqualTo(60);
    }

    @Test
    void mustUnderstand_withUnknownStatus_isNotStored_section5_2_2_3() {
      assertThat(refusal(decide(299, "Cache-Control", "must-understand, no-store, max-age=60")))
          .isEqualTo("status");
    }

    @Test
    void private_unqualified_isNotStored_section5_2_2_7() {
      assertThat(refusal(decide("Cache-Control", "private, max-age=3600"))).isEqualTo("private");
    }

    @Test
    void privateQualified_isStoredWithoutThoseFields_section5_2_2_7() {
      Store store = stored(decide("Cache-Control", "private=\"X-User, X-Session\", max-age=60",
          "X-User", "ann", "X-Other", "kept"));

      assertThat(store.headersToDrop()).contains("x-user", "x-session").doesNotContain("x-other");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*, *", ", *", "*, Foo", "Foo, *", "accept-encoding,*"})
    void varyStar_isNotStored_section4_1(String vary) {
      assertThat(refusal(decide("Cache-Control", "max-age=60", "Vary", vary)))
          .isEqualTo("vary-star");
    }

    @Test
    void varyStarOnSecondLine_isNotStored() {
      assertThat(refusal(decide("Cache-Control", "max-age=60", "Vary", "", "Vary", "*")))
          .isEqualTo("vary-star");
    }

    @Test
    void varyWithFields_isStored_theKeyHandlesIt() {
      stored(decide("Cache-Control", "max-age=60", "Vary", "Accept-Encoding"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-age=3600            | authorization",
        "max-age=3600, public    | store",
        "s-maxage=3600           | store",
        "max-age=3600, must-revalidate | store",
        "private, public, max-age=3600 | private"})
    void authorization_storedOnlyWithPublicSmaxageOrMustRevalidate_section3_5(String cc,
        String outcome) {
      StoreDecision decision = decide(headers("Authorization", "FOO"), 200,
          headers("Cache-Control", cc, "Date", date(0)), SITE);

      if (outcome.equals("store")) {
        stored(decision);
      } else {
        assertThat(refusal(decision)).isEqualTo(outcome);
      }
    }

    @Test
    void authorization_withOnlyExpires_isNotStored() {
      assertThat(refusal(decide(headers("Authorization", "FOO"), 200,
          headers("Expires", date(30 * 24 * 3600), "Date", date(0)), SITE)))
          .isEqualTo("authorization");
    }

    @Test
    void authorization_publicInCdnCacheControl_allowsStoring() {
      stored(decide(headers("Authorization", "FOO"), 200,
          headers("CDN-Cache-Control", "max-age=60, public"), SITE));
    }

    @Test
    void setCookie_notStoredByDefault() {
      assertThat(refusal(decide("Cache-Control", "max-age=60", "Set-Cookie", "id=1")))
          .isEqualTo("set-cookie");
      assertThat(refusal(decide("Cache-Control", "max-age=60", "Set-Cookie2", "id=1")))
          .isEqualTo("set-cookie");
    }

    @Test
    void setCookie_strippedWhenSiteAllows() {
      Store store = stored(decide(headers(), 200,
          headers("Cache-Control", "max-age=60", "Set-Cookie", "id=1"),
          SITE.withStripSetCookie(true)));

      assertThat(store.headersToDrop()).contains("set-cookie", "set-cookie2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-cache=\"Set-Cookie\", max-age=60",
        "private=\"set-cookie\", max-age=60"})
    void setCookie_storedWithoutItWhenOriginExcludesIt(String cc) {
      Store store = stored(decide("Cache-Control", cc, "Set-Cookie", "id=1"));

      assertThat(store.headersToDrop()).contains("set-cookie");
      assertThat(store.freshness().noCache()).isFalse();
    }

    @Test
    void refusals_firstApplicableReasonWins() {
      assertThat(refusal(decide("Cache-Control", "no-store, private", "Set-Cookie", "a=b",
          "Vary", "*"))).isEqualTo("no-store");
      assertThat(refusal(decide("Cache-Control", "private", "Set-Cookie", "a=b")))
          .isEqualTo("private");
      assertThat(refusal(decide("Set-Cookie", "a=b"))).isEqualTo("set-cookie");
    }

    @Test
    void noFreshnessNorValidator_isNotStored() {
      assertThat(refusal(decide("Content-Type", "text/plain"))).isEqualTo("no-freshness");
    }

    @Test
    void pragmaNoCacheInResponse_isIgnored_section5_4() {
      assertThat(freshness("Cache-Control", "max-age=3600", "Pragma", "no-cache").noCache())
          .isFalse();
    }
  }

  @Nested
  class ExplicitFreshness {

    @ParameterizedTest
    @ValueSource(strings = {"max-age=3600, s-maxage=1", "s-maxage=1, max-age=3600"})
    void sMaxage_overridesMaxAge_section5_2_2_10(String cc) {
      Freshness f = freshness("Cache-Control", cc);

      assertThat(f.lifetimeSeconds()).isEqualTo(1);
      assertThat(f.source()).isEqualTo(Source.S_MAXAGE);
    }

    @Test
    void sMaxage_overridesMaxAge_onSeparateLines() {
      assertThat(freshness("Cache-Control", "max-age=3600", "Cache-Control", "s-maxage=1")
          .lifetimeSeconds()).isEqualTo(1);
    }

    @Test
    void sMaxage_longerThanMaxAge_isUsedByASharedCache() {
      assertThat(freshness("Cache-Control", "max-age=1, s-maxage=3600").lifetimeSeconds())
          .isEqualTo(3600);
    }

    @Test
    void sMaxage_impliesProxyRevalidate_section5_2_2_10() {
      assertThat(freshness("Cache-Control", "s-maxage=60").mustRevalidate()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=60, must-revalidate", "max-age=60, proxy-revalidate"})
    void mustOrProxyRevalidate_forbidsStale(String cc) {
      assertThat(freshness("Cache-Control", cc).mustRevalidate()).isTrue();
    }

    @Test
    void maxAge_isLifetime() {
      Freshness f = freshness("Cache-Control", "max-age=3600");

      assertThat(f).isEqualTo(Freshness.of(3600, Source.MAX_AGE));
      assertThat(f.explicit()).isTrue();
    }

    @Test
    void maxAge_overridesPastExpires_section5_3() {
      assertThat(freshness("Cache-Control", "max-age=3600", "Expires", date(-10_000),
          "Date", date(0)).lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void maxAge_overridesInvalidExpires() {
      assertThat(freshness("Cache-Control", "max-age=3600", "Expires", "0", "Date", date(0))
          .lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void maxAge0_withFutureExpires_isStaleOnArrival() {
      assertThat(freshness("Cache-Control", "max-age=0", "Expires", date(10_000),
          "Date", date(0), "ETag", "\"a\"").lifetimeSeconds()).isZero();
    }

    @Test
    void maxAge_hugeValue_clampsTo2pow31() {
      assertThat(freshness("Cache-Control", "max-age=99999999999").lifetimeSeconds())
          .isEqualTo(2147483648L);
    }

    @Test
    void invalidMaxAge_isStale_doesNotFallThroughToExpires_section4_2_1() {
      Freshness f = freshness("Cache-Control", "max-age=abc", "Expires", date(3600),
          "Date", date(0), "ETag", "\"a\"");

      assertThat(f.lifetimeSeconds()).isZero();
      assertThat(f.source()).isEqualTo(Source.MAX_AGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=a100", "max-age=100a", "max-age=-100", "max-age =100",
        "max-age= 100", "max-age='3600'", "max-age=3600.0", "max-age=1800, max-age=1"})
    void invalidMaxAge_withoutValidator_isNotStored(String cc) {
      assertThat(refusal(decide("Cache-Control", cc))).isEqualTo("no-freshness");
    }

    @Test
    void invalidSmaxage_isStale_evenWithValidMaxAge() {
      assertThat(freshness("Cache-Control", "s-maxage=x, max-age=60", "ETag", "\"a\"")
          .lifetimeSeconds()).isZero();
    }

    @Test
    void expires_minusDate_isLifetime_section4_2_1() {
      Freshness f = freshness("Expires", date(3600), "Date", date(100));

      assertThat(f.lifetimeSeconds()).isEqualTo(3500);
      assertThat(f.source()).isEqualTo(Source.EXPIRES);
    }

    @Test
    void expires_withoutDate_countsFromResponseTime() {
      assertThat(freshness("Expires", date(3600)).lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void expires_withInvalidDate_countsFromResponseTime() {
      assertThat(freshness("Expires", date(10), "Date", "foo").lifetimeSeconds()).isEqualTo(10);
    }

    @Test
    void invalidExpires_meansAlreadyStale_section5_3() {
      Freshness f = freshness("Expires", "0", "Date", date(0), "Last-Modified", date(-100));

      assertThat(f.lifetimeSeconds()).isZero();
      assertThat(f.source()).isEqualTo(Source.EXPIRES);
    }

    @Test
    void invalidExpires_withoutValidator_isNotStored() {
      assertThat(refusal(decide("Expires", "0", "Date", date(0)))).isEqualTo("no-freshness");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -30 * 24 * 3600})
    void expiresNotAfterDate_isStale(long offset) {
      assertThat(freshness("Expires", date(offset), "Date", date(0), "ETag", "\"a\"")
          .lifetimeSeconds()).isZero();
    }

    @Test
    void expiresOlderThanDate_bothInTheFuture_isStale() {
      assertThat(freshness("Expires", date(300), "Date", date(400), "ETag", "\"a\"")
          .lifetimeSeconds()).isZero();
    }

    @Test
    void twoDifferentExpires_isStale_section4_2_1() {
      assertThat(freshness("Expires", date(3600), "Expires", date(7200), "ETag", "\"a\"")
          .lifetimeSeconds()).isZero();
    }

    @Test
    void sameExpiresTwice_isValid() {
      assertThat(freshness("Expires", date(3600), "Expires", date(3600)).lifetimeSeconds())
          .isEqualTo(3600);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500,
        502, 503, 504, 599})
    void explicitFreshness_anyFinalStatus_isStored(int status) {
      assertThat(stored(decide(status, "Cache-Control", "max-age=3600")).freshness()
          .lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void noCache_isStoredButRevalidatedEveryUse_section5_2_2_4() {
      Freshness f = freshness("Cache-Control", "max-age=10000, No-CaChE", "ETag", "\"abcd\"");

      assertThat(f.noCache()).isTrue();
      assertThat(f.lifetimeSeconds()).isEqualTo(10_000);
    }

    @Test
    void noCache_withoutValidator_isNotStored_everyUseWouldBeAFullFetch() {
      assertThat(refusal(decide("Cache-Control", "max-age=10000, no-cache",
          "Expires", date(10_000), "Date", date(0)))).isEqualTo("no-freshness");
    }

    @Test
    void noCacheWithFields_dropsThoseFields_notAFullNoCache_section5_2_2_4() {
      Store store = stored(decide("Cache-Control", "no-cache=\"a, B\"", "Cache-Control",
          "max-age=3600", "a", "1", "b", "2", "c", "3"));

      assertThat(store.freshness().noCache()).isFalse();
      assertThat(store.freshness().noCacheFields()).containsExactly("a", "b");
      assertThat(store.headersToDrop()).contains("a", "b").doesNotContain("c");
    }

    @Test
    void staleWindows_comeFromCacheControl_rfc5861() {
      Freshness f = freshness("Cache-Control",
          "max-age=60, stale-while-revalidate=30, stale-if-error=86400");

      assertThat(f.staleWhileRevalidateSeconds()).isEqualTo(30);
      assertThat(f.staleIfErrorSeconds()).isEqualTo(86_400);
    }

    @Test
    void invalidStaleWindow_isZero() {
      assertThat(freshness("Cache-Control", "max-age=60, stale-while-revalidate=x")
          .staleWhileRevalidateSeconds()).isZero();
    }

    @Test
    void staleOnArrival_withStaleWindowButNoValidator_isStored() {
      assertThat(freshness("Cache-Control", "max-age=0, stale-while-revalidate=60")
          .lifetimeSeconds()).isZero();
      assertThat(freshness("Cache-Control", "max-age=0, stale-if-error=60")
          .staleIfErrorSeconds()).isEqualTo(60);
    }

    @Test
    void staleOnArrival_withStaleWindowForbiddenByMustRevalidate_isNotStored() {
      assertThat(refusal(decide("Cache-Control",
          "max-age=0, must-revalidate, stale-while-revalidate=60"))).isEqualTo("no-freshness");
    }
  }

  @Nested
  class HeuristicFreshness {

    @ParameterizedTest
    @CsvSource({
        "200, true", "203, true", "204, true", "300, true", "301, true", "308, true",
        "404, true", "405, true", "410, true", "414, true", "501, true",
        "201, false", "202, false", "302, false", "303, false", "307, false", "403, false",
        "500, false", "502, false", "503, false", "504, false", "599, false"})
    void heuristic_onlyForHeuristicallyCacheableStatuses_rfc9110Section15_1(int status,
        boolean cacheable) {
      StoreDecision decision = decide(status, "Last-Modified", date(-24 * 3600), "Date",
          date(0));

      if (cacheable) {
        assertThat(stored(decision).freshness().source()).isEqualTo(Source.HEURISTIC);
      } else {
        assertThat(refusal(decision)).isEqualTo("no-freshness");
      }
    }

    @Test
    void heuristic_unknownStatusMarkedPublic_isCacheable_section4_2_2() {
      assertThat(stored(decide(599, "Cache-Control", "public", "Last-Modified",
          date(-24 * 3600), "Date", date(0))).freshness().lifetimeSeconds()).isEqualTo(8640);
    }

    @Test
    void heuristic_isTenPercentOfDateMinusLastModified() {
      Freshness f = freshness("Last-Modified", date(-10_000), "Date", date(0));

      assertThat(f.lifetimeSeconds()).isEqualTo(1000);
      assertThat(f.explicit()).isFalse();
    }

    @Test
    void heuristic_withoutDate_countsFromResponseTime() {
      assertThat(freshness("Last-Modified", date(-10_000)).lifetimeSeconds()).isEqualTo(1000);
    }

    @Test
    void heuristic_isCappedBySite() {
      assertThat(freshness("Last-Modified", date(-365L * 24 * 3600), "Date", date(0))
          .lifetimeSeconds()).isEqualTo(86_400);
    }

    @Test
    void heuristic_usesSiteFractionAndCap() {
      Freshness f = stored(decide(headers(), 200,
          headers("Last-Modified", date(-10_000), "Date", date(0)),
          SITE.withHeuristic(0.5, 3000))).freshness();

      assertThat(f.lifetimeSeconds()).isEqualTo(3000);
    }

    @Test
    void heuristic_lastModifiedAfterDate_isZero() {
      assertThat(freshness("Last-Modified", date(100), "Date", date(0)).lifetimeSeconds())
          .isZero();
    }

    @Test
    void heuristic_withoutLastModifiedButWithEtag_isStaleOnArrival_revalidatedByEtag() {
      Freshness f = freshness("Date", date(0), "ETag", "\"a\"");

      assertThat(f.lifetimeSeconds()).isZero();
      assertThat(f.source()).isEqualTo(Source.HEURISTIC);
    }

    @Test
    void noCacheWithEtagOnly_isStoredForRevalidation_cacheTestsNoCacheRevalidate() {
      Freshness f = freshness("Cache-Control", "no-cache", "ETag", "\"abcd\"");

      assertThat(f.noCache()).isTrue();
      assertThat(f.lifetimeSeconds()).isZero();
    }

    @Test
    void heuristic_nonHeuristicStatusWithEtagOnly_isNotStored() {
      assertThat(refusal(decide(500, "ETag", "\"a\""))).isEqualTo("no-freshness");
    }

    @Test
    void heuristic_withInvalidLastModified_isNotStored() {
      assertThat(refusal(decide("Last-Modified", "yesterday", "Date", date(0))))
          .isEqualTo("no-freshness");
    }

    @Test
    void heuristic_pragmaNoCacheInResponse_isIgnored() {
      assertThat(freshness("Last-Modified", date(-10_000), "Pragma", "no-cache")
          .lifetimeSeconds()).isEqualTo(1000);
    }
  }

  @Nested
  class SiteRule {

    @Test
    void ttlOverride_usedWithoutExplicitFreshness() {
      Freshness f = stored(decide(headers(), 200, headers("Content-Type", "text/html"),
          SITE.withTtl(300, false))).freshness();

      assertThat(f).isEqualTo(Freshness.of(300, Source.RULE));
      assertThat(f.explicit()).isFalse();
    }

    @Test
    void ttlOverride_ignoredWhenResponseHasExplicitFreshness() {
      assertThat(stored(decide(headers(), 200, headers("Cache-Control", "max-age=60"),
          SITE.withTtl(300, false))).freshness().lifetimeSeconds()).isEqualTo(60);
    }

    @Test
    void ttlOverride_winsOverHeuristic_theOperatorsChoice() {
      assertThat(stored(decide(headers(), 200,
          headers("Last-Modified", date(-10_000), "Date", date(0)),
          SITE.withTtl(300, false))).freshness()).isEqualTo(Freshness.of(300, Source.RULE));
    }

    @Test
    void ttlOverride_notForStatusNeedingExplicitFreshness() {
      assertThat(refusal(decide(headers(), 500, headers(), SITE.withTtl(300, false))))
          .isEqualTo("no-freshness");
    }

    @Test
    void forcedTtl_overridesMaxAge() {
      assertThat(stored(decide(headers(), 200, headers("Cache-Control", "max-age=60"),
          SITE.withTtl(300, true))).freshness()).isEqualTo(Freshness.of(300, Source.RULE));
    }

    @Test
    void forcedTtl_overridesNoCacheAndMaxAge0() {
      Freshness f = stored(decide(headers(), 200,
          headers("Cache-Control", "no-cache, max-age=0, stale-if-error=60"),
          SITE.withTtl(300, true))).freshness();

      assertThat(f.noCache()).isFalse();
      assertThat(f.lifetimeSeconds()).isEqualTo(300);
      assertThat(f.staleIfErrorSeconds()).isEqualTo(60);
    }

    @Test
    void forcedTtl_appliesToExplicitlyFreshStatusNotHeuristicallyCacheable() {
      assertThat(stored(decide(headers(), 302, headers("Cache-Control", "max-age=5"),
          SITE.withTtl(300, true))).freshness().lifetimeSeconds()).isEqualTo(300);
    }

    @Test
    void forcedTtl_doesNotMakeAnErrorCacheable() {
      assertThat(refusal(decide(headers(), 503, headers(), SITE.withTtl(300, true))))
          .isEqualTo("no-freshness");
    }

    @ParameterizedTest
    @CsvSource({"no-store, no-store", "private, private"})
    void forcedTtl_neverStoresNoStoreOrPrivate(String cc, String reason) {
      assertThat(refusal(decide(headers(), 200, headers("Cache-Control", cc),
          SITE.withTtl(300, true)))).isEqualTo(reason);
    }

    @Test
    void forcedTtl_stillRefusesSetCookieAndAuthorization() {
      assertThat(refusal(decide(headers(), 200, headers("Set-Cookie", "a=b"),
          SITE.withTtl(300, true)))).isEqualTo("set-cookie");
      assertThat(refusal(decide(headers("Authorization", "x"), 200, headers(),
          SITE.withTtl(300, true)))).isEqualTo("authorization");
    }

    @Test
    void sitePolicy_rejectsInconsistentValues() {
      assertThatThrownBy(() -> new SitePolicy(1.5, 0, false, java.util.OptionalLong.empty(),
          false, false, false)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new SitePolicy(0.1, -1, false, java.util.OptionalLong.empty(),
          false, false, false)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new SitePolicy(0.1, 0, false, java.util.OptionalLong.empty(),
          true, false, false)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SITE.withTtl(-1, false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sitePolicyDefaults_areTenPercentCappedAtADay() {
      assertThat(SITE).isEqualTo(new SitePolicy(0.1, 86_400, false,
          java.util.OptionalLong.empty(), false, false, false));
    }
  }

  @Nested
  class TargetedFields {

    @Test
    void cdnCacheControl_governsOverCacheControl_shorter() {
      Freshness f = freshness("Cache-Control", "max-age=3600", "CDN-Cache-Control", "max-age=1",
          "ETag", "\"a\"");

      assertThat(f.lifetimeSeconds()).isEqualTo(1);
      assertThat(f.source()).isEqualTo(Source.CDN_CACHE_CONTROL);
    }

    @Test
    void cdnCacheControl_governsOverCacheControl_longer() {
      assertThat(freshness("Cache-Control", "max-age=1", "CDN-Cache-Control", "max-age=3600")
          .lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void cdnCacheControl_governs_cacheControlNoStoreIgnored_rfc9213Section2_1() {
      assertThat(freshness("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10000")
          .lifetimeSeconds()).isEqualTo(10_000);
    }

    @Test
    void cdnCacheControl_governs_cacheControlPrivateIgnored() {
      stored(decide("Cache-Control", "private", "CDN-Cache-Control", "max-age=60"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-10000", "0"})
    void cdnCacheControl_ignoresExpires(String expires) {
      String value = expires.equals("0") ? "0" : date(Long.parseLong(expires));
      assertThat(freshness("CDN-Cache-Control", "max-age=3600", "Expires", value, "Date",
          date(0)).lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void cdnCacheControlMaxAge0_withFutureExpires_isStale() {
      assertThat(freshness("CDN-Cache-Control", "max-age=0", "Expires", date(10_000),
          "Date", date(0), "ETag", "\"a\"").lifetimeSeconds()).isZero();
    }

    @Test
    void cdnCacheControlNoStore_forbidsDespiteCacheControlMaxAge() {
      assertThat(refusal(decide("Cache-Control", "max-age=10000", "CDN-Cache-Control",
          "no-store", "Expires", date(10_000), "Date", date(0)))).isEqualTo("no-store");
    }

    @Test
    void cdnCacheControlPrivate_forbidsDespiteCacheControlMaxAge() {
      assertThat(refusal(decide("CDN-Cache-Control", "private", "Cache-Control",
          "max-age=10000"))).isEqualTo("private");
    }

    @Test
    void cdnCacheControlNoCache_revalidates() {
      assertThat(freshness("CDN-Cache-Control", "no-cache", "Cache-Control", "max-age=10000",
          "ETag", "\"a\"").noCache()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=10000, &&&&&", "max-age=\"10000\"", "MaX-aGe=3600",
        "max-age =100"})
    void invalidCdnCacheControl_fallsBackToCacheControl(String cdn) {
      assertThat(refusal(decide("CDN-Cache-Control", cdn, "Cache-Control", "no-store")))
          .isEqualTo("no-store");
    }

    @Test
    void cdnCacheControlNone_switchesOffCacheControl_rfc9213Section3_1() {
      assertThat(refusal(decide("CDN-Cache-Control", "none", "Cache-Control", "max-age=60")))
          .isEqualTo("no-freshness");
    }

    @Test
    void cdnCacheControl_staleWindowsAndRevalidation_comeFromIt_notCacheControl() {
      Freshness f = freshness("CDN-Cache-Control", "max-age=60, stale-while-revalidate=5",
          "Cache-Control", "max-age=60, stale-while-revalidate=99, must-revalidate");

      assertThat(f.staleWhileRevalidateSeconds()).isEqualTo(5);
      assertThat(f.mustRevalidate()).isFalse();
    }

    @Test
    void cdnCacheControlSmaxage_isUsedAndImpliesRevalidate() {
      Freshness f = freshness("CDN-Cache-Control", "max-age=600, s-maxage=60");

      assertThat(f.lifetimeSeconds()).isEqualTo(60);
      assertThat(f.mustRevalidate()).isTrue();
      assertThat(f.source()).isEqualTo(Source.CDN_CACHE_CONTROL);
    }

    @Test
    void cdnCacheControl_beatsSurrogateControl() {
      assertThat(freshness("CDN-Cache-Control", "max-age=5", "Surrogate-Control", "max-age=50")
          .source()).isEqualTo(Source.CDN_CACHE_CONTROL);
    }

    @Test
    void cdnCacheControlInvalid_letsSurrogateControlGovern() {
      assertThat(freshness("CDN-Cache-Control", "Max-Age=5", "Surrogate-Control", "max-age=50")
          .source()).isEqualTo(Source.SURROGATE_CONTROL);
    }

    @Test
    void surrogateControl_governsOverCacheControl() {
      Freshness f = freshness("Cache-Control", "max-age=1", "Surrogate-Control", "max-age=3600");

      assertThat(f.lifetimeSeconds()).isEqualTo(3600);
      assertThat(f.source()).isEqualTo(Source.SURROGATE_CONTROL);
    }

    @Test
    void surrogateControl_shorterThanCacheControl_wins() {
      assertThat(freshness("Cache-Control", "max-age=3600", "Surrogate-Control", "max-age=1")
          .lifetimeSeconds()).isEqualTo(1);
    }

    @Test
    void surrogateControl_directiveNamesIgnoreCase() {
      assertThat(freshness("Surrogate-Control", "MaX-aGe=3600").lifetimeSeconds())
          .isEqualTo(3600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age =100", "max-age= 100"})
    void surrogateControl_spaceAroundEquals_isStale(String sc) {
      assertThat(refusal(decide("Cache-Control", "max-age=1", "Surrogate-Control", sc)))
          .isEqualTo("no-freshness");
    }

    @Test
    void surrogateControlNoStore_forbidsDespiteCacheControlMaxAge() {
      assertThat(refusal(decide("Cache-Control", "max-age=10000", "Surrogate-Control",
          "no-store", "Expires", date(10_000), "Date", date(0)))).isEqualTo("no-store");
    }

    @Test
    void surrogateControl_ignoresExpires() {
      assertThat(freshness("Surrogate-Control", "max-age=3600", "Expires", "0", "Date", date(0))
          .lifetimeSeconds()).isEqualTo(3600);
    }

    @Test
    void surrogateControlWithoutCachingDirective_doesNotGovern() {
      assertThat(freshness("Surrogate-Control", "content=\"ESI/1.0\"", "Cache-Control",
          "max-age=60").source()).isEqualTo(Source.MAX_AGE);
    }

    @Test
    void surrogateControlMemberTargetedAtADevice_isIgnored() {
      assertThat(freshness("Surrogate-Control", "max-age=5;edge1, content=\"a;b\"",
          "Cache-Control", "max-age=60").source()).isEqualTo(Source.MAX_AGE);
    }

    @Test
    void surrogateControl_staleWindowsComeFromIt() {
      assertThat(freshness("Surrogate-Control", "max-age=60, stale-if-error=600",
          "Cache-Control", "max-age=0").staleIfErrorSeconds()).isEqualTo(600);
    }
  }

  @Nested
  class HeadersToDrop {

    @Test
    void targetedFields_areKept_soLowerTiersComputeTheSameFreshness() {
      Store store = stored(decide("CDN-Cache-Control", "max-age=60", "Surrogate-Control",
          "max-age=60"));

      assertThat(store.headersToDrop()).doesNotContain("surrogate-control")
          .doesNotContain("cdn-cache-control");
    }

    @Test
    void plainResponse_dropsNothing() {
      assertThat(stored(decide("Cache-Control", "max-age=60")).headersToDrop()).isEmpty();
    }

    @Test
    void hopByHopAndConnectionNamedFields_areDropped_section3_1() {
      Store store = stored(decide("Cache-Control", "max-age=60", "Connection", "a, B",
          "a", "1", "B", "2", "c", "3", "Keep-Alive", "timeout=5", "Transfer-Encoding", "chunked",
          "Upgrade", "h2c", "Proxy-Authenticate", "Basic"));

      assertThat(store.headersToDrop()).contains("connection", "a", "b", "keep-alive",
          "transfer-encoding", "upgrade", "proxy-authenticate").doesNotContain("c");
    }
  }

  @Test
  void freshness_isAvailableWithoutTheRefusals() {
    assertThat(Storability.freshness(200, headers("Cache-Control", "no-store, max-age=60"), T0,
        SITE)).contains(Freshness.of(60, Source.MAX_AGE));
    assertThat(Storability.freshness(500, headers(), T0, SITE)).isEmpty();
  }

  @Test
  void freshnessRecord_copiesFieldsAndRejectsNegatives() {
    assertThat(new Freshness(1, Source.RULE, false, List.of("a"), false, 0, 0).noCacheFields())
        .containsExactly("a");
    assertThatThrownBy(() -> new Freshness(-1, Source.RULE, false, List.of(), false, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sourceWireNames_areLowerCaseTokens() {
    assertThat(List.of(Source.values()).stream().map(Source::wireName)).containsExactly(
        "cdn-cache-control", "surrogate-control", "s-maxage", "max-age", "expires", "heuristic",
        "rule");
  }
}
