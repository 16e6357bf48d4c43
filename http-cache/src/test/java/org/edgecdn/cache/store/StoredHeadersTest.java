package org.edgecdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @Test
  void of_sharesRepeatedNamesAndValues_betweenStoredResponses() {
    // Built from fresh strings each time, as two responses' fields arrive from the network;
    // an interner of this test's own, so that what other tests stored cannot crowd it.
    FieldInterner interner = new FieldInterner(FieldInterner.MAX_FIELDS);
    MultiMap first = StoredHeaders.of(fields("text/css", "\"a1\""), interner);
    MultiMap second = StoredHeaders.of(fields("text/css", "\"b2\""), interner);

    List<Map.Entry<CharSequence, CharSequence>> a = stored(first);
    List<Map.Entry<CharSequence, CharSequence>> b = stored(second);
    assertThat(a.get(0).getKey()).isSameAs(b.get(0).getKey());
    assertThat(a.get(0).getValue()).isSameAs(b.get(0).getValue());
    assertThat(a.get(1).getKey()).isSameAs(b.get(1).getKey());
    assertThat(second.get("etag")).isEqualTo("\"b2\"");
    assertThat(first.get("ETag")).isEqualTo("\"a1\"");
  }

  @Test
  void of_keepsEachSpellingOfAName_andLongValuesAsTheirOwnCopies() {
    String longValue = "v".repeat(FieldInterner.MAX_LENGTH + 1);
    FieldInterner interner = new FieldInterner(FieldInterner.MAX_FIELDS);
    MultiMap first = StoredHeaders.of(MultiMap.caseInsensitiveMultiMap()
        .add(new String("X-Long"), new String(longValue)), interner);
    MultiMap second = StoredHeaders.of(MultiMap.caseInsensitiveMultiMap()
        .add(new String("x-long"), new String(longValue)), interner);

    assertThat(first.entries().get(0).getKey()).isEqualTo("X-Long");
    assertThat(second.entries().get(0).getKey()).isEqualTo("x-long");
    assertThat(stored(first).get(0).getValue()).isNotSameAs(stored(second).get(0).getValue());
    assertThat(second.get("X-LONG")).isEqualTo(longValue);
  }

  private static MultiMap fields(String type, String etag) {
    return MultiMap.caseInsensitiveMultiMap()
        .add(new String("Content-Type"), new String(type))
        .add(new String("ETag"), new String(etag));
  }

  /** The fields as the stored map holds them, without String conversions. */
  private static List<Map.Entry<CharSequence, CharSequence>> stored(MultiMap headers) {
    List<Map.Entry<CharSequence, CharSequence>> fields = new ArrayList<>();
    ((HeadersMultiMap) headers).iteratorCharSequence().forEachRemaining(fields::add);
    return fields;
  }
}
