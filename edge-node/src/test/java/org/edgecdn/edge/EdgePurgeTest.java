package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.ClusterOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.cluster.purge.ClusterPurging;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeReceipt;
import org.edgecdn.purge.PurgeScoping;
import org.edgecdn.purge.PurgeStatus;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.shield.ShieldNode;
import org.edgecdn.shield.ShieldOptions;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Purges across a real two-member Hazelcast cluster on loopback: an edge filling from a
 * shield, both with their generation replica and purge bus, in front of an origin whose every
 * response the test controls. Each test uses its own paths, so tests share one cluster.
 */
class EdgePurgeTest {

  private static final String HOST = "www.shop.example";
  private static final long ISOLATION_MILLIS = 10_000;

  private static Vertx vertx;
  private static HttpClient client;
  private static HttpServer origin;
  private static final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
  private static final Map<String, String> versions = new ConcurrentHashMap<>();
  /** Requests whose answer a test holds back until it completes the promise. */
  private static final Map<String, Promise<Void>> heldBack = new ConcurrentHashMap<>();
  private static final AtomicLong clock = new AtomicLong();
  private static Site site;
  private static ClusterPurging edgePurging;
  private static ClusterPurging shieldPurging;
  private static EdgeNode edge;
  private static ClusterMember edgeMember;
  private static ClusterOptions edgeClusterOptions;

  @BeforeAll
  static void startCluster() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
    clock.set(System.currentTimeMillis());
    origin = Await.result(vertx.createHttpServer().requestHandler(EdgePurgeTest::answer)
        .listen(0, "127.0.0.1"));
    site = new Site("shop", List.of(HOST), List.of(URI.create("http://127.0.0.1:"
        + origin.actualPort())), Optional.empty());
    String clusterName = "purge-test-" + System.nanoTime();
    HostPort shieldMember = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    HostPort edgeMemberAddress = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    List<HostPort> members = List.of(shieldMember, edgeMemberAddress);
    List<String> nodes = List.of("shield", "eu");
    PurgeScoping scoping = new PurgeScoping(List.of(site));

