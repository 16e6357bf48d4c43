package org.edgecdn.http.node;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Follows the HTTP/1 response objects Vert.x writes on one connection, for the handlers that
 * must know when a request has had its final answer ({@link HeadDeadline}'s observer, the
 * {@link DirectAnswerHandler}): a 1xx (100 Continue, 103 Early Hints) is not a final response,
 * nor is its end; a 101 makes the connection a tunnel.
 */
final class ResponseWrites {

  private boolean informational;
  private boolean upgraded;

  /** Notes {@code msg}, an object written on the connection; true when it ends a final answer. */
  boolean endsFinal(Object msg) {
    if (msg instanceof HttpResponse response) {
      int status = response.status().code();
      upgraded |= status == 101;
      informational = status < 200;
    }
    return msg instanceof LastHttpContent && !informational;
  }

  /** Whether {@code msg}, just noted, is the head of a final answer. */
  boolean startsFinal(Object msg) {
    return msg instanceof HttpResponse && !informational;
  }

  /** Whether a 101 has been written: the connection is a tunnel from now on. */
  boolean upgraded() {
    return upgraded;
  }
}
