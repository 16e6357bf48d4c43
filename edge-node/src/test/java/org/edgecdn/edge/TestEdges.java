package org.edgecdn.edge;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.testkit.Await;

/** An edge "t" on loopback serving one site "shop" from one origin, no shield, no cluster. */
final class TestEdges {

  private TestEdges() {}

  static EdgeNode start(Vertx vertx, String host, String originUrl) {
    return start(vertx, host, originUrl, AccessLog.off());
  }

  static EdgeNode start(Vertx vertx, String host, String originUrl, AccessLog accessLog) {
    Site shop = new Site("shop", List.of(host), List.of(URI.create(originUrl)), Optional.empty());
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(shop), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults());
    return Await.result(EdgeNode.start(vertx, options, accessLog, new MemberSlot()));
  }
}
