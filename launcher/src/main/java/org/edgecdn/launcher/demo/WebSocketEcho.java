package org.edgecdn.launcher.demo;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws/echo}: a WebSocket that sends every message back with its type, text as text
 * and binary as binary, to try the CDN's WebSocket pass-through.
 */
final class WebSocketEcho {

  static final String PATH = "/ws/echo";

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEcho.class);

  private WebSocketEcho() {}

  static void handle(HttpServerRequest request) {
    if (!request.canUpgradeToWebSocket()) {
      // RFC 9110 §15.5.22: 426 says which protocol the client must switch to.
      request.response().putHeader(HttpHeaders.UPGRADE, "websocket")
          .putHeader(HttpHeaders.CONNECTION, "Upgrade");
      Responses.text(request, 426, CachePolicy.NO_STORE, "this endpoint speaks WebSocket\n");
      return;
    }
    request.toWebSocket()
        .onSuccess(WebSocketEcho::echo)
        .onFailure(failure -> LOG.debug("demo origin: WebSocket upgrade failed: {}",
            failure.toString()));
  }

  private static void echo(ServerWebSocket socket) {
    socket.textMessageHandler(text -> {
      socket.writeTextMessage(text);
      throttle(socket);
    });
    socket.binaryMessageHandler(bytes -> {
      socket.writeBinaryMessage(bytes);
      throttle(socket);
    });
    socket.exceptionHandler(failure -> LOG.debug("demo origin: WebSocket echo: {}",
        failure.toString()));
  }

  /** Stops reading while the peer is not reading its echoes, so the write queue stays small. */
  private static void throttle(WebSocketBase socket) {
    if (socket.writeQueueFull()) {
      socket.pause();
      socket.drainHandler(v -> socket.resume());
    }
  }
}
