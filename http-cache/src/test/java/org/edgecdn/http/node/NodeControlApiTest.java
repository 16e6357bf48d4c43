package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.auth.OperatorToken;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator takes a node's traffic port out of service and back over its admin port, as a
 * user would check it: connections refused and /healthz 503 while stopped, served again after,
 * and nobody without the operator's token can do either.
 */
class NodeControlApiTest {

  private static final String TOKEN = "operator-token-0123456789";
  private static final String LOOPBACK = "127.0.0.1";

  private Vertx vertx;
  private HttpClientAgent client;
  private NodeServers servers;
  /** Event loops of the node's traffic port. */
  private int loops = 1;
  /**
   * The response of a request to /slow, held open until the test ends it, and the context of
   * its connection, where the traffic port's strict thread mode wants it written.
   */
  private final CompletableFuture<HttpServerResponse> slow = new CompletableFuture<>();
  private volatile Context slowContext;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private void startNode(Optional<OperatorToken> token) {
    startNode(token, NodeServers.DEFAULT_HEAD_TIMEOUT);
  }

  private void startNode(Optional<OperatorToken> token, Duration headTimeout) {
    servers = Await.result(NodeServers.start(vertx, "edge eu", new HostPort(LOOPBACK, 0),
        new HostPort(LOOPBACK, 0), request -> {
          if (request.path().equals("/slow")) {
            slowContext = Vertx.currentContext();
            slow.complete(request.response());
          } else {
            request.response().end("hello");
          }
        }, NodeRegistry.create(), () -> new JsonObject().put("status", "ok"), Optional.empty(),
        Tags.of("pop", "eu", "tier", "edge"), headTimeout, loops));
    servers.mountAdmin(NodeControlApi.PATH,
        new NodeControlApi("edge eu", servers.traffic(), token));
  }

  private void startNode() {
    startNode(Optional.of(new OperatorToken(TOKEN)));
  }

