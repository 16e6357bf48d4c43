package org.edgecdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.ClusterOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.edgecdn.testkit.ScriptedOrigin;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts shared through a real two-member Hazelcast cluster on loopback. Edges eu1 and eu2 are
 * region {@code eu}, us1 is region {@code us}; eu1 is on the first member, eu2 and us1 share
 * the second (the map does not care which member a key is written through). The sharing timer
 * is an hour: the test runs each cycle itself, on a fake clock shared by every edge.
 */
class EdgePrefetchSharingTest {

  private static final String HOST = "www.shop.example";
  private static final Duration CLUSTER = Duration.ofSeconds(30);
  private static final long HOUR = 3_600_000L;

  private Vertx vertx;
  private HttpClient client;
  private ScriptedOrigin origin;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final CacheClock clock = now::get;
  private final List<ClusterMember> members = new ArrayList<>();
  private final Map<String, EdgeNode> edges = new HashMap<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions());
    origin = Await.result(ScriptedOrigin.start(vertx, got -> Reply.ok("<html>" + got.uri())
        .header("Content-Type", "text/html")
        .header("Cache-Control", "public, max-age=60")));
    String name = "sharing-test-" + System.nanoTime();
    List<HostPort> addresses = List.of(new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1")),
        new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1")));
    for (int i = 0; i < 2; i++) {
      members.add(Await.result(ClusterMember.start(vertx,
          new ClusterOptions(name, "m" + i, addresses.get(i), addresses)), CLUSTER));
    }
    Await.until("2 members", () -> members.stream().allMatch(m -> m.memberCount() == 2),
        CLUSTER);
    edge("eu1", "eu", members.get(0), "eu2");
    edge("eu2", "eu", members.get(1), "eu1");
    edge("us1", "us", members.get(1), "us2");
  }

  @AfterEach
  void stop() {
    for (ClusterMember member : members) {
      Await.result(member.terminate(), CLUSTER);
    }
    Await.result(vertx.close());
  }

  private void edge(String pop, String region, ClusterMember member, String... peers) {
    Site site = new Site("shop", List.of(HOST), List.of(URI.create(origin.baseUrl())),
        Optional.empty());
    EdgeOptions options = new EdgeOptions(pop, new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults());
    PrefetchOptions prefetch = PrefetchOptions.of(Map.of("shop", new SitePrefetch(true,
            new PlannerOptions(0.3, 2.9, 2), Hints.NONE, Optional.empty(), Share.REGION)))
        .withSharing(new ShareOptions(pop, region, List.of(peers), HOUR));
    MemberSlot slot = new MemberSlot();
    slot.fill(member);
    edges.put(pop, Await.result(EdgeNode.start(vertx, options, AccessLog.off(), slot, clock,
        NodePurging.none(), prefetch)));
  }

  private MultiMap view(String pop, String visitor, String path) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", HOST)
        .add("Sec-Fetch-Dest", "document").add("Accept", "text/html")
        .add("User-Agent", "browser-" + visitor);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(edges.get(pop).port()).setURI(path).setHeaders(headers);
    return Await.result(client.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> response.headers()))));
  }

  private Prefetcher prefetcher(String pop) {
    return edges.get(pop).prefetcher().orElseThrow();
  }

  private void cycle(String pop) {
    Await.result(edges.get(pop).sharing().orElseThrow().cycle(), CLUSTER);
  }

  private void awaitPrefetches(String pop) {
    Await.until("prefetches finished", () -> prefetcher(pop).pending() == 0,
        Duration.ofSeconds(5));
  }

  private JsonObject top(String pop) {
    RequestOptions request = new RequestOptions().setHost("127.0.0.1")
        .setPort(edges.get(pop).adminPort()).setURI("/api/v1/predictor/shop/top?limit=10");
    return Await.result(client.request(request).compose(r -> r.send()
        .compose(response -> response.body()))).toJsonObject();
  }

  @Test
  void sharing_edgeOfTheRegionPrefetchesWhatItsPeerLearnt_anotherRegionDoesNot() {
    for (int v = 1; v <= 3; v++) {
      view("eu1", "a" + v, "/home");
      view("eu1", "a" + v, "/product");
      view("us1", "u" + v, "/home");
      view("us1", "u" + v, "/cart");
    }
    cycle("eu1");
    cycle("us1");
    cycle("eu2");

    view("eu2", "b1", "/home");
    awaitPrefetches("eu2");
    MultiMap answer = view("eu2", "b1", "/product");

    assertThat(prefetcher("eu2").count("shop", "issued")).isEqualTo(1);
    assertThat(answer.get("Cache-Status")).startsWith("edge-eu2; hit");
    assertThat(prefetcher("eu2").count("shop", "hit")).isEqualTo(1);
    JsonObject top = top("eu2");
    assertThat(top.getJsonObject("shared").getInteger("peers")).isEqualTo(1);
    JsonObject first = top.getJsonArray("transitions").getJsonObject(0);
    assertThat(first.getString("from") + " " + first.getString("to"))
        .isEqualTo("/home /product");
    assertThat(first.getDouble("peer_support")).isCloseTo(3, within(0.01));
    // eu2 learnt nothing from us1, and us1 nothing from the eu edges.
    assertThat(prefetcher("eu2").predictor().top("shop", 10, now.get()))
        .extracting(TopTransition::to).doesNotContain("/cart");
    view("us1", "u9", "/home");
    awaitPrefetches("us1");
    assertThat(prefetcher("us1").predictor().top("shop", 10, now.get()))
        .extracting(TopTransition::to).containsExactly("/cart");
    assertThat(prefetcher("us1").predictor().shared("shop").peers()).isZero();
  }

  @Test
  void sharing_ownCountsOnly_edgeNeverPublishesWhatItBorrowed() {
    for (int v = 1; v <= 3; v++) {
      view("eu1", "a" + v, "/home");
      view("eu1", "a" + v, "/product");
    }
    cycle("eu1");
    cycle("eu2");
    cycle("eu2");
    // eu1 now reads eu2's snapshot: eu2 saw no transition, so eu1's support stays its own 3.
    cycle("eu1");

    double support = prefetcher("eu1").predictor().top("shop", 10, now.get()).get(0).support();

    assertThat(support).isCloseTo(3, within(0.01));
    assertThat(edges.get("eu2").sharing().orElseThrow().count("shop", "published"))
        .isEqualTo(2);
  }
}
