package org.edgecdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class StoredHeadersTest {

  private static MultiMap received() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "text/html")
        .add("Connection", "close, X-Hop")
        .add("X-Hop", "1")
        .add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked")
        .add("Surrogate-Key", "a b")
        .add("Set-Cookie", "x=1")
        .add("Set-Cookie", "y=2");
  }

  @Test
  void of_dropsConnectionSpecificFields_keepsTheRestInOrder() {
    MultiMap stored = StoredHeaders.of(received());

    assertThat(stored.entries()).extracting(e -> e.getKey()).containsExactly("Content-Type",
        "Surrogate-Key", "Set-Cookie", "Set-Cookie");
    assertThat(stored.getAll("set-cookie")).containsExactly("x=1", "y=2");
    assertThat(stored.get("SURROGATE-KEY")).isEqualTo("a b");
  }

  @Test
  void of_isReadOnly_andIdempotent() {
    MultiMap stored = StoredHeaders.of(received());

    assertThat(stored.isMutable()).isFalse();
    assertThat(StoredHeaders.of(stored)).isSameAs(stored);
    assertThatThrownBy(() -> stored.add("X", "y")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void copyOfStored_isMutableWithoutTouchingTheStoredMap() {
    MultiMap stored = StoredHeaders.of(received());
    MultiMap response = MultiMap.caseInsensitiveMultiMap();

    response.setAll(stored);
    response.remove("Surrogate-Key");
    response.set("Age", "3");

    assertThat(response.names()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie", "Age");
    assertThat(stored.names()).containsExactlyInAnyOrder("Content-Type", "Surrogate-Key",
        "Set-Cookie");
  }
}
