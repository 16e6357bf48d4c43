package org.edgecdn.http.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.admin.AdminServer;

/**
 * The two ports of an HTTP node: traffic and admin. Opens both or neither: if the second cannot
 * be bound the first is closed again, and the failure names the node and the port. The traffic
 * port may be served from several event loops ({@link TrafficLoops}).
 */
public final class NodeServers {

  private final TrafficLoops traffic;
  private final AdminServer admin;

  private NodeServers(TrafficLoops traffic, AdminServer admin) {
    this.traffic = traffic;
    this.admin = admin;
  }

  /** As below, served from one event loop. */
  public static Future<NodeServers> start(Vertx vertx, String label, HostPort listen,
      HostPort adminAddress, Handler<HttpServerRequest> handler, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health, Optional<Handler<HttpServerRequest>> api, Tags tags) {
    return start(vertx, label, listen, adminAddress, handler, registry, health, api, tags, 1);
  }

  /**
   * @param label the node as operators name it ({@code edge eu}, {@code shield shield})
   * @param api the node's admin API ({@code /api/...}), if it has one
   * @param tags the node's tags ({@code pop}, {@code tier}) for the connection gauge
   * @param loops how many event loops serve the traffic port ({@link TrafficLoops}); the admin
   *     port is served from one
   */
  public static Future<NodeServers> start(Vertx vertx, String label, HostPort listen,
      HostPort adminAddress, Handler<HttpServerRequest> handler, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health, Optional<Handler<HttpServerRequest>> api, Tags tags,
      int loops) {
    HttpServerOptions options = new HttpServerOptions()
        // Idle keep-alive connections are closed after 75 s, as nginx does.
        .setIdleTimeout(75)
        // Tell clients sending Expect: 100-continue to go ahead; the body is streamed upstream.
        .setHandle100ContinueAutomatically(true)
        // WebSocket upgrades are tunnelled to the origin as bytes: the server must not negotiate
        // compression extensions of its own (and their handler no longer inspects every
        // request and response on the way).
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    // Counted per connection, not per request: Vert.x's own HTTP meters, which also counted
    // connections, are off for what they cost every request (docs/performance.md). One gauge
    // and one counter for all the loops' servers.
    AtomicInteger open = new AtomicInteger();
    Gauge.builder("cdn.client.connections", open, AtomicInteger::get)
        .description("Client connections open on the traffic port").tags(tags).register(registry);
    TrafficLoops traffic = new TrafficLoops(vertx, loops, () -> {
      HttpServer server = vertx.createHttpServer(options);
      server.requestHandler(handler);
      server.connectionHandler(connection -> {
        open.incrementAndGet();
        connection.closeHandler(closed -> open.decrementAndGet());
      });
      return server;
    });
    return traffic.listen(listen)
        .recover(error -> Future.failedFuture(BindFailure.describe(label, "traffic", listen, error)))
        .compose(bound -> AdminServer.start(vertx, label, adminAddress, registry, health, api)
            .recover(error -> traffic.close().transform(ignored -> Future.failedFuture(error))))
        .map(admin -> new NodeServers(traffic, admin));
  }

  /** Serves {@code prefix} and below on the admin port with {@code handler}. */
  public void mountAdmin(String prefix, Handler<HttpServerRequest> handler) {
    admin.mount(prefix, handler);
  }

  public int port() {
    return traffic.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public Future<Void> close() {
    return Future.join(traffic.close(), admin.close()).mapEmpty();
  }
}
