package org.edgecdn.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.cli.CliAccess;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The demo network end to end, in this JVM, on free ports: real DNS over UDP, real HTTP through
 * edge, shield and the demo origin, a WebSocket through the edge, a real Hazelcast cluster, and
 * the metrics an operator scrapes.
 */
class DemoNetworkIT {

  private static Vertx vertx;
  private static NetworkConfig config;
  private static RunningNetwork network;
  private static HttpClient http;

  @BeforeAll
  static void startNetwork() {
    vertx = Vertx.vertx();
    config = TestNetworks.demoOnFreePorts();
    network = TestNetworks.startWhole(vertx, config);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stopNetwork() {
    TestNetworks.stop(network, vertx);
  }

  private static PopSection pop(String name) {
    return config.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static Message query(String name, String clientSubnet, boolean tcp) throws Exception {
    HostPort dns = network.nodes().stream().filter(n -> n.kind().equals("dns")).findFirst()
        .map(n -> HostPort.parse(n.address().split(" ")[0])).orElseThrow();
    return TestNetworks.query(dns, name, clientSubnet, tcp);
  }

  private static Answer get(HostPort at, String path, String host) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost(at.host()).setPort(at.port()).setURI(path)
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", host));
    // Nested, not chained: see EdgeForwardingTest (eclipse-vertx/vert.x#5825, #6038).
    return Await.result(http.request(options).compose(request ->
        request.send().compose(response -> response.body().map(body ->
            new Answer(response.statusCode(), response.headers(), body)))));
  }

  record Answer(int status, MultiMap headers, Buffer body) {}

  private static Answer postChat(HostPort at, String body, String user, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(at.host()).setPort(at.port()).setURI("/v1/chat/completions")
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", "www.shop.example")
            .add("Content-Type", "application/json"));
    if (user != null) {
      options.addHeader("X-User-Id", user);
    }
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    // The fake LLM thinks for 0.8 s; on a loaded 2-core machine a miss can take several.
    return Await.result(http.request(options).compose(request ->
        request.send(Buffer.buffer(body)).compose(response -> response.body().map(b ->
            new Answer(response.statusCode(), response.headers(), b)))),
        Duration.ofSeconds(30));
  }

