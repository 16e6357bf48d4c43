package org.edgecdn.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.node.NodeServers;
import org.edgecdn.testkit.Await;

/**
 * An edge "t" on loopback serving one site "shop" from one origin, no shield, no cluster; and
 * raw connections to it, for requests an HTTP client would not send.
 */
final class TestEdges {

  private TestEdges() {}

  static EdgeNode start(Vertx vertx, String host, String originUrl) {
    return start(vertx, host, originUrl, AccessLog.off());
  }

  static EdgeNode start(Vertx vertx, String host, String originUrl, AccessLog accessLog) {
    return start(vertx, host, originUrl, accessLog, NodeServers.DEFAULT_HEAD_TIMEOUT);
  }

  static EdgeNode start(Vertx vertx, String host, String originUrl, AccessLog accessLog,
      Duration headTimeout) {
    Site shop = new Site("shop", List.of(host), List.of(URI.create(originUrl)), Optional.empty());
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(shop), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults()).withHeadTimeout(headTimeout);
    return Await.result(EdgeNode.start(vertx, options, accessLog, new MemberSlot()));
  }

  /**
   * Writes {@code bytes} (ISO-8859-1, one byte per character) on a new connection to {@code
   * edge}; all it read until the edge closed it.
   */
  static String oneConnection(Vertx vertx, EdgeNode edge, String bytes) {
    Promise<String> read = Promise.promise();
    Buffer all = Buffer.buffer();
    vertx.createNetClient().connect(edge.port(), "127.0.0.1").onSuccess(socket -> {
      socket.handler(all::appendBuffer);
      socket.closeHandler(v -> read.tryComplete(all.toString(StandardCharsets.ISO_8859_1)));
      socket.write(Buffer.buffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }).onFailure(read::fail);
    return Await.result(read.future());
  }

  /**
   * What {@code socket} reads, once it holds {@code marker} or the edge closed it (then without
   * the marker); set before writing.
   */
  static Future<String> readUntil(NetSocket socket, String marker) {
    Promise<String> answered = Promise.promise();
    Buffer read = Buffer.buffer();
    socket.handler(bytes -> {
      read.appendBuffer(bytes);
      if (read.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
        answered.tryComplete(read.toString(StandardCharsets.ISO_8859_1));
      }
    });
    socket.closeHandler(v -> answered.tryComplete(read.toString(StandardCharsets.ISO_8859_1)));
    return answered.future();
  }
}
