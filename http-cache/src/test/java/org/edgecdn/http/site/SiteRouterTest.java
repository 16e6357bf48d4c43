package org.edgecdn.http.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.http.Site;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SiteRouterTest {

  private static final Site SHOP = new Site("shop", List.of("www.shop.example", "shop.example"),
      List.of(URI.create("http://127.0.0.1:8000")), Optional.empty());

  private final SiteRouter router = new SiteRouter(List.of(SHOP));

  @ParameterizedTest
  @ValueSource(strings = {"www.shop.example", "WWW.Shop.Example", "www.shop.example:8080",
      "www.shop.example.", "shop.example:443", " www.shop.example "})
  void route_ignoresCasePortAndTrailingDot(String host) {
    assertThat(router.route(host)).contains(SHOP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "evil.example", "x.www.shop.example", "www.shop.example.evil",
      "[::1]:8080", "127.0.0.1"})
  void route_unclaimedHost_matchesNothing(String host) {
    assertThat(router.route(host)).isEmpty();
  }

  @Test
  void constructor_domainClaimedByTwoSites_isRefused() {
    Site other = new Site("other", List.of("shop.example"), SHOP.origins(), Optional.empty());

    assertThatThrownBy(() -> new SiteRouter(List.of(SHOP, other)))
        .hasMessageContaining("shop.example").hasMessageContaining("shop and other");
  }

  @Test
  void replaceCustomDomains_admitsTheNewNamesForTheirSite() {
    Map<String, String> skipped =
        router.replaceCustomDomains(Map.of("WWW.Their-Site.Top.", "shop"));

    assertThat(skipped).isEmpty();
    assertThat(router.route("www.their-site.top:8080")).contains(SHOP);
    assertThat(router.customDomains()).containsExactly(Map.entry("www.their-site.top", "shop"));
  }

  @Test
  void replaceCustomDomains_replacesTheWholeSet_soARemovedDomainIsRefusedAgain() {
    router.replaceCustomDomains(Map.of("www.their-site.top", "shop", "a.example", "shop"));

    router.replaceCustomDomains(Map.of("a.example", "shop"));

    assertThat(router.route("www.their-site.top")).isEmpty();
    assertThat(router.route("a.example")).contains(SHOP);
  }

  @Test
  void replaceCustomDomains_neverTakesAConfiguredNameNorServesAnUnknownSite() {
    Map<String, String> skipped = router.replaceCustomDomains(
        Map.of("shop.example", "shop", "www.elsewhere.example", "blog"));

    assertThat(skipped).containsOnlyKeys("shop.example", "www.elsewhere.example");
    assertThat(skipped.get("www.elsewhere.example")).contains("site blog is not served");
    assertThat(router.route("www.elsewhere.example")).isEmpty();
    assertThat(router.route("shop.example")).contains(SHOP);
  }

  @Test
  void admit_sameValueTwice_givesTheSameAnswer_andDifferentValuesTheirOwn() {
    SiteRouter.Admission first = router.admit("WWW.Shop.Example:8080").orElseThrow();
    SiteRouter.Admission again = router.admit("WWW.Shop.Example:8080").orElseThrow();
    SiteRouter.Admission other = router.admit("www.other.example").orElseThrow();

    assertThat(first).isSameAs(again);
    assertThat(first.host()).isEqualTo("www.shop.example");
    assertThat(first.site()).contains(SHOP);
    assertThat(other.host()).isEqualTo("www.other.example");
    assertThat(other.site()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "www.shop.example:port", "www.shop.example:99999", "a b", ":80"})
  void admit_valueThatIsNoAuthority_admitsNothing(String field) {
    assertThat(router.admit(field)).isEmpty();
    assertThat(router.admit(field)).isEmpty();
  }

  @Test
  void admit_missingField_admitsNothing() {
    assertThat(router.admit(null)).isEmpty();
  }

  @Test
  void admit_afterReplaceCustomDomains_seesTheNewSet() {
    assertThat(router.admit("www.their-site.top").orElseThrow().site()).isEmpty();

    router.replaceCustomDomains(Map.of("www.their-site.top", "shop"));
    assertThat(router.admit("www.their-site.top").orElseThrow().site()).contains(SHOP);

    router.replaceCustomDomains(Map.of());
    assertThat(router.admit("www.their-site.top").orElseThrow().site()).isEmpty();
  }

  @Test
  void admit_manyDistinctValues_keepsAnswering() {
    for (int i = 0; i < SiteRouter.ADMISSIONS_LIMIT * 2 + 7; i++) {
      assertThat(router.admit("host-" + i + ".example").orElseThrow().site()).isEmpty();
    }

    assertThat(router.admit("shop.example").orElseThrow().site()).contains(SHOP);
  }

  @Test
  void admitAuthority_http2Authority_isRoutedLikeAHostField() {
    assertThat(router.admitAuthority(HostAndPort.create("WWW.Shop.Example", 443)).orElseThrow()
        .site()).contains(SHOP);
    assertThat(router.admitAuthority(HostAndPort.create("", 443))).isEmpty();
    assertThat(router.admitAuthority(null)).isEmpty();
  }
}
