package org.edgecdn.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNormalizerTest {

  private final KeyNormalizer normalizer = new KeyNormalizer(KeyPolicy.DEFAULT);

  // ---- Path (RFC 3986 §5.2.4, §6.2.2) ----

  @Test
  void key_dotSegments_areResolved() {
    assertThat(primary("/a/./b/../c")).isEqualTo("http://shop.example/a/c");
    assertThat(primary("/a/b/..")).isEqualTo("http://shop.example/a/");
  }

  @Test
  void key_percentEncodingOfUnreserved_isDecoded() {
    assertThat(primary("/%7Euser/%41%62c%2d%2E%5f")).isEqualTo("http://shop.example/~user/Abc-._");
  }

  @Test
  void key_percentEncodingOfReserved_staysEncodedInUpperCase() {
    assertThat(primary("/a%2fb%3f%20c")).isEqualTo("http://shop.example/a%2Fb%3F%20c");
  }

  @Test
  void key_encodedDotSegments_areResolvedAfterDecoding() {
    // %2E is an unreserved '.', so %2E%2E is a ".." segment once normalized (RFC 3986 §6.2.2).
    assertThat(primary("/a/%2e%2E/b")).isEqualTo("http://shop.example/b");
  }

  @Test
  void key_doubleSlashes_areKept() {
    assertThat(primary("/a//b")).isEqualTo("http://shop.example/a//b");
    assertThat(primary("/a//../b")).isEqualTo("http://shop.example/a/b");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/a/./b/../c      | /a/c",
      "/%7euser         | /~user",
      "/a%2fb           | /a%2Fb",
      "/..              | /",
      "/../../x         | /x",
      "/a/.             | /a/",
      "/.well-known/x   | /.well-known/x",
      "/a/..b/c.        | /a/..b/c.",
      "/a?b=1&a=2&b=0   | /a?a=2&b=1&b=0",
      "''               | /",
      "?x=1             | /?x=1",
      "/a?              | /a",
      "/a?&&            | /a",
      "/a?q=a+b%2bc     | /a?q=a+b%2Bc",
      "/a?%61=1         | /a?a=1",
      "/a#frag?x=1      | /a",
      "/a?x=1#frag      | /a?x=1",
      "/a?flag&flag=    | /a?flag&flag="})
  void key_trickyTargets_normalizeAsTheRfcSays(String target, String normalized) {
    assertThat(primary(target)).isEqualTo("http://shop.example" + normalized);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%", "/a%4", "/a%zz", "/a?q=100%", "*", "http://shop.example/a"})
  void key_malformedTarget_hasNoKey(String target) {
    assertThat(normalizer.key("shop", "http", "shop.example", target, CacheRule.DEFAULT))
        .isEmpty();
  }

  @Test
  void normalizePath_isWhatRulesMatch() {
    assertThat(KeyNormalizer.normalizePath("/c%61rt/../cart/x")).contains("/cart/x");
    assertThat(KeyNormalizer.normalizePath("/bad%g0")).isEmpty();
  }

  // ---- Query ----

  @Test
  void key_queryParams_areSorted() {
    assertThat(primary("/s?q=shoes&page=2&color=red"))
        .isEqualTo("http://shop.example/s?color=red&page=2&q=shoes");
  }

  @Test
  void key_repeatedQueryParams_keepTheirOrder() {
    assertThat(primary("/s?tag=b&a=1&tag=a")).isEqualTo("http://shop.example/s?a=1&tag=b&tag=a");
    assertThat(primary("/s?tag=a&tag=b")).isNotEqualTo(primary("/s?tag=b&tag=a"));
  }

  @Test
  void key_trackingParams_areDropped() {
    assertThat(primary("/p?utm_source=news&id=7&gclid=abc&fbclid=x&utm_medium=mail"))
        .isEqualTo("http://shop.example/p?id=7");
    assertThat(primary("/p?utm_source=news&_ga=1")).isEqualTo("http://shop.example/p");
  }

  @Test
  void key_trackingParams_areMatchedCaseSensitivelyAfterPercentNormalization() {
    assertThat(primary("/p?UTM_SOURCE=x")).isEqualTo("http://shop.example/p?UTM_SOURCE=x");
    assertThat(primary("/p?utm%5Fsource=x")).isEqualTo("http://shop.example/p");
  }

  @Test
  void key_policyDroppedParams_replaceTheDefaults() {
    KeyNormalizer custom = new KeyNormalizer(new KeyPolicy(Set.of("sid")));

    assertThat(custom.key("shop", "http", "shop.example", "/p?sid=1&utm_source=x",
        CacheRule.DEFAULT)).map(CacheKey::primary)
        .contains("http://shop.example/p?utm_source=x");
  }

  @Test
  void key_keepOnlyRule_dropsOtherParams() {
    CacheRule rule = new CacheRule("/api/*", OptionalLong.empty(), false,
        Optional.of(Set.of("page", "id")), Set.of(), false);

    assertThat(primary("/api/items?session=9&id=3&sort=asc&page=2", rule))
        .isEqualTo("http://shop.example/api/items?id=3&page=2");
    assertThat(primary("/api/items?session=9", rule)).isEqualTo("http://shop.example/api/items");
  }

  @Test
  void key_ignoreRule_dropsOnlyThoseParams() {
    CacheRule rule = new CacheRule("/search", OptionalLong.empty(), false, Optional.empty(),
        Set.of("session"), false);

    assertThat(primary("/search?session=9&q=hat", rule))
        .isEqualTo("http://shop.example/search?q=hat");
  }

  // ---- Scheme, host, site ----

  @Test
  void key_hostCaseAndPort_doNotMatter() {
    CacheKey plain = key("shop", "http", "www.shop.example", "/a");

    assertThat(key("shop", "HTTP", "WWW.Shop.Example:8080", "/a")).isEqualTo(plain);
    assertThat(key("shop", "http", "www.shop.example.", "/a")).isEqualTo(plain);
    assertThat(key("shop", "http", "www.shop.example.:443", "/a")).isEqualTo(plain);
  }

  @Test
  void key_ipv6Host_keepsItsBrackets() {
    assertThat(key("shop", "http", "[::1]:8080", "/a").primary()).isEqualTo("http://[::1]/a");
  }

  @Test
  void key_schemes_differ() {
    assertThat(key("shop", "http", "shop.example", "/a"))
        .isNotEqualTo(key("shop", "https", "shop.example", "/a"));
  }

  @Test
  void key_differentSites_neverCollide() {
    CacheKey shop = key("shop", "http", "shared.example", "/a");
    CacheKey blog = key("blog", "http", "shared.example", "/a");

    assertThat(shop).isNotEqualTo(blog);
    assertThat(shop.value()).isNotEqualTo(blog.value());
    assertThat(shop.value()).isEqualTo("shop http://shared.example/a");
  }

  @Test
  void key_target_isTheNormalizedPathAndQuery() {
    assertThat(key("shop", "http", "shop.example:80", "/a/../b?z=1&utm_source=x&a=2").target())
        .isEqualTo("/b?a=2&z=1");
  }

  // ---- keyed: rule and key in one pass ----

  @Test
  void keyed_matchesTheRuleOnTheNormalizedPath() {
    PathRules rules = new PathRules(List.of(CacheRule.pass("/cart*"),
        new CacheRule("/api/*", OptionalLong.empty(), false, Optional.of(Set.of("id")), Set.of(),
            false)));

    KeyNormalizer.Keyed cart =
        normalizer.keyed("shop", "http", "shop.example", "/c%61rt/add?x=1", rules).orElseThrow();
    KeyNormalizer.Keyed api =
        normalizer.keyed("shop", "http", "shop.example", "/api/../api/x?id=1&y=2", rules)
            .orElseThrow();

    assertThat(cart.rule().pass()).isTrue();
    assertThat(cart.key().primary()).isEqualTo("http://shop.example/cart/add?x=1");
    assertThat(api.rule().pathPattern()).isEqualTo("/api/*");
    assertThat(api.key().primary()).isEqualTo("http://shop.example/api/x?id=1");
    assertThat(normalizer.keyed("shop", "http", "shop.example", "/%zz", rules)).isEmpty();
  }

  // ---- Helpers ----

  private String primary(String target) {
    return primary(target, CacheRule.DEFAULT);
  }

  private String primary(String target, CacheRule rule) {
    return normalizer.key("shop", "http", "shop.example", target, rule).orElseThrow().primary();
  }

  private CacheKey key(String site, String scheme, String host, String target) {
    return normalizer.key(site, scheme, host, target, CacheRule.DEFAULT).orElseThrow();
  }
}
