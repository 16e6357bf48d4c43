package org.edgecdn.edge.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.cluster.tasks.InMemoryTaskStore;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long LLM requests as tasks on one edge, in front of a fake provider whose answers the test
 * holds back: 202 at once, the status while it runs, the result when done, failures, stored
 * answers, the webhook. Tasks are kept in memory here; the cluster's part is in
 * {@code LlmTaskFailoverTest}.
 */
class LlmTasksTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String ASYNC = "/v1/async/chat/completions";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private HttpServer provider;
  private HttpClient http;
  private EdgeNode edge;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<MultiMap> callHeaders = new CopyOnWriteArrayList<>();
  private final List<JsonObject> hooks = new CopyOnWriteArrayList<>();
  /** While set, the provider answers only when the test completes it. */
  private volatile Promise<Void> hold;
  private volatile int status = 200;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    provider = Await.result(vertx.createHttpServer().requestHandler(this::answer)
        .listen(0, "127.0.0.1"));
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    URI providerUri = URI.create("http://127.0.0.1:" + provider.actualPort());
    Site site = new Site("shop", List.of("www.shop.example"), List.of(providerUri),
        Optional.empty());
    LlmPolicy policy = new LlmPolicy(List.of(
        new LlmRoute(CHAT, false, LlmRoute.DEFAULT_TTL),
        new LlmRoute(ASYNC, false, LlmRoute.DEFAULT_TTL, true, LlmRoute.DEFAULT_TASK_TTL,
            Optional.of(providerUri.resolve("/hook")))), true, List.of(), false);
    EdgeOptions options = new EdgeOptions("eu", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults(),
        Map.of("shop", new LlmSiteConfig(policy, providerUri, Optional.of("sk-secret"), false)),
        EdgeOptions.DEFAULT_LLM_CACHE_BYTES);
    edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(),
        CacheClock.system(), NodePurging.none(), PrefetchOptions.off(), new InMemoryTaskStore()));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      if (request.path().equals("/hook")) {
        hooks.add(body.toJsonObject());
        request.response().end();
        return;
      }
      int n = calls.incrementAndGet();
      callHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
      Promise<Void> held = hold;
      (held == null ? Future.<Void>succeededFuture() : held.future()).onSuccess(v -> {
        JsonObject completion = new JsonObject().put("id", "c" + n)
            .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("message", new JsonObject().put("role", "assistant").put("content", "A" + n))
                .put("finish_reason", "stop")));
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(completion.encode());
      });
    });
  }

  private record Answer(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Answer send(HttpMethod method, String path, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(edge.port()).setURI(path).putHeader("Host", "www.shop.example");
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return Await.result(http.request(options).compose(request -> request.send(body == null
            ? Buffer.buffer() : Buffer.buffer(body))
        .compose(response -> response.body().map(b -> new Answer(response.statusCode(),
            response.headers(), b.toString())))));
  }

  private static String chat(String text) {
    return new JsonObject().put("model", "demo-1").put("temperature", 0)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", text))).encode();
  }

  private Answer status(String statusUrl) {
    return send(HttpMethod.GET, statusUrl, null);
  }

  private JsonObject awaitFinished(String statusUrl) {
    JsonObject[] last = new JsonObject[1];
    Await.until("task " + statusUrl + " finished", () -> {
      last[0] = status(statusUrl).json();
      return !List.of("pending", "running").contains(last[0].getString("state"));
    }, WAIT);
    return last[0];
  }

  private double tasks(String result) {
    Counter c = edge.registry().find("cdn.llm.tasks").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void asyncRoute_answers202AtOnce_runsTheTask_andTheStatusEndsDoneWithTheResult() {
    hold = Promise.promise();

    Answer accepted = send(HttpMethod.POST, ASYNC, chat("a long essay"));

    assertThat(accepted.status()).isEqualTo(202);
    String url = accepted.json().getString("status_url");
    assertThat(accepted.headers().get("Location")).isEqualTo(url);
    assertThat(accepted.json().getString("task_id")).matches("[0-9a-f]{32}");
    assertThat(url).isEqualTo("/_cdn/tasks/" + accepted.json().getString("task_id"));
    Await.until("the provider was asked", () -> calls.get() == 1, WAIT);
    Answer running = status(url);
    assertThat(running.status()).isEqualTo(200);
    assertThat(running.json().getString("state")).isEqualTo("running");
    assertThat(running.headers().get("Retry-After")).isEqualTo("1");
    assertThat(running.headers().get("Cache-Control")).isEqualTo("no-store");

    hold.complete();
    JsonObject done = awaitFinished(url);

    assertThat(done.getString("state")).isEqualTo("done");
    assertThat(done.getInteger("attempts")).isEqualTo(1);
    JsonObject result = done.getJsonObject("result");
    assertThat(result.getInteger("status")).isEqualTo(200);
    assertThat(result.getString("content_type")).isEqualTo("application/json");
    assertThat(result.getJsonObject("body").getString("id")).isEqualTo("c1");
    assertThat(callHeaders.get(0).get("Authorization")).isEqualTo("Bearer sk-secret");
    assertThat(tasks("accepted")).isEqualTo(1);
    assertThat(tasks("done")).isEqualTo(1);
  }

  @Test
  void preferRespondAsync_onAnOrdinaryRoute_makesATask_andSaysSo() {
    Answer accepted = send(HttpMethod.POST, CHAT, chat("q"), "Prefer", "respond-async, wait=5");

    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.headers().get("Preference-Applied")).isEqualTo("respond-async");
    assertThat(awaitFinished(accepted.json().getString("status_url")).getString("state"))
        .isEqualTo("done");
    assertThat(callHeaders.get(0).get("Prefer")).isNull();
  }

  @Test
  void ordinaryRoute_withoutPrefer_answersWhileTheClientWaits() {
    Answer answer = send(HttpMethod.POST, CHAT, chat("q"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("id")).isEqualTo("c1");
    assertThat(tasks("accepted")).isZero();
  }

  @Test
  void providerServerError_failsTheTask_keepingItsAnswer() {
    status = 500;

    Answer accepted = send(HttpMethod.POST, ASYNC, chat("q"));
    JsonObject failed = awaitFinished(accepted.json().getString("status_url"));

    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getString("error")).isEqualTo("the provider answered 500");
    assertThat(failed.getJsonObject("result").getInteger("status")).isEqualTo(500);
    assertThat(tasks("failed")).isEqualTo(1);
  }

  @Test
  void unreachableProvider_failsTheTask_withTheReason() {
    Await.result(provider.close());

    Answer accepted = send(HttpMethod.POST, ASYNC, chat("q"));
    JsonObject failed = awaitFinished(accepted.json().getString("status_url"));

    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getString("error")).isNotBlank();
    assertThat(failed.containsKey("result")).isFalse();
  }

  @Test
  void taskResult_isStoredInTheAnswerCache_andAStoredAnswerCompletesATaskAtOnce() {
    Answer first = send(HttpMethod.POST, ASYNC, chat("same question"));
    awaitFinished(first.json().getString("status_url"));

    Answer second = send(HttpMethod.POST, ASYNC, chat("same question"));

    assertThat(second.status()).isEqualTo(202);
    assertThat(second.headers().get("Cache-Status")).contains("hit");
    assertThat(second.json().getString("state")).isEqualTo("done");
    assertThat(second.json().getJsonObject("result").getJsonObject("body").getString("id"))
        .isEqualTo("c1");
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void webhook_isPostedTheFinishedTask_once() {
    Answer accepted = send(HttpMethod.POST, ASYNC, chat("q"));
    awaitFinished(accepted.json().getString("status_url"));

    Await.until("the webhook was called", () -> !hooks.isEmpty(), WAIT);

    assertThat(hooks).hasSize(1);
    assertThat(hooks.get(0).getString("task_id")).isEqualTo(accepted.json()
        .getString("task_id"));
    assertThat(hooks.get(0).getString("state")).isEqualTo("done");
  }

  @Test
  void unknownOrMalformedTaskId_is404() {
    assertThat(status("/_cdn/tasks/0123456789abcdef0123456789abcdef").status()).isEqualTo(404);
    assertThat(status("/_cdn/tasks/../../etc").status()).isEqualTo(404);
    assertThat(status("/_cdn/tasks/").status()).isEqualTo(404);
  }
}
