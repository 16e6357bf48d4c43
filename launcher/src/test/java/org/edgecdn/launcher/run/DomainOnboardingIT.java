package org.edgecdn.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.cli.CliAccess;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.ScriptedDns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Custom-domain onboarding end to end: the demo network on free ports, with a scripted
 * resolver standing for the world's DNS (where the customer creates their CNAME). A domain is
 * added through one edge's admin API and must then be served by another edge and by the DNS; a
 * domain whose DNS points elsewhere must be served by nobody until it is fixed.
 */
class DomainOnboardingIT {

  private static final Duration PROPAGATION = Duration.ofSeconds(10);

  private static Vertx vertx;
  private static ScriptedDns world;
  private static NetworkConfig config;
  private static RunningNetwork network;
  private static HttpClient http;
  private static String token;

  @BeforeAll
  static void startNetwork() throws Exception {
    vertx = Vertx.vertx();
    world = ScriptedDns.start();
    config = TestNetworks.demoOnFreePorts(HostPort.parse(world.hostPort()));
    token = config.sites().get(0).purgeTokens().get(0).token();
    network = TestNetworks.startWhole(vertx, config);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    TestNetworks.stop(network, vertx);
    world.close();
  }

  @Test
  void accepted_cnameToTheSite_isServedByEveryEdgeAndTheDns_untilRemoved() throws Exception {
    world.cname("www.their-site.top", "shop.cdn.test");
    assertThat(page("us", "www.their-site.top").status()).isEqualTo(421);

    Answer added = api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "WWW.Their-Site.top").put("site", "shop"));

    assertThat(added.status()).isEqualTo(201);
    JsonObject result = added.json().getJsonObject("result");
    assertThat(result.getString("domain")).isEqualTo("www.their-site.top");
    assertThat(result.getString("state")).isEqualTo("active");
    assertThat(result.getString("found")).isEqualTo("CNAME shop.cdn.test.");
    // Added through eu's admin port; served by us's traffic port, through shield and origin.
    Await.until("edge us serves the new domain",
        () -> page("us", "www.their-site.top").status() == 200, PROPAGATION);
    assertThat(page("ap", "www.their-site.top").body()).contains("<html");
    Await.until("the DNS answers for it", () -> rcode("www.their-site.top") == Rcode.NOERROR,
        PROPAGATION);
    assertThat(answerAddress("www.their-site.top")).isEqualTo("127.0.2.1");
    assertThat(api(HttpMethod.GET, "/api/v1/domains", null).body())
        .contains("\"www.their-site.top\"").contains("\"configured\"");

    assertThat(api(HttpMethod.DELETE, "/api/v1/domains/www.their-site.top", null).status())
        .isEqualTo(200);

    Await.until("edge us refuses it again",
        () -> page("us", "www.their-site.top").status() == 421, PROPAGATION);
    Await.until("the DNS refuses it again",
        () -> rcode("www.their-site.top") == Rcode.REFUSED, PROPAGATION);
  }

  @Test
  void refused_cnameElsewhere_isPendingWithTheRecordToCreate_andServedOnlyOnceFixed()
      throws Exception {
    world.cname("www.other-site.top", "other-site.herokuapp.com");

    Answer added = api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "www.other-site.top"));

    assertThat(added.status()).isEqualTo(202);
    JsonObject result = added.json().getJsonObject("result");
    assertThat(result.getString("state")).isEqualTo("pending");
    assertThat(result.getString("required_record"))
        .isEqualTo("www.other-site.top. CNAME shop.cdn.test.");
    assertThat(result.getString("found")).contains("other-site.herokuapp.com");
    assertThat(result.getBoolean("served")).isFalse();
    // Give the watchers time to (wrongly) pick it up: nobody may serve a pending domain.
    waitPastOneResync();
    assertThat(page("us", "www.other-site.top").status()).isEqualTo(421);
    assertThat(rcode("www.other-site.top")).isEqualTo(Rcode.REFUSED);

    world.cname("www.other-site.top", "shop.cdn.test");
    Answer verified = api(HttpMethod.POST, "/api/v1/domains/www.other-site.top/verify", null);

    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.json().getJsonObject("result").getString("state")).isEqualTo("active");
    Await.until("edge eu serves it once fixed",
        () -> page("eu", "www.other-site.top").status() == 200, PROPAGATION);
    api(HttpMethod.DELETE, "/api/v1/domains/www.other-site.top", null);
  }

  @Test
  void refused_badInput_isAnsweredWithTheReason_andStoresNothing() {
    assertThat(api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "not a name")).status()).isEqualTo(400);
    assertThat(api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "evil.cdn.test")).body()).contains("network's own zone");
    assertThat(api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "www.x.top").put("site", "blog")).status())
        .isEqualTo(403);
    assertThat(api(HttpMethod.POST, "/api/v1/domains", null).status()).isEqualTo(400);
    Answer configured = api(HttpMethod.POST, "/api/v1/domains",
        new JsonObject().put("domain", "www.shop.example"));
    assertThat(configured.status()).isEqualTo(200);
    assertThat(configured.body()).contains("\"configured\"");
    Answer anonymous = send(HttpMethod.POST, "/api/v1/domains", "{}", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(api(HttpMethod.GET, "/api/v1/domains", null).body())
        .doesNotContain("not a name").doesNotContain("evil.cdn.test");
  }

  @Test
  void cli_add_printsTheRecordAndExits3WhenPending_0WhenActive() {
    world.clear("www.cli-site.top");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int pending = CliAccess.domains(config, new PrintStream(out, true),
        new PrintStream(err, true), "add", "www.cli-site.top");

    assertThat(pending).as(err.toString()).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("www.cli-site.top: pending for site shop (found: www.cli-site.top does not "
            + "exist (NXDOMAIN))")
        .contains("www.cli-site.top. CNAME shop.cdn.test.");

    world.cname("www.cli-site.top", "shop.cdn.test");
    out.reset();
    int active = CliAccess.domains(config, new PrintStream(out, true),
        new PrintStream(err, true), "verify", "www.cli-site.top");

    assertThat(active).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("www.cli-site.top: active");
    out.reset();
    CliAccess.domains(config, new PrintStream(out, true), new PrintStream(err, true),
        "list");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("www.cli-site.top")
        .contains("www.shop.example  configured");
    CliAccess.domains(config, new PrintStream(out, true), new PrintStream(err, true),
        "remove", "www.cli-site.top");
  }

  @Test
  void stateFile_keepsOnboardedDomains_acrossAWholeNetworkRestart(@TempDir Path dir)
      throws Exception {
    world.cname("www.kept-site.top", "shop.cdn.test");
    Optional<String> stateFile = Optional.of(dir.resolve("domains.json").toString());
    String cluster = "edgecdn-restart-" + System.nanoTime();
    NetworkConfig before = TestNetworks.demoOnFreePorts(HostPort.parse(world.hostPort()),
        stateFile, cluster);
    RunningNetwork first = Await.result(RunningNetwork.start(vertx, new NodePlans(before),
        new Role.WholeNetwork(), AccessLog.off()), Duration.ofSeconds(90));
    try {
      Answer added = send(before, HttpMethod.POST, "/api/v1/domains",
          new JsonObject().put("domain", "www.kept-site.top").encode(), "Bearer " + token);
      assertThat(added.status()).as(added.body()).isEqualTo(201);
      Await.until("the state file holds the domain", () -> fileHolds(dir, "www.kept-site.top"),
          PROPAGATION);
    } finally {
      Await.result(first.close(), Duration.ofSeconds(20));
    }

    // Every node stopped: the cluster map is gone. A new network on other ports restores it.
    NetworkConfig after = TestNetworks.demoOnFreePorts(HostPort.parse(world.hostPort()),
        stateFile, cluster + "-again");
    RunningNetwork second = Await.result(RunningNetwork.start(vertx, new NodePlans(after),
        new Role.WholeNetwork(), AccessLog.off()), Duration.ofSeconds(90));
    try {
      Await.until("the restarted network serves the domain",
          () -> page(after, "us", "www.kept-site.top").status() == 200,
          Duration.ofSeconds(20));
    } finally {
      Await.result(second.close(), Duration.ofSeconds(20));
    }
  }

  private static boolean fileHolds(Path dir, String domain) {
    try {
      return Files.readString(dir.resolve("domains.json")).contains(domain);
    } catch (IOException e) {
      return false;
    }
  }

  // ---- helpers ----

  private record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static void waitPastOneResync() {
    long until = System.nanoTime() + Duration.ofMillis(6_000).toNanos();
    Await.until("one resync period", () -> System.nanoTime() > until, Duration.ofSeconds(10));
  }

  private static PopSection pop(String name) {
    return pop(config, name);
  }

  private static PopSection pop(NetworkConfig network, String name) {
    return network.pops().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static Answer api(HttpMethod method, String path, JsonObject body) {
    return send(method, path, body == null ? null : body.encode(), "Bearer " + token);
  }

  private static Answer send(HttpMethod method, String path, String body, String auth) {
    return send(config, method, path, body, auth);
  }

  private static Answer send(NetworkConfig network, HttpMethod method, String path, String body,
      String auth) {
    PopSection eu = pop(network, "eu");
    RequestOptions options = new RequestOptions().setMethod(method)
        .setHost(eu.admin().host()).setPort(eu.admin().port()).setURI(path);
    if (auth != null) {
      options.putHeader("Authorization", auth);
    }
    return Await.result(http.request(options).compose(request ->
        (body == null ? request.send() : request.send(Buffer.buffer(body)))
            .compose(response -> response.body().map(b ->
                new Answer(response.statusCode(), b.toString())))), Duration.ofSeconds(10));
  }

  private static Answer page(String popName, String host) {
    return page(config, popName, host);
  }

  private static Answer page(NetworkConfig network, String popName, String host) {
    PopSection at = pop(network, popName);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost(at.listen().host()).setPort(at.listen().port()).setURI("/")
        .putHeader("Host", host);
    return Await.result(http.request(options).compose(request ->
        request.send().compose(response -> response.body().map(b ->
            new Answer(response.statusCode(), b.toString())))), Duration.ofSeconds(10));
  }

  private static Message ask(String name) throws Exception {
    HostPort dns = network.nodes().stream().filter(n -> n.kind().equals("dns")).findFirst()
        .map(n -> HostPort.parse(n.address().split(" ")[0])).orElseThrow();
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(InetAddress.getByName(dns.host()), dns.port()));
    resolver.setLocalAddress(new InetSocketAddress("127.0.2.9", 0));
    resolver.setTimeout(Duration.ofSeconds(3));
    return resolver.send(Message.newQuery(
        Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
  }

  private static int rcode(String name) {
    try {
      return ask(name).getRcode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String answerAddress(String name) throws Exception {
    return ask(name).getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance).map(r -> ((ARecord) r).getAddress().getHostAddress())
        .findFirst().orElse("none");
  }
}
