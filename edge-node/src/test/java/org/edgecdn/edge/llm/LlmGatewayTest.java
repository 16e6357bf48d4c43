package org.edgecdn.edge.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.predictor.llm.LlmPolicy;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.purge.PurgeGenerations;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An edge with LLM routes in front of a fake provider on loopback: what is shared, what is kept
 * per user, what is never kept, streams stored and replayed byte for byte, the provider key
 * added and the client's removed. Time is a fake clock; nothing sleeps.
 */
class LlmGatewayTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String SECRET = "sk-provider-secret";

  private Vertx vertx;
  private HttpServer provider;
  private final List<HttpServerRequest> calls = new CopyOnWriteArrayList<>();
  private final List<MultiMap> callHeaders = new CopyOnWriteArrayList<>();
  private volatile String mode = "json";
  private volatile long delayMillis = 0;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final CacheClock clock = now::get;
  private volatile PurgeGenerations.Coverage coverage = PurgeGenerations.Coverage.VALID;
  private EdgeNode edge;
  private HttpClient http;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    provider = Await.result(vertx.createHttpServer().requestHandler(this::answer)
        .listen(0, "127.0.0.1"));
    startEdge(LlmPolicy.defaults(), false);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  private void startEdge(LlmPolicy policy, boolean passThrough) {
    if (edge != null) {
      Await.result(edge.close());
    }
    URI providerUri = URI.create("http://127.0.0.1:" + provider.actualPort());
    Site site = new Site("shop", List.of("www.shop.example"), List.of(providerUri),
        Optional.empty());
    EdgeOptions options = new EdgeOptions("eu", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults(),
        Map.of("shop", new LlmSiteConfig(policy, providerUri, Optional.of(SECRET), passThrough)),
        EdgeOptions.DEFAULT_LLM_CACHE_BYTES);
    PurgeGenerations generations = new PurgeGenerations() {
      @Override
      public long appliedSeq() {
        return 0;
      }

      @Override
      public Coverage check(String site, String host, String target, java.util.Set<String> tags,
          long fetchSeq) {
        return tags.contains("llm-model:demo-1") ? coverage : Coverage.VALID;
      }

      @Override
      public boolean distrustCache() {
        return false;
      }
    };
    edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(), clock,
        new NodePurging(generations, Optional.empty(), Optional.empty())));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  // ---- the fake provider ----

  private void answer(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      calls.add(request);
      callHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
      int n = calls.size();
      Runnable reply = () -> {
        switch (mode) {
          case "sse" -> {
            request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            request.response().write("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n");
            request.response().write("data: {\"choices\":[{\"delta\":{},\"finish_reason\":"
                + "\"stop\"}],\"usage\":{\"total_tokens\":12}}\n\n");
            request.response().end("data: [DONE]\n\n");
          }
          case "broken-sse" -> {
            request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            request.response().write("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n")
                .onComplete(v -> request.connection().close());
          }
          case "tool" -> request.response().putHeader("Content-Type", "application/json")
              .end(completion(n, "tool_calls").encode());
          default -> request.response().putHeader("Content-Type", "application/json")
              .end(completion(n, "stop").encode());
        }
      };
      if (delayMillis > 0) {
        vertx.setTimer(delayMillis, id -> reply.run());
      } else {
        reply.run();
      }
    });
  }

  private static JsonObject completion(int n, String finish) {
    return new JsonObject().put("id", "c" + n).put("object", "chat.completion")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", "A" + n))
            .put("finish_reason", finish)))
        .put("usage", new JsonObject().put("total_tokens", 42));
  }

  // ---- requests ----

  private record Answer(int status, String cacheStatus, String body) {}

  private static String chat(String text, String... extra) {
    JsonObject body = new JsonObject().put("model", "demo-1").put("temperature", 0)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", text)));
    for (int i = 0; i < extra.length; i += 2) {
      body.put(extra[i], extra[i + 1].equals("true") ? (Object) true : extra[i + 1]);
    }
    return body.encode();
  }

  private Future<Answer> post(String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(edge.port()).setURI(CHAT)
        .putHeader("Host", "www.shop.example").putHeader("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return http.request(options).compose(request -> request.send(Buffer.buffer(body))
        .compose(response -> response.body().map(b -> new Answer(response.statusCode(),
            response.getHeader("Cache-Status"), b.toString()))));
  }

  private Answer send(String body, String... headers) {
    return Await.result(post(body, headers));
  }

  private double counted(String result) {
    Counter c = edge.registry().find("cdn.llm.cache").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  // ---- tests ----

  @Test
  void identicalDeterministicRequest_isAnsweredFromTheEdge_withTheSameBytes() {
    Answer first = send(chat("Turn on the lights"));
    Answer second = send(chat("Turn on the lights"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.cacheStatus()).contains("fwd=miss");
    assertThat(second.cacheStatus()).contains("edge-eu; hit").contains("detail=llm");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(calls).hasSize(1);
    assertThat(counted("hit")).isEqualTo(1);
    assertThat(edge.registry().find("cdn.llm.tokens.saved").counter().count()).isEqualTo(42);
  }

  @Test
  void keyOrderAndWhitespace_hit_butAnyParameterChangeMisses() {
    send(chat("Turn on the lights"));
    String reordered = "{ \"temperature\" : 0.0, \"messages\" : [ {\"content\": \"Turn on the "
        + "lights\", \"role\": \"user\"} ], \"model\": \"demo-1\" }";

    assertThat(send(reordered).cacheStatus()).contains("hit");
    assertThat(send(chat("Turn off the lights")).cacheStatus()).contains("fwd=miss");
    assertThat(send(chat("Turn on the lights", "max_tokens", "5")).cacheStatus())
        .contains("fwd=miss");
    assertThat(calls).hasSize(3);
  }

  @Test
  void nondeterministicRequest_isNeverStored() {
    String warm = "{\"model\":\"demo-1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    assertThat(send(warm).cacheStatus()).contains("fwd=bypass").contains("nondeterministic");
    send(warm);

    assertThat(calls).hasSize(2);
    assertThat(counted("bypass_nondeterministic")).isEqualTo(2);
  }

  @Test
  void clientNoStore_bypasses_andNoCacheRefreshes() {
    send(chat("q"));

    assertThat(send(chat("q"), "Cache-Control", "no-store").cacheStatus())
        .contains("detail=no-store");
    assertThat(send(chat("q"), "Cache-Control", "no-cache").cacheStatus())
        .contains("fwd=request");
    assertThat(calls).hasSize(3);
  }

  @Test
  void personalizedAnswer_neverReachesAnotherUserOrAnAnonymousClient() {
    Answer alice = send(chat("my orders", "user", "alice"));
    Answer bob = send(chat("my orders", "user", "bob"));
    Answer anonymous = send(chat("my orders"));
    Answer aliceAgain = send(chat("my orders", "user", "alice"));

    assertThat(bob.body()).isNotEqualTo(alice.body());
    assertThat(anonymous.body()).isNotEqualTo(alice.body()).isNotEqualTo(bob.body());
    assertThat(aliceAgain.cacheStatus()).contains("hit");
    assertThat(aliceAgain.body()).isEqualTo(alice.body());
    assertThat(calls).hasSize(3);
  }

  @Test
  void personalizedAnswer_isNotStoredAtAll_whenTheSiteForbidsPerUserEntries() {
    startEdge(new LlmPolicy(LlmRoute.defaults(), false, List.of("x-user-id"), false), false);

    assertThat(send(chat("q"), "X-User-Id", "7").cacheStatus()).contains("personalized");
    send(chat("q"), "X-User-Id", "7");

    assertThat(calls).hasSize(2);
  }

  @Test
  void stream_isRelayedStored_andReplayedByteForByte() {
    mode = "sse";
    Answer first = send(chat("hello", "stream", "true"));
    Answer second = send(chat("hello", "stream", "true"));
    Answer plain = send(chat("hello"));

    assertThat(first.body()).endsWith("data: [DONE]\n\n");
    assertThat(second.cacheStatus()).contains("hit");
    assertThat(second.body()).isEqualTo(first.body());
    // A stream and a single answer are kept apart.
    assertThat(plain.cacheStatus()).contains("fwd=miss");
    assertThat(calls).hasSize(2);
  }

  @Test
  void brokenStream_isNeverStored() {
    mode = "broken-sse";
    Await.failure(post(chat("hello", "stream", "true")));
    mode = "sse";

    Answer next = send(chat("hello", "stream", "true"));

    assertThat(next.cacheStatus()).contains("fwd=miss");
    assertThat(calls).hasSize(2);
  }

  @Test
  void abnormalFinish_isNotStored() {
    mode = "tool";
    send(chat("call a tool"));
    send(chat("call a tool"));

    assertThat(calls).hasSize(2);
  }

  @Test
  void providerKeyIsAdded_clientKeyAndCookiesNeverReachTheProvider() {
    send(chat("q"), "Authorization", "Bearer sk-client-own", "Cookie", "session=abc");

    MultiMap seen = callHeaders.get(0);
    assertThat(seen.get("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(seen.get("Cookie")).isNull();
    // The client's key was removed, so it identified no one: the answer is shared.
    assertThat(send(chat("q")).cacheStatus()).contains("hit");
  }

  @Test
  void passThroughKey_isForwarded_andMakesTheAnswerPerUser() {
    startEdge(LlmPolicy.defaults(), true);

    send(chat("q"), "Authorization", "Bearer sk-alice");
    Answer other = send(chat("q"), "Authorization", "Bearer sk-bob");

    assertThat(callHeaders.get(0).get("Authorization")).isEqualTo("Bearer sk-alice");
    assertThat(other.cacheStatus()).contains("fwd=miss");
    assertThat(send(chat("q"), "Authorization", "Bearer sk-alice").cacheStatus())
        .contains("hit");
  }

  @Test
  void concurrentIdenticalRequests_collapseIntoOneProviderCall() {
    delayMillis = 200;
    List<Future<Answer>> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(post(chat("same")));
    }
    Await.result(Future.all(all));

    assertThat(calls).hasSize(1);
    assertThat(all.stream().map(f -> f.result().body()).distinct()).hasSize(1);
  }

  @Test
  void answer_expiresAfterItsTtl_andIsDroppedByAPurgeOfItsModelTag() {
    send(chat("q"));
    now.addAndGet(TimeUnit.MINUTES.toMillis(59));
    assertThat(send(chat("q")).cacheStatus()).contains("hit");

    now.addAndGet(TimeUnit.MINUTES.toMillis(2));
    assertThat(send(chat("q")).cacheStatus()).contains("fwd=miss");

    coverage = PurgeGenerations.Coverage.HARD_PURGED;
    assertThat(send(chat("q")).cacheStatus()).contains("fwd=miss");
    assertThat(calls).hasSize(3);
  }

  @Test
  void badRequests_getAClearAnswer_andPoisonNothing() {
    Answer notJson = send("this is not json");

    assertThat(notJson.cacheStatus()).contains("detail=not-json");
    String huge = "{\"model\":\"demo-1\",\"temperature\":0,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + "x".repeat(LlmGateway.MAX_REQUEST_BYTES) + "\"}]}";
    assertThat(send(huge).status()).isEqualTo(413);
    assertThat(calls).hasSize(1);
  }
}
