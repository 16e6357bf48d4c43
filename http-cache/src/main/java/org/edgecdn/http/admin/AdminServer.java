package org.edgecdn.http.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.metrics.ProcessMeters;

/**
 * A node's admin port: {@code GET /healthz} (200 while the node serves, with a small JSON
 * report), {@code GET /metrics} (Prometheus text exposition of the node's registry) and, when
 * the node has one, its API under {@code /api/} (purges), plus the handlers {@link #mount mounted}
 * later (custom domains, which need the cluster). It is separate from the traffic port so that probes and scrapes never compete with, or get counted
 * as, customer traffic.
 */
public final class AdminServer {

  private final HttpServer server;
  private final CopyOnWriteArrayList<Mount> mounts;

  /** A handler for every path that starts with {@code prefix}. */
  private record Mount(String prefix, Handler<HttpServerRequest> handler) {
    boolean matches(String path) {
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
  }

  private AdminServer(HttpServer server, CopyOnWriteArrayList<Mount> mounts) {
    this.server = server;
    this.mounts = mounts;
  }

  /**
   * Starts the admin port.
   *
   * @param label how errors name the node ({@code edge eu})
   * @param health the body of {@code /healthz}; its {@code status} field decides 200 or 503
   */
  public static Future<AdminServer> start(Vertx vertx, String label, HostPort address,
      PrometheusMeterRegistry registry, Supplier<JsonObject> health) {
    return start(vertx, label, address, registry, health, Optional.empty());
  }

  /** As above, with {@code api} answering every request under {@code /api/}. */
  public static Future<AdminServer> start(Vertx vertx, String label, HostPort address,
      PrometheusMeterRegistry registry, Supplier<JsonObject> health,
      Optional<Handler<HttpServerRequest>> api) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions());
    CopyOnWriteArrayList<Mount> mounts = new CopyOnWriteArrayList<>();
    server.requestHandler(request -> {
      String path = request.path();
      for (Mount mount : mounts) {
        if (mount.matches(path)) {
          mount.handler().handle(request);
          return;
        }
      }
      if (api.isPresent() && path.startsWith("/api/")) {
        api.get().handle(request);
      } else {
        handle(request, registry, health);
      }
    });
    return server.listen(address.port(), address.host())
        .recover(error -> Future.failedFuture(BindFailure.describe(label, "admin", address, error)))
        .map(bound -> new AdminServer(bound, mounts));
  }

  /**
   * Sends every request whose path is {@code prefix} or below it ({@code /api/v1/domains},
   * {@code /api/v1/domains/x}) to {@code handler}, ahead of the built-in routes. For services
   * that exist only once the node has started, such as those living in the cluster.
   */
  public void mount(String prefix, Handler<HttpServerRequest> handler) {
    mounts.add(new Mount(prefix, handler));
  }

  private static void handle(HttpServerRequest request, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (request.path()) {
      case "/healthz" -> {
        JsonObject report = health.get();
        boolean ok = "ok".equals(report.getString("status"));
        request.response()
            .setStatusCode(ok ? 200 : 503)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(report.encode() + "\n");
      }
      case "/metrics" -> request.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(registry.scrape() + ProcessMeters.scrape());
      default -> request.response().setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("not found: the admin port serves /healthz and /metrics\n");
    }
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
