package org.edgecdn.http.node;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Requests a node answers on the client connection's channel itself, ahead of Vert.x's HTTP
 * server: its plain cache hits ({@code DirectHits}). Everything else, and anything an
 * implementation is not sure of, goes on to the node's Vert.x request handler as before.
 *
 * <p>Only HTTP/1.1 requests without a body are offered, one at a time, on the connection's
 * event loop, and only while Vert.x has no request of that connection in hand
 * ({@link DirectAnswerHandler}).
 */
public interface DirectAnswers {

  /**
   * Whether the traffic ports of this JVM offer requests to a node's {@code DirectAnswers}:
   * yes unless {@code -Dedgecdn.directHits=false} (to measure the difference, or to rule it
   * out).
   */
  static boolean enabled() {
    return !"false".equals(System.getProperty("edgecdn.directHits"));
  }

  /**
   * The whole answer to {@code request}, or null for Vert.x's handler to take it. A null must
   * leave no trace (no counter, no cache access), since the request is then served again.
   *
   * @param clientAddress the client's address as Vert.x gives it ({@code hostAddress()})
   * @param arrivedNanos {@link System#nanoTime()} when the request's head was decoded
   */
  Answer answer(HttpRequest request, String clientAddress, long arrivedNanos);

  /** What to write, as it is, and what to account once it is written. */
  interface Answer {
    /** The status line, fields and blank line; the caller releases it (Netty, once written). */
    ByteBuf head();

    /** The body, or null for none (a HEAD); released as the head is. */
    ByteBuf body();

    /** Called once both are handed to the channel: metrics, access log, observers. */
    void written();
  }
}
