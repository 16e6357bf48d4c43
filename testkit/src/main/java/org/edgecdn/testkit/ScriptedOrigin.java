package org.edgecdn.testkit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An origin whose every answer the test scripts, and which records every request it receives,
 * so a test can assert exactly how many requests reached the origin and what they carried
 * (an unexpected origin fetch fails the test).
 */
public final class ScriptedOrigin {

  /** A request as the origin received it, body included. */
  public record Received(String method, String uri, MultiMap headers, Buffer body,
      String remoteAddress) {}

  /**
   * What the origin answers.
   *
   * @param delayMillis how long the origin waits before its response head (on a timer: the
   *     event loop is not blocked), 0 for at once
   */
  public record Reply(int status, MultiMap headers, Buffer body, long delayMillis) {

    /** The status of {@link #disconnect()}: no answer at all. */
    public static final int DISCONNECT = -1;

    /** An answer sent at once. */
    public Reply(int status, MultiMap headers, Buffer body) {
      this(status, headers, body, 0);
    }

    public static Reply ok(String body) {
      return new Reply(200, MultiMap.caseInsensitiveMultiMap()
          .add("Content-Type", "text/plain"), Buffer.buffer(body));
    }

    /**
     * No answer: the origin closes the connection once it has read the request (a crashed or
     * reset origin). {@link #after} delays the close. The whole connection closes: over HTTP/2
     * that would end its other streams too (the origin here speaks HTTP/1.1).
     */
    public static Reply disconnect() {
      return new Reply(DISCONNECT, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }

    /** Whether this is {@link #disconnect()}. */
    public boolean disconnects() {
      return status == DISCONNECT;
    }

    public Reply header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** This answer, sent {@code millis} after the request arrived: a slow origin. */
    public Reply after(long millis) {
      return new Reply(status, headers, body, millis);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<Received, Reply> script;

  private ScriptedOrigin(Vertx vertx, HttpServer server, Function<Received, Reply> script) {
    this.vertx = vertx;
    this.server = server;
    this.script = script;
  }

  /** Starts on 127.0.0.1, a free port, answering every request with {@code script}. */
  public static Future<ScriptedOrigin> start(Vertx vertx, Function<Received, Reply> script) {
    HttpServer server = vertx.createHttpServer();
    ScriptedOrigin origin = new ScriptedOrigin(vertx, server, script);
    server.requestHandler(origin::handle);
    return server.listen(0, "127.0.0.1").map(ignored -> origin);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Received got = new Received(request.method().name(), request.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body,
          request.remoteAddress().hostAddress());
      received.add(got);
      Reply reply = script.apply(got);
      if (reply.delayMillis() > 0) {
        vertx.setTimer(reply.delayMillis(), id -> answer(request, reply));
      } else {
        answer(request, reply);
      }
    });
  }

  private static void answer(HttpServerRequest request, Reply reply) {
    if (reply.disconnects()) {
      request.connection().close();
      return;
    }
    request.response().setStatusCode(reply.status());
    request.response().headers().addAll(reply.headers());
    request.response().end(reply.body());
  }

  public void script(Function<Received, Reply> next) {
    this.script = next;
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public Received last() {
    if (received.isEmpty()) {
      throw new AssertionError("the origin received no request");
    }
    return received.get(received.size() - 1);
  }

  public Future<Void> close() {
    return server.close();
  }
}
