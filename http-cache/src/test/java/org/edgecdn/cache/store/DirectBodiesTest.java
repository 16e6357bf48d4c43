package org.edgecdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.edgecdn.cache.policy.Freshness;
import org.junit.jupiter.api.Test;

class DirectBodiesTest {

  @Test
  void of_heapBody_copiedOffHeapWithTheSameBytes() {
    Buffer heap = Buffer.buffer("hello, cache");

    Buffer stored = DirectBodies.of(heap);

    assertThat(DirectBodies.isDirect(heap)).isFalse();
    assertThat(DirectBodies.isDirect(stored)).isTrue();
    assertThat(stored.toString(StandardCharsets.UTF_8)).isEqualTo("hello, cache");
    assertThat(stored.length()).isEqualTo(12);
  }

  @Test
  void of_directBody_keptAsIs() {
    Buffer direct = DirectBodies.of(Buffer.buffer("x"));

    assertThat(DirectBodies.of(direct)).isSameAs(direct);
  }

  @Test
  void of_grownBuffer_onlyItsReadableBytes() {
    Buffer grown = Buffer.buffer(4096).appendString("abc");

    assertThat(DirectBodies.of(grown).length()).isEqualTo(3);
  }

  @Test
  void storedResponse_keepsItsBodyOffHeap_andSlicesStillRead() {
    StoredResponse response = new StoredResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("0123456789"), 0, 0, 0, Freshness.of(60, Freshness.Source.MAX_AGE), 0,
        Set.of());

    assertThat(DirectBodies.isDirect(response.body())).isTrue();
    assertThat(response.body().slice(2, 5).toString(StandardCharsets.UTF_8)).isEqualTo("234");
    // The hit path writes the same stored buffer again and again: writing must not use it up.
    assertThat(response.body().toString(StandardCharsets.UTF_8)).isEqualTo("0123456789");
  }
}
