package org.edgecdn.loadtest;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A tiny HTTP server on 127.0.0.1 and a free port, on a Vert.x of its own. */
final class TestServer implements AutoCloseable {

  final Vertx vertx;
  final HttpServer server;

  private TestServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static TestServer start(Handler<HttpServerRequest> handler) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpServer server = await(vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1").setPort(0)).requestHandler(handler).listen());
    return new TestServer(vertx, server);
  }

  /** Answers 200 with a short body. */
  static TestServer ok() {
    return start(request -> request.response().end("ok"));
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  Target target() {
    return Target.parse(url(), null);
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static RunResult run(LoadOptions options) {
    try {
      return LoadGenerator.runBlocking(options, ProgressListener.NONE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static LoadOptions options(StreamOptions stream, Duration duration) {
    return LoadOptions.of(stream, duration);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
