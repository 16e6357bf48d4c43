package org.edgecdn.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A demo origin on 127.0.0.1 with a free port, a fixed clock and a fixed deploy time, and a
 * blocking HTTP client for it. Tests run on the JUnit thread, where {@code Future.await()} is
 * not allowed on Java 17, so futures are awaited through CompletableFuture with a timeout.
 */
final class DemoOriginFixture implements AutoCloseable {

  /** Not on a whole second, to check that Last-Modified is truncated. */
  static final Instant DEPLOYED_AT = Instant.parse("2025-02-28T09:30:00.250Z");
  static final String LAST_MODIFIED = "Fri, 28 Feb 2025 09:30:00 GMT";
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final String DATE = "Sat, 01 Mar 2025 12:00:00 GMT";
  static final Duration CHAT_DELAY = Duration.ofMillis(10);
  static final String HOST = "127.0.0.1";

  final Vertx vertx;
  final DemoOrigin origin;
  private final HttpClient http;

  private DemoOriginFixture(Vertx vertx, DemoOrigin origin) {
    this.vertx = vertx;
    this.origin = origin;
    this.http = vertx.createHttpClient();
  }

  static DemoOriginOptions options() {
    return new DemoOriginOptions(HOST, 0, CHAT_DELAY, DEPLOYED_AT);
  }

  static DemoOriginFixture start() {
    Vertx vertx = Vertx.vertx();
    DemoOrigin origin = await(DemoOrigin.start(vertx, options(), Clock.fixed(NOW, ZoneOffset.UTC)));
    return new DemoOriginFixture(vertx, origin);
  }

  /** An answer with its body read to the end. */
  record Reply(int status, MultiMap headers, Buffer body) {
    String header(String name) {
      return headers.get(name);
    }

    String text() {
      return body.toString();
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  Reply get(String uri, String... headerPairs) {
    return send(HttpMethod.GET, uri, null, headerPairs);
  }

  Reply send(HttpMethod method, String uri, Buffer body, String... headerPairs) {
    RequestOptions request = new RequestOptions()
        .setMethod(method).setHost(HOST).setPort(origin.port()).setURI(uri);
    for (int i = 0; i < headerPairs.length; i += 2) {
      request.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    // Nested, not chained: from a non-Vert.x thread the chained form can lose the response's
    // end and hang (eclipse-vertx/vert.x#4705, #6038, fixed after 5.0.7).
    return await(http.request(request).compose(req ->
        (body == null ? req.send() : req.send(body)).compose(response -> response.body()
            .map(read -> new Reply(response.statusCode(), response.headers(), read)))));
  }

  Reply postJson(String uri, String json) {
    return send(HttpMethod.POST, uri, Buffer.buffer(json), "Content-Type", "application/json");
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not succeed: " + e, e);
    }
  }

  @Override
  public void close() {
    await(origin.close());
    await(vertx.close());
  }
}
