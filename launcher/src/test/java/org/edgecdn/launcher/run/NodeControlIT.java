package org.edgecdn.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.cli.CliAccess;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.OperatorTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An operator takes edge eu of a whole network (as {@code cdn up} runs it) out of service and
 * back over its admin port: the DNS stops naming it for European clients within its probe
 * intervals and names it again after, and it comes back with its cache.
 */
class NodeControlIT {

  private static final String TOKEN = "it-operator-token-0123456789";
  private static final String EUROPE = "127.0.2.0/24";
  /** Two failed probes at 1 s (ProbeOptions defaults), with room for a loaded machine. */
  private static final Duration FAILOVER = Duration.ofSeconds(15);

  private static Vertx vertx;
  private static NetworkConfig config;
  private static RunningNetwork network;
  private static HttpClient http;

  @BeforeAll
  static void startNetwork() {
    vertx = Vertx.vertx();
    config = TestNetworks.demoOnFreePorts()
        .withOperatorToken(Optional.of(new OperatorTokenSection(TOKEN)));
    network = TestNetworks.startWhole(vertx, config);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stopNetwork() {
    TestNetworks.stop(network, vertx);
  }

  @Test
  void stoppedEdge_isLeftOutByDns_refusesConnections_andComesBackWithItsCache()
      throws Exception {
    PopSection eu = pop("eu");
    assertThat(dnsAnswer(EUROPE)).isEqualTo(eu.listen().host());
    Answer first = get(eu.listen(), "/static/app.css", "www.shop.example", null);
    assertThat(first.status()).isEqualTo(200);

    Answer stopped = post(eu.admin(), "/api/v1/node/stop", TOKEN);

    assertThat(stopped.status()).isEqualTo(200);
    assertThatThrownBy(() -> connect(eu.listen())).isInstanceOf(ConnectException.class);
    Answer health = get(eu.admin(), "/healthz", "localhost", null);
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.body().toJsonObject().getString("status")).isEqualTo("stopped");
    Await.until("DNS sends Europe elsewhere",
        () -> !eu.listen().host().equals(dnsAnswer(EUROPE)), FAILOVER);

    Answer started = post(eu.admin(), "/api/v1/node/start", TOKEN);

    assertThat(started.status()).isEqualTo(200);
    // The cache was kept: no fetch upstream, a hit.
    Answer again = get(eu.listen(), "/static/app.css", "www.shop.example", null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.headers().get("Cache-Status")).contains("edge-eu; hit");
    assertThat(again.body()).isEqualTo(first.body());
    Await.until("DNS sends Europe to eu again",
        () -> eu.listen().host().equals(dnsAnswer(EUROPE)), FAILOVER);
  }

  @Test
  void shield_wrongToken_is401_andTheShieldKeepsServing() {
    HostPort admin = config.shields().get(0).admin();

    Answer refused = post(admin, "/api/v1/node/stop", "not-the-operator-token-0123");

    assertThat(refused.status()).isEqualTo(401);
    JsonObject state = get(admin, "/api/v1/node", "localhost", TOKEN).body().toJsonObject();
    assertThat(state.getJsonObject("result").getString("traffic")).isEqualTo("serving");
    assertThat(get(admin, "/healthz", "localhost", null).status()).isEqualTo(200);
  }

  @Test
  void cdnTraffic_stopsAndStartsTheShield_byName_withTheFilesToken() throws Exception {
    HostPort listen = config.shields().get(0).listen();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream printOut = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream printErr = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(CliAccess.traffic(config, printOut, printErr, "stop", "shield")).isZero();
    assertThatThrownBy(() -> connect(listen)).isInstanceOf(ConnectException.class);
    assertThat(CliAccess.traffic(config, printOut, printErr, "status", "shield")).isZero();
    assertThat(CliAccess.traffic(config, printOut, printErr, "start", "shield")).isZero();
    connect(listen);

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("shield: stopped", "shield: stopped", "shield: serving");
    assertThat(CliAccess.traffic(config, printOut, printErr, "stop", "nowhere")).isEqualTo(2);
    assertThat(CliAccess.traffic(config.withOperatorToken(Optional.empty()), printOut, printErr,
        "stop", "shield")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no PoP or shield named nowhere (nodes: us, eu, ap, shield)")
        .contains("the network file has no operator-token");
    connect(listen);
  }

  // ---- helpers ----

  private static PopSection pop(String name) {
    return config.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The A record the DNS gives www.shop.example for a client in {@code subnet}. */
  private static String dnsAnswer(String subnet) {
    try {
      Message answer = TestNetworks.query(config.dns().listen(), "www.shop.example", subnet,
          false);
      List<Record> records = answer.getSection(Section.ANSWER);
      return ((ARecord) records.get(records.size() - 1)).getAddress().getHostAddress();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  record Answer(int status, MultiMap headers, Buffer body) {}

  private static Answer get(HostPort at, String path, String host, String token) {
    return send(HttpMethod.GET, at, path, host, token);
  }

  private static Answer post(HostPort at, String path, String token) {
    return send(HttpMethod.POST, at, path, "localhost", token);
  }

  private static Answer send(HttpMethod method, HostPort at, String path, String host,
      String token) {
    RequestOptions options = new RequestOptions().setMethod(method)
        .setHost(at.host()).setPort(at.port()).setURI(path)
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", host));
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    // Nested, not chained: see EdgeForwardingTest (eclipse-vertx/vert.x#5825, #6038).
    return Await.result(http.request(options).compose(request ->
        request.send().compose(response -> response.body().map(body ->
            new Answer(response.statusCode(), response.headers(), body)))));
  }

  private static void connect(HostPort address) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.host(), address.port()), 2_000);
    }
  }
}
