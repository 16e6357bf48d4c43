package org.edgecdn.http.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.http.status.CacheStatusMember;

/**
 * The response fields of a plain fresh hit, built once per stored entry and second instead of
 * once per request.
 *
 * <p>A hit's fields depend only on the stored fields, the body's length, the entry's age in whole
 * seconds, its remaining freshness ({@code ttl} in {@code Cache-Status}) and this node
 * ({@code Via}, its own {@code Cache-Status} member, whether CDN-only fields are stripped), so
 * a table per node keeps them; the node's policy is fixed for its life. Within one second
 * every hit on an entry writes the same fields. Building them per request cost about a sixth
 * of the event loop's samples on 1 KiB hits (JFR): copying the stored read-only map on the first
 * write (Vert.x copies on write), then {@code Content-Length}, {@code Age}, {@code Via} and
 * {@code Cache-Status}, each a remove and an add in the copy, and two string concatenations.
 *
 * <p>The built fields are a read-only Vert.x map, which the response references as it references
 * stored fields ({@code setAll}); whoever adds to the response's fields afterwards (an observer's
 * {@code Link}, Vert.x's {@code Connection} for HTTP/1.0 keep-alive, a HEAD's removal of
 * {@code Transfer-Encoding}) gets the copy a write always got, and leaves the shared map alone.
 *
 * <p>The slots are a direct-mapped table keyed by the identity of the stored field map: a
 * refreshed or replaced entry has a new map, so a slot can never answer for another version. A
 * slot keeps the stored fields reachable (not the body) until another entry takes it; 1024 slots
 * of a few hundred bytes each. Slots are immutable and replaced whole, so event loops may share
 * the table without a lock: a racing reader sees an old slot, a new one, or none, and builds its
 * own when it finds none that matches.
 *
 * <p>A slot also holds its head rendered as HTTP/1.1 bytes (status line, fields, blank line),
 * once a direct hit asks, which {@link DirectHits} writes to the socket as it is.
 *
 * <p>A second table keeps, the same way, the 304 a browser's matching revalidation gets
 * ({@link #notModified}): building and rendering it per request cost about a fifth of the
 * event loop under revalidations (perf), more than the rest of the answer.
 */
final class HitHeads {

  /** A power of two; the hot set of a node is far smaller, collisions only cost a rebuild. */
  private static final int SLOTS = 1024;

  private final Slot[] slots = new Slot[SLOTS];
  private final Slot[] notModifiedSlots = new Slot[SLOTS];

  /**
   * Bodies up to this length are also kept after their head in one buffer, the whole answer:
   * one write instead of two, at most 1024 slots of about 4 kB more.
   */
  static final int WHOLE_LIMIT = 4096;

  /** One entry's fields for one second. */
  private record Slot(MultiMap stored, long age, long ttl, Head head) {}

  /**
   * A plain hit's head: its fields, and, rendered on first use by a direct hit, the same with
   * the status line as HTTP/1.1 bytes and, for a body of at most {@link #WHOLE_LIMIT} bytes,
   * the head and the body in one buffer. Nothing is rendered for hits that go through Vert.x
   * (HTTP/2, or direct hits turned off).
   */
  static final class Head {
    private final int status;
    private final MultiMap fields;
    private final Buffer body;
    /**
     * Set once rendered. Event loops racing on a new slot may each render it, harmlessly; the
     * record's final fields make a reader that sees it see its buffers.
     */
    private Rendered rendered;

    private Head(int status, MultiMap fields, Buffer body) {
      this.status = status;
      this.fields = fields;
      this.body = body;
    }

    MultiMap fields() {
      return fields;
    }

    /** The head as HTTP/1.1 bytes: a shared direct buffer, to write a duplicate of. */
    ByteBuf http1() {
      return rendered().http1();
    }

    /** The head and the body in one shared direct buffer, or null for a larger body or none. */
    ByteBuf whole() {
      return rendered().whole();
    }

    private Rendered rendered() {
      Rendered done = rendered;
      if (done == null) {
        done = Rendered.of(render(status, fields), body);
        rendered = done;
      }
      return done;
    }
  }

  /**
   * A head's bytes in the JDK's direct memory, freed by the GC with the slot (as stored bodies
   * are, {@code DirectBodies}); unreleasable, since every hit writes a duplicate that Netty
   * releases.
   */
  private record Rendered(ByteBuf http1, ByteBuf whole) {
    static Rendered of(byte[] head, Buffer body) {
      ByteBuffer direct = ByteBuffer.allocateDirect(head.length).put(head).flip();
      ByteBuf whole = null;
      if (body != null && body.length() <= WHOLE_LIMIT) {
        ByteBuffer both = ByteBuffer.allocateDirect(head.length + body.length()).put(head);
        ((BufferInternal) body).getByteBuf().getBytes(0, both);
        whole = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(both.flip()));
      }
      return new Rendered(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)), whole);
    }
  }

  /**
   * What a slot's fields are built with: the same steps as a hit that is not cached here. It is
   * given everything it needs, so a builder is a constant and a hit allocates none.
   */
  @FunctionalInterface
  interface Builder {
    void build(MultiMap out, ForwardingHandler node, StoredResponse entry, long ageSeconds,
        CacheStatusMember member);
  }

  /**
   * The read-only fields of a plain hit on {@code entry} at {@code ageSeconds}, answered by
   * {@code node} as {@code member} says, built with {@code builder} when no slot has them.
   */
  Head head(ForwardingHandler node, StoredResponse entry, long ageSeconds,
      CacheStatusMember member, Builder builder) {
    return find(slots, entry.status(), entry.body(), node, entry, ageSeconds, member, builder);
  }

  /**
   * As {@link #head}, for the 304 to a revalidation that matched {@code entry}: no body, and
   * the fields {@code builder} gives a 304.
   */
  Head notModified(ForwardingHandler node, StoredResponse entry, long ageSeconds,
      CacheStatusMember member, Builder builder) {
    return find(notModifiedSlots, 304, null, node, entry, ageSeconds, member, builder);
  }

  private static Head find(Slot[] table, int status, Buffer body, ForwardingHandler node,
      StoredResponse entry, long ageSeconds, CacheStatusMember member, Builder builder) {
    MultiMap stored = entry.headers();
    long ttl = member.ttlSeconds();
    int index = System.identityHashCode(stored) & (SLOTS - 1);
    Slot slot = table[index];
    if (slot != null && slot.stored == stored && slot.head.body == body && slot.age == ageSeconds
        && slot.ttl == ttl) {
      return slot.head;
    }
    // Validated as the response's own fields would be: once per build, not per hit.
    HeadersMultiMap out = HeadersMultiMap.httpHeaders();
    builder.build(out, node, entry, ageSeconds, member);
    Head head = new Head(status, out.copy(false), body);
    table[index] = new Slot(stored, ageSeconds, ttl, head);
    return head;
  }

  /**
   * {@code status} and {@code fields} as Vert.x's HTTP/1.1 encoder writes them: the status
   * line with Netty's reason phrase, {@code name: value} lines, a blank line. Characters are
   * written as ISO-8859-1 bytes, as the client decoder read them from the origin.
   */
  static byte[] render(int status, MultiMap fields) {
    StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ")
        .append(HttpResponseStatus.valueOf(status)).append("\r\n");
    for (Map.Entry<String, String> field : fields) {
      text.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
    }
    text.append("\r\n");
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
