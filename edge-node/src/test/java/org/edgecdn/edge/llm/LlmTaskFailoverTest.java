package org.edgecdn.edge.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.ClusterOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.edge.prefetch.PrefetchOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.predictor.llm.LlmPolicy;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task's whole life across a real two-member cluster on loopback: edge a accepts it and dies
 * mid-answer (its member terminated, its process closed); edge b, which could read the task all
 * along, takes it over and finishes it; edge a restarts with a new member and reads the result.
 * Each edge has a Vert.x of its own, as separate processes would.
 */
class LlmTaskFailoverTest {

  private static final String ASYNC = "/v1/async/chat/completions";
  private static final Duration CLUSTER = Duration.ofSeconds(30);

  private Vertx vertx;
  private HttpServer provider;
  private HttpClient http;
  private final AtomicInteger calls = new AtomicInteger();
  private String clusterName;
  private List<HostPort> members;
  private final Map<String, Node> nodes = new java.util.concurrent.ConcurrentHashMap<>();

  /** One edge process: its Vert.x, its edge and its cluster member. */
  private record Node(Vertx vertx, EdgeNode edge, ClusterMember member) {}

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    provider = Await.result(vertx.createHttpServer().requestHandler(this::answer)
        .listen(0, "127.0.0.1"));
    clusterName = "tasks-test-" + System.nanoTime();
    members = List.of(new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1")),
        new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1")));
    startNode("a", members.get(0));
    startNode("b", members.get(1));
    awaitMembers(2);
  }

  @AfterEach
  void stop() {
    for (Node node : nodes.values()) {
      Await.result(node.member().terminate(), CLUSTER);
      Await.result(node.vertx().close(), CLUSTER);
    }
    Await.result(vertx.close());
  }

  /** The provider never answers its first call (the node running it dies), then answers. */
  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      int n = calls.incrementAndGet();
      if (n == 1) {
        return;
      }
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("id", "c" + n).put("choices", new JsonArray().add(
              new JsonObject().put("index", 0).put("finish_reason", "stop")
                  .put("message", new JsonObject().put("role", "assistant")
                      .put("content", "A" + n)))).encode());
    });
  }

  private void startNode(String pop, HostPort memberAddress) {
    Vertx own = Vertx.vertx();
    URI providerUri = URI.create("http://127.0.0.1:" + provider.actualPort());
    Site site = new Site("shop", List.of("www.shop.example"), List.of(providerUri),
        Optional.empty());
    LlmPolicy policy = new LlmPolicy(List.of(new LlmRoute(ASYNC, false, LlmRoute.DEFAULT_TTL,
        true, LlmRoute.DEFAULT_TASK_TTL, Optional.empty())), true, List.of(), false);
    EdgeOptions options = new EdgeOptions(pop, new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults(),
        Map.of("shop", new LlmSiteConfig(policy, providerUri, Optional.empty(), false)),
        EdgeOptions.DEFAULT_LLM_CACHE_BYTES);
    MemberSlot slot = new MemberSlot();
    EdgeNode edge = Await.result(EdgeNode.start(own, options, AccessLog.off(), slot,
        CacheClock.system(), NodePurging.none(), PrefetchOptions.off()));
    ClusterMember member = Await.result(ClusterMember.start(own,
        new ClusterOptions(clusterName, pop, memberAddress, members)), CLUSTER);
    slot.fill(member);
    nodes.put(pop, new Node(own, edge, member));
  }

  /** Kills a node as a crash would: its member is gone at once, then its process. */
  private void kill(String pop) {
    Node node = nodes.remove(pop);
    Await.result(node.member().terminate(), CLUSTER);
    Await.result(node.vertx().close(), CLUSTER);
  }

  private void awaitMembers(int count) {
    Await.until(count + " members", () -> nodes.values().stream()
        .allMatch(n -> n.member().memberCount() == count), CLUSTER);
  }

  private JsonObject send(String pop, HttpMethod method, String path, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(nodes.get(pop).edge().port()).setURI(path).putHeader("Host", "www.shop.example");
    return Await.result(http.request(options).compose(request -> request.send(body == null
            ? Buffer.buffer() : Buffer.buffer(body))
        .compose(response -> response.body().map(b -> new JsonObject(b)
            .put("http_status", response.statusCode())))));
  }

  private JsonObject status(String pop, String url) {
    return send(pop, HttpMethod.GET, url, null);
  }

  @Test
  void acceptingEdgeDies_anotherEdgeFinishesTheTask_andTheRestartedEdgeReadsTheResult() {
    String question = new JsonObject().put("model", "demo-1").put("temperature", 0)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "a very long essay"))).encode();

    JsonObject accepted = send("a", HttpMethod.POST, ASYNC, question);
    assertThat(accepted.getInteger("http_status")).isEqualTo(202);
    String url = accepted.getString("status_url");
    Await.until("edge a asked the provider", () -> calls.get() == 1, CLUSTER);
    JsonObject seenFromB = status("b", url);
    assertThat(seenFromB.getString("state")).isEqualTo("running");
    assertThat(seenFromB.getString("node")).isEqualTo("edge-a");

    kill("a");
    // While the cluster moves the dead member's partitions, b may answer 503 (tasks are kept
    // there): an answer without a state is "not yet", not a failure.
    Await.until("edge b finished the task", () -> "done".equals(status("b", url)
        .getString("state")), CLUSTER);

    JsonObject done = status("b", url);
    assertThat(done.getString("node")).isEqualTo("edge-b");
    assertThat(done.getInteger("attempts")).isEqualTo(2);
    assertThat(done.getJsonObject("result").getJsonObject("body").getString("id"))
        .isEqualTo("c2");
    assertThat(calls.get()).isEqualTo(2);
    Counter retried = nodes.get("b").edge().registry().find("cdn.llm.tasks")
        .tag("result", "retried").counter();
    assertThat(retried).isNotNull();
    assertThat(retried.count()).isEqualTo(1);

    startNode("a", members.get(0));
    awaitMembers(2);
    JsonObject afterRestart = status("a", url);
    assertThat(afterRestart.getInteger("http_status")).isEqualTo(200);
    assertThat(afterRestart.getString("state")).isEqualTo("done");
    assertThat(afterRestart.getJsonObject("result")).isEqualTo(done.getJsonObject("result"));
    assertThat(calls.get()).isEqualTo(2);
  }
}
