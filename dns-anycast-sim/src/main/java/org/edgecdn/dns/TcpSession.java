package org.edgecdn.dns;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DNS-over-TCP connection (RFC 1035 §4.2.2, RFC 7766): each message is preceded by its
 * length in two bytes; the client may send several queries, also without waiting for replies
 * (pipelining, RFC 7766 §6.2.1). Replies go out in the order of the queries, since each is
 * computed at once on this connection's event loop.
 *
 * <p>When the client reads slower than it asks, reading pauses until the write queue drains. A
 * message that cannot be answered at all (no readable header, or a zero length) closes the
 * connection: its framing can no longer be trusted. Idle connections are closed by the server's
 * idle timeout.
 */
final class TcpSession {

  private static final Logger log = LoggerFactory.getLogger(TcpSession.class);
  private static final int LENGTH_PREFIX = 2;

  private final NetSocket socket;
  private final RecordParser parser;
  private final Function<byte[], Optional<byte[]>> answerer;
  private boolean readingLength = true;

  private TcpSession(NetSocket socket, Function<byte[], Optional<byte[]>> answerer) {
    this.socket = socket;
    this.answerer = answerer;
    this.parser = RecordParser.newFixed(LENGTH_PREFIX, socket);
  }

  /**
   * Serves {@code socket}; {@code answerer} turns a query into a reply, or empty to close the
   * connection.
   */
  static void serve(NetSocket socket, Function<byte[], Optional<byte[]>> answerer) {
    TcpSession session = new TcpSession(socket, answerer);
    session.parser.handler(session::onRecord);
    session.parser.exceptionHandler(session::onError);
    socket.drainHandler(v -> session.parser.resume());
  }

  private void onRecord(Buffer record) {
    if (readingLength) {
      int length = record.getUnsignedShort(0);
      if (length == 0) {
        close("a zero-length message");
        return;
      }
      readingLength = false;
      parser.fixedSizeMode(length);
      return;
    }
    readingLength = true;
    parser.fixedSizeMode(LENGTH_PREFIX);
    Optional<byte[]> reply = answerer.apply(record.getBytes());
    if (reply.isEmpty()) {
      close("a message that cannot be answered");
      return;
    }
    byte[] wire = reply.get();
    socket.write(Buffer.buffer(LENGTH_PREFIX + wire.length).appendUnsignedShort(wire.length)
        .appendBytes(wire));
    if (socket.writeQueueFull()) {
      parser.pause();
    }
  }

  private void onError(Throwable error) {
    log.debug("DNS tcp connection from {} failed: {}", socket.remoteAddress(), error.toString());
    socket.close();
  }

  private void close(String reason) {
    log.debug("DNS closing tcp connection from {}: {}", socket.remoteAddress(), reason);
    parser.pause();
    socket.close();
  }
}
