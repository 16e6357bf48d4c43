package org.edgecdn.cache.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * Stored bodies live off the heap, in a direct buffer of exactly their length.
 *
 * <p>A hit writes the stored body to the socket as it is: Vert.x hands Netty an unreleasable
 * slice of it, and a direct buffer goes to the kernel without the copy into a direct buffer
 * that a heap buffer costs on every write (at 256 KiB that copy was about a quarter of a hit's
 * CPU). The copy made here happens once per fill instead of once per hit, and it also trims the
 * buffer a fill grew by doubling to the body's length.
 *
 * <p><b>Note:</b> the memory is the JDK's ({@link ByteBuffer#allocateDirect}), freed by the
 * garbage collector when the last reference to an evicted body goes, never released by hand:
 * a hit may still be writing a body the store has just dropped. It counts against
 * {@code -XX:MaxDirectMemorySize} (by default the heap's maximum), and reaching that limit makes
 * the JDK collect before it fails an allocation.
 */
final class DirectBodies {

  private DirectBodies() {}

  /** {@code body} in a direct buffer of its length: itself when it is one already. */
  static Buffer of(Buffer body) {
    ByteBuf source = ((BufferInternal) body).getByteBuf();
    if (source.isDirect()) {
      return body;
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(source.readableBytes());
    source.getBytes(source.readerIndex(), direct);
    direct.flip();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
  }

  /** Whether {@code body} is held off the heap. */
  static boolean isDirect(Buffer body) {
    return ((BufferInternal) body).getByteBuf().isDirect();
  }
}