  @Test
  void stop_refusesNewConnections_andHealthzSays503Stopped() {
    startNode();
    int port = servers.port();

    Reply stopped = admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);

    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.json().getJsonObject("result").getString("traffic")).isEqualTo("stopped");
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    Reply health = admin(HttpMethod.GET, "/healthz", null);
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().getString("status")).isEqualTo("stopped");
    assertThat(health.json().getString("traffic")).isEqualTo("stopped");
    assertThat(metrics()).contains("cdn_node_serving{pop=\"eu\",tier=\"edge\"} 0.0");
  }

  @Test
  void start_afterStop_servesAgainOnTheSamePort() {
    startNode();
    int port = servers.port();
    admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);

    Reply started = admin(HttpMethod.POST, "/api/v1/node/start", TOKEN);

    assertThat(started.status()).isEqualTo(200);
    assertThat(started.json().getJsonObject("result").getString("traffic")).isEqualTo("serving");
    assertThat(servers.port()).isEqualTo(port);
    assertThat(traffic(port, "/").body()).isEqualTo("hello");
    Reply health = admin(HttpMethod.GET, "/healthz", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("traffic")).isEqualTo("serving");
    assertThat(metrics()).contains("cdn_node_serving{pop=\"eu\",tier=\"edge\"} 1.0");
  }

  @Test
  void stopAndStart_ofATrafficPortOnTwoLoops_stopAndStartEveryLoop() throws IOException {
    loops = 2;
    startNode();
    int port = servers.port();

    admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    admin(HttpMethod.POST, "/api/v1/node/start", TOKEN);

    for (int i = 0; i < 4; i++) {
      // A connection each, so both loops answer.
      assertThat(Await.result(send(port, HttpMethod.GET, "/", null, false)).body())
          .isEqualTo("hello");
    }
    admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);
    assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
  }

  @Test
  void stopAndStart_twice_areIdempotent() {
    startNode();

    assertThat(admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN).status()).isEqualTo(200);
    assertThat(admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN).status()).isEqualTo(200);
    assertThat(admin(HttpMethod.POST, "/api/v1/node/start", TOKEN).status()).isEqualTo(200);
    Reply again = admin(HttpMethod.POST, "/api/v1/node/start", TOKEN);

    assertThat(again.status()).isEqualTo(200);
    assertThat(admin(HttpMethod.GET, "/api/v1/node", TOKEN).json().getJsonObject("result")
        .getString("traffic")).isEqualTo("serving");
    assertThat(traffic(servers.port(), "/").body()).isEqualTo("hello");
  }

  @Test
  void stop_letsTheResponseInFlightFinish_thenClosesItsConnection() {
    startNode();
    Future<Reply> inFlight = send(servers.port(), HttpMethod.GET, "/slow", null);
    HttpServerResponse held = Await.result(Future.fromCompletionStage(slow));

    Future<Reply> stopping = send(servers.adminPort(), HttpMethod.POST, "/api/v1/node/stop",
        TOKEN);
    Await.until("the node reports stopped",
        () -> servers.traffic().state() == TrafficPort.State.STOPPED, Await.DEFAULT);
    slowContext.runOnContext(v -> held.end("late but whole"));

    assertThat(Await.result(inFlight).body()).isEqualTo("late but whole");
    assertThat(Await.result(stopping).status()).isEqualTo(200);
    assertThatThrownBy(() -> connect(servers.port())).isInstanceOf(ConnectException.class);
  }

  @Test
  void start_whenTheAddressWasTakenMeanwhile_is409AndStaysStopped() throws IOException {
    startNode();
    int port = servers.port();
    admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);

    try (ServerSocket squatter = squat(port)) {
      Reply started = admin(HttpMethod.POST, "/api/v1/node/start", TOKEN);

      assertThat(started.status()).isEqualTo(409);
      assertThat(started.errorMessage()).isEqualTo(
          "edge eu: traffic port 127.0.0.1:" + port + " is already in use");
      assertThat(servers.traffic().state()).isEqualTo(TrafficPort.State.STOPPED);
    }
    assertThat(admin(HttpMethod.POST, "/api/v1/node/start", TOKEN).status()).isEqualTo(200);
    assertThat(traffic(port, "/").body()).isEqualTo("hello");
  }

  @Test
  void stop_withoutToken_is401WithAChallenge_andTheNodeStillServes() {
    startNode();

    Reply refused = admin(HttpMethod.POST, "/api/v1/node/stop", null);

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"edgecdn\"");
    assertThat(traffic(servers.port(), "/").body()).isEqualTo("hello");
    assertThat(admin(HttpMethod.GET, "/healthz", null).status()).isEqualTo(200);
  }

  @Test
  void stop_withAWrongToken_is401_andTheNodeStillServes() {
    startNode();

    Reply refused = admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN + "x");

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.errorMessage()).isEqualTo("unknown token");
    assertThat(refused.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(traffic(servers.port(), "/").body()).isEqualTo("hello");
    assertThat(admin(HttpMethod.GET, "/api/v1/node", "wrong-token-0123456789").status())
        .isEqualTo(401);
  }

  @Test
  void stop_withoutAnOperatorTokenConfigured_is403SayingHowToSetOne() {
    startNode(Optional.empty());

    Reply refused = admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorMessage()).contains("set operator-token in the network file");
    assertThat(traffic(servers.port(), "/").body()).isEqualTo("hello");
  }

  @Test
  void start_afterStop_keepsTheHeadDeadline_onTheNewListener() throws IOException {
    startNode(Optional.of(new OperatorToken(TOKEN)), Duration.ofMillis(300));
    admin(HttpMethod.POST, "/api/v1/node/stop", TOKEN);
    admin(HttpMethod.POST, "/api/v1/node/start", TOKEN);

    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, servers.port()), 2_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a".getBytes(
          StandardCharsets.US_ASCII));
      // The head never ends: the restarted listener's connections are on the clock too.
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 408 ");
    }
    assertThat(metrics()).contains(
        "cdn_client_timeouts_total{phase=\"head\",pop=\"eu\",tier=\"edge\"} 1.0");
  }

  @Test
  void stop_asGet_is405() {
    startNode();

    Reply wrongMethod = admin(HttpMethod.GET, "/api/v1/node/stop", TOKEN);

    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers().get("Allow")).isEqualTo("POST");
    assertThat(servers.traffic().state()).isEqualTo(TrafficPort.State.SERVING);
  }

  // ---- helpers ----

  private record Reply(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String errorMessage() {
      return json().getJsonArray("errors").getJsonObject(0).getString("message");
    }
  }

  private Reply admin(HttpMethod method, String path, String token) {
    return Await.result(send(servers.adminPort(), method, path, token));
  }

  private Reply traffic(int port, String path) {
    return Await.result(send(port, HttpMethod.GET, path, null));
  }

  private String metrics() {
    return admin(HttpMethod.GET, "/metrics", null).body();
  }

  private Future<Reply> send(int port, HttpMethod method, String path, String token) {
    return send(port, method, path, token, true);
  }

  private Future<Reply> send(int port, HttpMethod method, String path, String token,
      boolean keepAlive) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(LOOPBACK)
        .setPort(port).setURI(path);
    if (!keepAlive) {
      options.putHeader("Connection", "close");
    }
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    // The whole exchange runs on one event loop: a response's body is read only if body() is
    // asked for before the body arrives, which a callback run on the test's thread can miss
    // (the request then hangs; it did in about one run in four on a busy machine).
    Promise<Reply> reply = Promise.promise();
    vertx.runOnContext(ignored -> client.request(options)
        .compose(request -> request.send()
            .compose(response -> response.body().map(body -> reply(response, body))))
        .onComplete(reply));
    return reply.future();
  }

  private static Reply reply(HttpClientResponse response, Buffer body) {
    return new Reply(response.statusCode(), response.headers(), body.toString());
  }

  /** A socket listening on {@code port}, as another server taking the node's address. */
  private static ServerSocket squat(int port) throws IOException {
    ServerSocket squatter = new ServerSocket();
    // As Vert.x binds; the JDK sets it by default on Linux, but does not promise to.
    squatter.setReuseAddress(true);
    squatter.bind(new InetSocketAddress(LOOPBACK, port));
    return squatter;
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 2_000);
    }
  }
}