    shieldPurging = new ClusterPurging(vertx, "shield", nodes, scoping, clock::get,
        ISOLATION_MILLIS);
    HostPort shieldAddress = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    ShieldNode shield = Await.result(ShieldNode.start(vertx, new ShieldOptions("shield",
        shieldAddress, new HostPort("127.0.0.1", 0), List.of(site), Set.of("127.0.0.1"), 1_000,
        5_000, CacheOptions.shieldDefaults()), AccessLog.off(), new MemberSlot(), clock::get,
        new NodePurging(shieldPurging.replica(), Optional.empty(), Optional.empty())));
    edgePurging = new ClusterPurging(vertx, "eu", nodes, scoping, clock::get, ISOLATION_MILLIS);
    edge = Await.result(EdgeNode.start(vertx, new EdgeOptions("eu",
        new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0), List.of(site),
        List.of(new EdgeOptions.ShieldAddress("shield", shieldAddress)), 1_000, 5_000,
        CacheOptions.edgeDefaults()), AccessLog.off(), new MemberSlot(), clock::get,
        new NodePurging(edgePurging.replica(), Optional.empty(), Optional.empty())));

    ClusterMember shieldHz = Await.result(ClusterMember.start(vertx,
        new ClusterOptions(clusterName, "shield", shieldMember, members)), Duration.ofSeconds(30));
    shieldPurging.attach(shieldHz, shield.registry());
    edgeClusterOptions = new ClusterOptions(clusterName, "eu", edgeMemberAddress, members);
    edgeMember = Await.result(ClusterMember.start(vertx, edgeClusterOptions),
        Duration.ofSeconds(30));
    edgePurging.attach(edgeMember, edge.registry());
    Await.until("both nodes trust their caches", () -> !edgePurging.replica().distrustCache()
        && !shieldPurging.replica().distrustCache(), Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    edgePurging.close();
    shieldPurging.close();
    Await.result(vertx.close(), Duration.ofSeconds(20));
  }

  /** The origin: {@code versions} says what each path answers, tagged by its first segment. */
  private static void answer(HttpServerRequest request) {
    String path = request.path();
    fetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String body = versions.getOrDefault(path, "v1");
    String etag = "\"" + body + "\"";
    Promise<Void> hold = heldBack.remove(path);
    Future<Void> ready = hold == null ? Future.succeededFuture() : hold.future();
    ready.onComplete(v -> {
      if (etag.equals(request.getHeader("If-None-Match"))) {
        request.response().setStatusCode(304).putHeader("ETag", etag)
            .putHeader("Cache-Control", "max-age=600, stale-if-error=600").end();
        return;
      }
      request.response()
          .putHeader("Cache-Control", "max-age=600, stale-if-error=600")
          .putHeader("ETag", etag)
          .putHeader("Surrogate-Key", "tag-" + path.split("/")[1] + " all")
          .end(body);
    });
  }

  private static int fetchesOf(String path) {
    return fetches.getOrDefault(path, new AtomicInteger()).get();
  }

  record Answer(int status, MultiMap headers, String body) {
    String edgeMember() {
      String all = headers.get("Cache-Status");
      return all.substring(all.indexOf("edge-eu"));
    }
  }

  private static Answer get(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost("127.0.0.1").setPort(edge.port()).setURI(path)
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", HOST));
    return Await.result(client.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(),
            response.headers(), body.toString())))));
  }

  /** Submits a purge and waits until both nodes have applied it. */
  private static PurgeReceipt purge(PurgeTarget target, boolean soft) {
    PurgeReceipt receipt = Await.result(edgePurging.submit(new PurgeCommand("shop", target,
        soft)));
    Await.until("purge " + receipt.seq() + " applied everywhere", () ->
        Await.result(edgePurging.status(receipt.id())).map(PurgeStatus::complete).orElse(false),
        Duration.ofSeconds(10));
    return receipt;
  }

  private static void warm(String path) {
    get(path);
    assertThat(get(path).edgeMember()).startsWith("edge-eu; hit");
  }

  @Test
  void urlPurge_hard_isAMissOnEdgeAndShield_noStaleRefill() {
    warm("/url/a");
    versions.put("/url/a", "v2");

    purge(new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/url/a"))), false);
    Answer after = get("/url/a");

    assertThat(after.body()).isEqualTo("v2");
    assertThat(after.headers().get("Cache-Status")).startsWith("shield; fwd=uri-miss");
    assertThat(after.edgeMember()).startsWith("edge-eu; fwd=uri-miss");
    assertThat(fetchesOf("/url/a")).isEqualTo(2);
  }

  @Test
  void statusReport_listsEveryNodeAsApplied_withItsTime() {
    warm("/status/a");
    PurgeReceipt receipt = purge(new PurgeTarget.Urls(List.of(
        URI.create("http://www.shop.example/status/a"))), false);

    PurgeStatus status = Await.result(edgePurging.status(receipt.id())).orElseThrow();

    assertThat(status.nodes()).extracting(PurgeStatus.NodeState::node)
        .containsExactly("shield", "eu");
    assertThat(status.nodes()).allSatisfy(n -> {
      assertThat(n.state()).isEqualTo(PurgeStatus.State.APPLIED);
      assertThat(n.tookMillis()).isPresent();
    });
    assertThat(status.command().target()).isInstanceOf(PurgeTarget.Urls.class);
  }

  @Test
  void tagPurge_dropsEveryObjectWithTheTag_andNoOther() {
    warm("/tagged/one");
    warm("/tagged/two");
    warm("/other/three");

    purge(new PurgeTarget.Tags(List.of("tag-tagged")), false);

    assertThat(get("/tagged/one").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
    assertThat(get("/tagged/two").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
    assertThat(get("/other/three").edgeMember()).startsWith("edge-eu; hit");
  }

  @Test
  void prefixPurge_dropsPathsUnderThePrefixOnly() {
    warm("/prefix/in/a");
    warm("/prefixed-but-not-under");

    purge(new PurgeTarget.Prefixes(List.of(new PurgeTarget.Prefix(Optional.empty(),
        "/prefix/in/"))), false);

    assertThat(get("/prefix/in/a").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
    assertThat(get("/prefixed-but-not-under").edgeMember()).startsWith("edge-eu; hit");
  }

  @Test
  void hostPurge_andEverything_dropAllOfTheSite() {
    warm("/host/a");
    purge(new PurgeTarget.Hosts(List.of(HOST)), false);
    assertThat(get("/host/a").edgeMember()).startsWith("edge-eu; fwd=uri-miss");

    warm("/everything/a");
    purge(new PurgeTarget.Everything(), false);
    assertThat(get("/everything/a").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
  }

  @Test
  void softPurge_revalidatesInsteadOfRefetching() {
    warm("/soft/a");

    purge(new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/soft/a"))), true);
    Answer after = get("/soft/a");

    assertThat(after.body()).isEqualTo("v1");
    assertThat(after.edgeMember()).startsWith("edge-eu; fwd=stale; fwd-status=304");
    assertThat(get("/soft/a").edgeMember()).startsWith("edge-eu; hit");
  }

  @Test
  void lostTopicMessage_stillPurges_throughGenerations() {
    warm("/lost/a");
    edgePurging.bus().orElseThrow().dropIncoming(seq -> true);
    try {
      PurgeReceipt receipt = Await.result(edgePurging.submit(new PurgeCommand("shop",
          new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/lost/a"))), false)));
      Await.until("the edge fills the gap from the cluster's records",
          () -> edgePurging.replica().appliedSeq() >= receipt.seq(), Duration.ofSeconds(10));
    } finally {
      edgePurging.bus().orElseThrow().dropIncoming(seq -> false);
    }

    assertThat(get("/lost/a").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
  }

  @Test
  void fetchInFlightDuringAPurge_isNotServedAsFreshAfterwards() {
    Promise<Void> release = Promise.promise();
    heldBack.put("/race/a", release);
    Future<Answer> inFlight = vertx.executeBlocking(() -> get("/race/a"));
    Await.until("the fetch reached the origin", () -> fetchesOf("/race/a") == 1,
        Duration.ofSeconds(5));

    purge(new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/race/a"))), false);
    versions.put("/race/a", "v2");
    release.complete();
    assertThat(Await.result(inFlight).body()).isEqualTo("v1");

    Answer after = get("/race/a");
    assertThat(after.body()).isEqualTo("v2");
    assertThat(after.edgeMember()).startsWith("edge-eu; fwd=uri-miss");
  }

  @Test
  void isolatedNode_revalidatesEveryHit_afterTheTimeout_andSaysSoInHealth() {
    warm("/isolated/a");
    edgePurging.replica().connected(false);
    try {
      assertThat(get("/isolated/a").edgeMember()).startsWith("edge-eu; hit");
      clock.addAndGet(ISOLATION_MILLIS);

      Answer isolated = get("/isolated/a");

      assertThat(isolated.edgeMember()).startsWith("edge-eu; fwd=stale; fwd-status=");
      assertThat(edgePurging.replica().distrustCache()).isTrue();
    } finally {
      edgePurging.replica().connected(true);
    }
    assertThat(get("/isolated/a").edgeMember()).startsWith("edge-eu; hit");
  }

  @Test
  void restartedMember_catchesUpOnPurgesItMissed_beforeServingAgain() {
    warm("/restart/a");
    Await.result(edgeMember.close(), Duration.ofSeconds(20));
    PurgeReceipt missed;
    try {
      missed = Await.result(shieldPurging.submit(new PurgeCommand("shop",
          new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/restart/a"))),
          false)));
      Await.until("the status reports the edge down", () ->
          Await.result(shieldPurging.status(missed.id())).orElseThrow().nodes().stream()
              .anyMatch(n -> n.node().equals("eu") && n.state() == PurgeStatus.State.DOWN),
          Duration.ofSeconds(10));
    } finally {
      edgeMember = Await.result(ClusterMember.start(vertx, edgeClusterOptions),
          Duration.ofSeconds(30));
      edgePurging.attach(edgeMember, edge.registry());
    }
    Await.until("the edge caught up", () -> !edgePurging.replica().distrustCache()
        && edgePurging.replica().appliedSeq() >= missed.seq(), Duration.ofSeconds(15));

    assertThat(get("/restart/a").edgeMember()).startsWith("edge-eu; fwd=uri-miss");
  }
}