  /** A smoke run of the load generator through edge eu: bounded, not a performance claim. */
  /** The same over HTTP/2: the edge offers h2c, and every request is answered. */
  @Test
  void loadtest_smokeRunOverH2c_throughEdgeEu_isAnsweredWithoutErrors() throws Exception {
    PopSection eu = pop("eu");
    Path json = Files.createTempFile("loadtest", ".json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      int exit = CliAccess.loadtest(new PrintStream(new ByteArrayOutputStream(), true),
          new PrintStream(err, true), "http://" + eu.listen(),
          "--host", "www.shop.example", "--workload", "urls", "--path", "/",
          "--path", "/static/app.css", "--rate", "100", "--duration", "1s", "--warmup", "0s",
          "--connections", "4", "--http2", "--max-error-ratio", "0", "--out", json.toString());

      assertThat(exit).as(err.toString()).isZero();
      JsonObject traffic = new JsonObject(Files.readString(json)).getJsonArray("streams")
          .getJsonObject(0);
      assertThat(traffic.getString("protocol")).isEqualTo("h2c");
      assertThat(traffic.getJsonObject("requests").getLong("answered")).isPositive();
      assertThat(traffic.getJsonObject("status").getLong("2xx")).as(traffic.encode())
          .isEqualTo(traffic.getJsonObject("requests").getLong("answered"));
    } finally {
      Files.deleteIfExists(json);
    }
  }

  @Test
  void loadtest_smokeRun_throughEdgeEu_readsTheHitRatioFromTheEdgesMetrics() throws Exception {
    PopSection eu = pop("eu");
    Path json = Files.createTempFile("loadtest", ".json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      int exit = CliAccess.loadtest(new PrintStream(out, true),
          new PrintStream(err, true), "http://" + eu.listen(),
          "--host", "www.shop.example", "--workload", "zipf", "--objects", "20",
          "--rate", "100", "--duration", "1s", "--warmup", "0s", "--connections", "4",
          "--metrics", "http://" + eu.admin() + "/metrics", "--max-error-ratio", "0",
          "--out", json.toString());

      assertThat(exit).as(err.toString()).isZero();
      JsonObject report = new JsonObject(Files.readString(json));
      JsonObject traffic = report.getJsonArray("streams").getJsonObject(0);
      assertThat(traffic.getJsonObject("requests").getLong("sent")).isPositive();
      assertThat(out.toString()).contains("hit ratio");
    } finally {
      Files.deleteIfExists(json);
    }
  }

  @Test
  void llm_repeatedDeterministicQuestion_isAnsweredByTheEdge_personalOnesAreNotShared() {
    HostPort eu = pop("eu").listen();
    String question = "{\"model\":\"demo-1\",\"temperature\":0,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"What is an edge?\"}]}";

    Answer first = postChat(eu, question, null);
    Answer second = postChat(eu, question, null);
    Answer personal = postChat(eu, question, "42");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.headers().get("Cache-Status")).contains("edge-eu; fwd=miss");
    assertThat(second.headers().get("Cache-Status")).contains("edge-eu; hit");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(personal.headers().get("Cache-Status")).contains("fwd=miss");
  }

  @Test
  void llm_respondAsync_isATaskAcceptedByOneEdge_andReadFromAnother() {
    String question = "{\"model\":\"demo-1\",\"temperature\":0,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"Explain anycast, slowly.\"}]}";

    Answer accepted = postChat(pop("eu").listen(), question, null, "Prefer", "respond-async");

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.headers().get("Preference-Applied")).isEqualTo("respond-async");
    String url = accepted.body().toJsonObject().getString("status_url");
    JsonObject[] seen = new JsonObject[1];
    Await.until("the task is done, seen from edge us", () -> {
      seen[0] = get(pop("us").listen(), url, "www.shop.example").body().toJsonObject();
      return seen[0].getString("state").equals("done");
    }, Duration.ofSeconds(30));
    assertThat(seen[0].getJsonObject("result").getInteger("status")).isEqualTo(200);
  }

  @Test
  void dns_answersCnameAndTheNearestEdge_forAClientSubnetInEurope() throws Exception {
    Message answer = query("www.shop.example", "127.0.2.0/24", false);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> records = answer.getSection(Section.ANSWER);
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).isInstanceOf(CNAMERecord.class);
    assertThat(((CNAMERecord) records.get(0)).getTarget().toString()).isEqualTo("shop.cdn.test.");
    assertThat(records.get(1).getName().toString()).isEqualTo("shop.cdn.test.");
    assertThat(((ARecord) records.get(1)).getAddress().getHostAddress())
        .isEqualTo(pop("eu").listen().host());
  }

  @Test
  void dns_overTcp_picksAsiaForAnAsianSubnet() throws Exception {
    Message answer = query("www.shop.example", "127.0.3.0/24", true);

    Record last = answer.getSection(Section.ANSWER).get(1);
    assertThat(((ARecord) last).getAddress().getHostAddress()).isEqualTo(pop("ap").listen().host());
  }

  @Test
  void homePage_throughEdgeShieldAndOrigin_carriesOneCacheStatusMemberPerTier() {
    Answer answer = get(pop("eu").listen(), "/", "www.shop.example");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().toString()).contains("<html").contains("/static/app.css");
    String cacheStatus = answer.headers().get("Cache-Status");
    assertThat(cacheStatus).startsWith("shield; ").contains(", edge-eu; ");
    assertThat(cacheStatus.indexOf("shield")).isLessThan(cacheStatus.indexOf("edge-eu"));
    assertThat(answer.headers().get("ETag")).isNotBlank();
  }

  @Test
  void unknownHost_gets421() {
    Answer answer = get(pop("us").listen(), "/", "www.unknown.example");

    assertThat(answer.status()).isEqualTo(421);
  }

  @Test
  void webSocket_echoesThroughTheEdgeAndShield_andIsCountedWhenItCloses() throws Exception {
    assertThat(echo("ping through the network")).isEqualTo("ping through the network");
    // echo closed its socket: the tunnel is counted, as a 101, once it has closed.
    Await.until("the tunnel counted at edge eu",
        () -> get(pop("eu").admin(), "/metrics", "localhost").body().toString()
            .matches("(?s).*cdn_requests_total\\{cache_status=\"tunnel\",code_class=\"1xx\""
                + ",pop=\"eu\"[^}]*} [1-9].*"),
        Duration.ofSeconds(5));
  }

  private static String echo(String text) throws Exception {
    HostPort eu = pop("eu").listen();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(eu.host()).setPort(eu.port()).setURI("/ws/echo")
        .addHeader("Host", "www.shop.example");
    WebSocket socket = Await.result(vertx.createWebSocketClient().connect(options)
        .compose(connected -> {
          connected.textMessageHandler(echoed::complete);
          return connected.writeTextMessage(text).map(connected);
        }));
    try {
      return echoed.get(5, TimeUnit.SECONDS);
    } finally {
      Await.result(socket.close());
    }
  }

  @Test
  void metrics_countRequestsPerPopAndTier_withTtfbBuckets() {
    get(pop("eu").listen(), "/about", "www.shop.example");
    // A connection of its own, kept open while the metrics are read (the shared client closes
    // each of its connections after one request).
    HostPort eu = pop("eu").listen();
    NetSocket open = Await.result(vertx.createNetClient().connect(eu.port(), eu.host()));
    Promise<Void> answered = Promise.promise();
    open.handler(bytes -> answered.tryComplete());
    open.write("GET /about HTTP/1.1\r\nHost: www.shop.example\r\n\r\n");
    Await.result(answered.future());

    String metrics = get(pop("eu").admin(), "/metrics", "localhost").body().toString();
    open.close();

    assertThat(metrics).containsPattern(
        "cdn_requests_total\\{[^}]*pop=\"eu\"[^}]*tier=\"edge\"[^}]*} [1-9]");
    assertThat(metrics).contains("cdn_request_duration_seconds_bucket{");
    assertThat(metrics).contains("cdn_upstream_requests_total{");
    // This test's own connection to eu is still open.
    assertThat(metrics).containsPattern(
        "cdn_client_connections\\{[^}]*pop=\"eu\"[^}]*} [1-9]");
  }

  @Test
  void healthz_reportsTheWholeCluster() {
    Answer answer = get(pop("ap").admin(), "/healthz", "localhost");

    assertThat(answer.status()).isEqualTo(200);
    JsonObject report = answer.body().toJsonObject();
    assertThat(report.getString("node")).isEqualTo("ap");
    assertThat(report.getInteger("cluster_members"))
        .isEqualTo(config.pops().size() + config.shields().size());
  }
}
