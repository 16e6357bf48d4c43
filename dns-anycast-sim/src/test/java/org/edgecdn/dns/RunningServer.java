package org.edgecdn.dns;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.edgecdn.testkit.Await;

/**
 * A {@link GeoDnsServer} on a Vert.x of its own with every health check passing, started in a
 * test's set-up and closed (server, then Vert.x) in its tear-down.
 */
final class RunningServer implements AutoCloseable {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Vertx vertx = Vertx.vertx();
  private GeoDnsServer server;

  private RunningServer() {}

  static RunningServer start(DnsOptions options) {
    RunningServer running = new RunningServer();
    try {
      running.server = Await.result(
          GeoDnsServer.start(running.vertx, options, PopHealth.allHealthy(), running.registry));
    } catch (RuntimeException | AssertionError e) {
      running.close();
      throw e;
    }
    return running;
  }

  GeoDnsServer server() {
    return server;
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      Await.result(server.close());
    }
    Await.result(vertx.close());
  }
}
