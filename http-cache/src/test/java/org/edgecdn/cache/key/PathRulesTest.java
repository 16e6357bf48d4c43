package org.edgecdn.cache.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathRulesTest {

  @Test
  void rules_firstMatchWins() {
    CacheRule images = CacheRule.ttl("/static/img/*", 3600);
    CacheRule statics = CacheRule.ttl("/static/*", 86400);
    PathRules rules = new PathRules(List.of(images, statics, CacheRule.pass("/*")));

    assertThat(rules.match("/static/img/a.png")).isSameAs(images);
    assertThat(rules.match("/static/app.js")).isSameAs(statics);
    assertThat(rules.match("/index.html").pass()).isTrue();
  }

  @Test
  void rules_noMatch_isTheDefault() {
    PathRules rules = new PathRules(List.of(CacheRule.pass("/cart*")));

    assertThat(rules.match("/shop")).isSameAs(CacheRule.DEFAULT);
    assertThat(PathRules.NONE.match("/anything")).isSameAs(CacheRule.DEFAULT);
    assertThat(CacheRule.DEFAULT.pass()).isFalse();
    assertThat(CacheRule.DEFAULT.ttlSeconds()).isEmpty();
    assertThat(CacheRule.DEFAULT.queryKeepOnly()).isEmpty();
    assertThat(CacheRule.DEFAULT.queryIgnore()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "/about,        /about,              true",
      "/about,        /about/,             false",
      "/about,        /About,              false",
      "/static/*,     /static/,            true",
      "/static/*,     /static/css/a.css,   true",
      "/static/*,     /static,             false",
      "/static/*,     /x/static/a,         false",
      "/cart*,        /cart,               true",
      "/cart*,        /cart/add,           true",
      "/cart*,        /cartoons,           true",
      "*.css,         /a/b/site.css,       true",
      "*.css,         /site.css.map,       false",
      "/api/*/items,  /api/v1/items,       true",
      "/api/*/items,  /api/v1/shop/items,  true",
      "/api/*/items,  /api/items,          false",
      "/api/*/items,  /api/v1/items/2,     false",
      "/a*b*c,        /abc,                true",
      "/a*b*c,        /a-c-b,              false",
      "/a*b*c,        /axbxbxc,            true",
      "/ab*ba,        /aba,                false",
      "*,             /,                   true",
      "/c%61rt*,      /cart/1,             true"})
  void rules_patterns_matchAsDocumented(String pattern, String path, boolean matches) {
    CacheRule rule = CacheRule.pass(pattern);

    assertThat(new PathRules(List.of(rule)).match(path) == rule).isEqualTo(matches);
  }

  @Test
  void rule_badValues_areRefused() {
    assertThatThrownBy(() -> CacheRule.pass("static/*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheRule("/a", OptionalLong.empty(), true, Optional.empty(),
        Set.of(), false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheRule("/a", OptionalLong.of(60), false, Optional.empty(),
        Set.of(), true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PathRules(List.of(CacheRule.pass("/a%zz"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rule_queryNames_arePercentNormalized() {
    CacheRule rule = new CacheRule("/a", OptionalLong.empty(), false,
        Optional.of(Set.of("p%61ge")), Set.of("s%5Fid"), false);

    assertThat(rule.queryKeepOnly()).contains(Set.of("page"));
    assertThat(rule.queryIgnore()).containsExactly("s_id");
  }
}
