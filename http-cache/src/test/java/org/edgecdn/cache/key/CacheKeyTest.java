package org.edgecdn.cache.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void key_value_isSiteThenPrimary() {
    CacheKey key = new CacheKey("shop", "https://shop.example/a?b=1");

    assertThat(key.value()).isEqualTo("shop https://shop.example/a?b=1");
    assertThat(key).hasToString(key.value());
  }

  @Test
  void key_site_isRequiredAndHasNoSpace() {
    // A site "a b" with primary "c" and site "a" with primary "b c" would share a value().
    assertThatThrownBy(() -> new CacheKey("", "http://x/")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheKey("a b", "http://x/")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheKey(null, "http://x/")).isInstanceOf(
        NullPointerException.class);
  }

  @Test
  void key_target_isThePathAndQuery() {
    assertThat(new CacheKey("s", "http://[::1]/a/b?c=1").target()).isEqualTo("/a/b?c=1");
    assertThat(new CacheKey("s", "https://shop.example/").target()).isEqualTo("/");
  }

  @Test
  void keyPolicy_default_dropsTheListedTrackers() {
    assertThat(KeyPolicy.DEFAULT.droppedQueryParams())
        .containsExactlyInAnyOrderElementsOf(KeyPolicy.DEFAULT_DROPPED_QUERY_PARAMS)
        .contains("utm_source", "gclid", "fbclid", "msclkid", "_ga", "mc_cid", "mc_eid");
  }
}
