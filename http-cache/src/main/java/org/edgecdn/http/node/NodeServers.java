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
import org.edgecdn.http.HostPort;
import org.edgecdn.http.admin.AdminServer;

/**
 * The two ports of an HTTP node: traffic and admin. Opens both or neither: if the second cannot
 * be bound the first is closed again, and the failure names the node and the port. The traffic
 * port can be stopped and started while the node runs ({@link TrafficPort}); the admin port
 * stays open throughout, since that is where it is started again.
 */
public final class NodeServers {

  private final TrafficPort traffic;
  private final AdminServer admin;

  private NodeServers(TrafficPort traffic, AdminServer admin) {
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
    // Counted per connection, not per request: Vert.x's own HTTP meters, which also counted
    // connections, are off for what they cost every request (docs/performance.md).
    AtomicInteger open = new AtomicInteger();
    Gauge.builder("cdn.client.connections", open, AtomicInteger::get)
        .description("Client connections open on the traffic port").tags(tags).register(registry);
    Supplier<HttpServer> servers = () -> trafficServer(vertx, handler, open);
    return TrafficPort.open(label, listen, servers, TrafficPort.GRACE_MILLIS)
        .compose(traffic -> {
          Gauge.builder("cdn.node.serving", traffic,
                  t -> t.state() == TrafficPort.State.SERVING ? 1 : 0)
              .description("1 while the traffic port takes traffic, 0 while an operator has"
                  + " stopped it (POST /api/v1/node/stop)")
              .tags(tags).register(registry);
          return AdminServer.start(vertx, label, adminAddress, registry,
                  () -> withTraffic(health.get(), traffic.state()), api)
              .recover(error -> traffic.close().transform(ignored -> Future.failedFuture(error)))
              .map(admin -> new NodeServers(traffic, admin));
        });
  }

  private static HttpServer trafficServer(Vertx vertx, Handler<HttpServerRequest> handler,
      AtomicInteger open) {
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
    traffic.connectionHandler(connection -> {
      open.incrementAndGet();
      connection.closeHandler(closed -> open.decrementAndGet());
    });
    return traffic;
  }

  /**
   * The node's health report with the traffic port's state: a stopped node reports
   * {@code "status":"stopped"} (503), whatever else it would say, so probes move its clients.
   */
  static JsonObject withTraffic(JsonObject report, TrafficPort.State state) {
    report.put("traffic", state.wireName());
    if (state == TrafficPort.State.STOPPED) {
      report.put("status", "stopped");
    }
    return report;
  }

  /** Serves {@code prefix} and below on the admin port with {@code handler}. */
  public void mountAdmin(String prefix, Handler<HttpServerRequest> handler) {
    admin.mount(prefix, handler);
  }

  public int port() {
    return traffic.port();
  }

  /** The traffic port, which an operator may stop and start ({@link NodeControlApi}). */
  public TrafficPort traffic() {
    return traffic;
  }

  public int adminPort() {
    return admin.port();
  }

  public Future<Void> close() {
    return Future.join(traffic.close(), admin.close()).mapEmpty();
  }
}
