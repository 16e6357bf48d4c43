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
 * be bound the first is closed again, and the failure names the node and the port.
 */
public final class NodeServers {

  private final HttpServer traffic;
  private final AdminServer admin;

  private NodeServers(HttpServer traffic, AdminServer admin) {
    this.traffic = traffic;
    this.admin = admin;
  }

  /**
   * @param label the node as operators name it ({@code edge eu}, {@code shield shield})
   * @param api the node's admin API ({@code /api/...}), if it has one
   * @param tags the node's tags ({@code pop}, {@code tier}) for the connection gauge
   */
  public static Future<NodeServers> start(Vertx vertx, String label, HostPort listen,
      HostPort adminAddress, Handler<HttpServerRequest> handler, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health, Optional<Handler<HttpServerRequest>> api, Tags tags) {
    HttpServer traffic = vertx.createHttpServer(new HttpServerOptions()
        // Idle keep-alive connections are closed after 75 s, as nginx does.
        .setIdleTimeout(75)
        // Tell clients sending Expect: 100-continue to go ahead; the body is streamed upstream.
        .setHandle100ContinueAutomatically(true)
        // WebSocket upgrades are tunnelled to the origin as bytes: the server must not negotiate
        // compression extensions of its own (and their handler no longer inspects every
        // request and response on the way).
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false));
    traffic.requestHandler(handler);
    // Counted per connection, not per request: Vert.x's own HTTP meters, which also counted
    // connections, are off for what they cost every request (docs/performance.md).
    AtomicInteger open = new AtomicInteger();
    Gauge.builder("cdn.client.connections", open, AtomicInteger::get)
        .description("Client connections open on the traffic port").tags(tags).register(registry);
    traffic.connectionHandler(connection -> {
      open.incrementAndGet();
      connection.closeHandler(closed -> open.decrementAndGet());
    });
    return traffic.listen(listen.port(), listen.host())
        .recover(error -> Future.failedFuture(BindFailure.describe(label, "traffic", listen, error)))
        .compose(bound -> AdminServer.start(vertx, label, adminAddress, registry, health, api)
            .recover(error -> bound.close().transform(ignored -> Future.failedFuture(error))))
        .map(admin -> new NodeServers(traffic, admin));
  }

  /** Serves {@code prefix} and below on the admin port with {@code handler}. */
  public void mountAdmin(String prefix, Handler<HttpServerRequest> handler) {
    admin.mount(prefix, handler);
  }

  public int port() {
    return traffic.actualPort();
  }

  public int adminPort() {
    return admin.port();
  }

  public Future<Void> close() {
    return Future.join(traffic.close(), admin.close()).mapEmpty();
  }
}
