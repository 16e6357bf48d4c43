package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.shield.ShieldNode;
import org.edgecdn.shield.ShieldOptions;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.edgecdn.testkit.ScriptedOrigin;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caching across the network: scripted origin → shield → edges, with a fake clock shared by
 * every node. Each test asserts what the client got, the {@code Cache-Status} of every tier,
 * and exactly how many requests reached the origin.
 */
class EdgeCachingTest {

  private static final String HOST = "www.shop.example";

  private Vertx vertx;
  private HttpClient client;
  private ScriptedOrigin origin;
  private final AtomicLong now = new AtomicLong();
  private final CacheClock clock = now::get;
  private HostPort shieldAddress;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(200));
    now.set(System.currentTimeMillis());
    origin = Await.result(ScriptedOrigin.start(vertx, got -> cacheable("v1", 60)));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static Reply cacheable(String body, int maxAge) {
    return Reply.ok(body).header("Cache-Control", "public, max-age=" + maxAge)
        .header("ETag", "\"" + body + "\"");
  }

  private Site site(String originUrl) {
    return new Site("shop", List.of(HOST), List.of(URI.create(originUrl)), Optional.empty());
  }

  private ShieldNode shield() {
    shieldAddress = new HostPort("127.0.0.1", FreePorts.loopback());
    ShieldOptions options = new ShieldOptions("shield", shieldAddress,
        new HostPort("127.0.0.1", 0), List.of(site(origin.baseUrl())), Set.of("127.0.0.1"),
        1_000, 5_000, CacheOptions.shieldDefaults());
    return Await.result(ShieldNode.start(vertx, options, AccessLog.off(), new MemberSlot(),
        clock, NodePurging.none()));
  }

  private EdgeNode edge(String pop, boolean viaShield) {
    return edge(pop, viaShield, CacheOptions.edgeDefaults(), site(origin.baseUrl()));
  }

  private EdgeNode edge(String pop, boolean viaShield, CacheOptions cache, Site site) {
    List<EdgeOptions.ShieldAddress> shields = viaShield
        ? List.of(new EdgeOptions.ShieldAddress("shield", shieldAddress)) : List.of();
    EdgeOptions options = new EdgeOptions(pop, new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), shields, 1_000, 5_000, cache);
    return Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(),
        clock, NodePurging.none()));
  }

  private Future<Answer> send(HttpMethod method, int port, String path, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap().add("Host", HOST);
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path).setHeaders(map);
    // Nested, not chained: see EdgeForwardingTest.
    return client.request(options).compose(request -> request.send().compose(response ->
        response.body().map(body -> new Answer(response.statusCode(), response.headers(),
            body.toString()))));
  }

  private Answer get(int port, String path, String... headers) {
    return Await.result(send(HttpMethod.GET, port, path, headers));
  }

  record Answer(int status, MultiMap headers, String body) {
    String cacheStatus() {
      return headers.get("Cache-Status");
    }
  }

  private void advanceSeconds(long seconds) {
    now.addAndGet(seconds * 1000);
  }

  @Test
  void secondRequest_isAnEdgeHit_withBothTiersInCacheStatus() {
    shield();
    EdgeNode edge = edge("eu", true);

    Answer first = get(edge.port(), "/page");
    advanceSeconds(10);
    Answer second = get(edge.port(), "/page");

    assertThat(first.cacheStatus()).isEqualTo("shield; fwd=uri-miss; fwd-status=200; stored, "
        + "edge-eu; fwd=uri-miss; fwd-status=200; stored");
    assertThat(second.body()).isEqualTo("v1");
    assertThat(second.cacheStatus()).isEqualTo("shield; fwd=uri-miss; fwd-status=200; stored, "
        + "edge-eu; hit; ttl=50");
    assertThat(second.headers().get("Age")).isEqualTo("10");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void hits_shareTheirFieldsWithinASecond_yetEachSecondRangeAndHeadGetTheirOwn() {
    shield();
    EdgeNode edge = edge("eu", true);
    get(edge.port(), "/fields");

    Answer hit = get(edge.port(), "/fields");
    Answer sameSecond = get(edge.port(), "/fields");
    Answer range = get(edge.port(), "/fields", "Range", "bytes=0-0");
    Answer head = Await.result(send(HttpMethod.HEAD, edge.port(), "/fields"));
    advanceSeconds(1);
    Answer nextSecond = get(edge.port(), "/fields");

    String hitStatus = "shield; fwd=uri-miss; fwd-status=200; stored, edge-eu; hit; ttl=60";
    for (Answer answer : List.of(hit, sameSecond, head)) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.cacheStatus()).isEqualTo(hitStatus);
      assertThat(answer.headers().get("Age")).isEqualTo("0");
      assertThat(answer.headers().get("Via"))
          .isEqualTo("1.1 shield (edgecdn), 1.1 edge-eu (edgecdn)");
      assertThat(answer.headers().get("Content-Length")).isEqualTo("2");
      assertThat(answer.headers().get("ETag")).isEqualTo("\"v1\"");
    }
    assertThat(hit.body()).isEqualTo("v1");
    assertThat(head.body()).isEmpty();
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.body()).isEqualTo("v");
    assertThat(range.headers().get("Content-Length")).isEqualTo("1");
    assertThat(range.headers().get("Content-Range")).isEqualTo("bytes 0-0/2");
    assertThat(range.cacheStatus()).isEqualTo(hitStatus);
    assertThat(nextSecond.headers().get("Age")).isEqualTo("1");
    assertThat(nextSecond.cacheStatus()).endsWith("edge-eu; hit; ttl=59");
    assertThat(nextSecond.headers().getAll("Via")).hasSize(1);
    assertThat(nextSecond.headers().getAll("Cache-Status")).hasSize(1);
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void hundredConcurrentColdRequests_throughTwoEdges_makeOneOriginFetch() {
    shield();
    EdgeNode eu = edge("eu", true);
    EdgeNode us = edge("us", true);

    List<Future<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      answers.add(send(HttpMethod.GET, (i % 2 == 0 ? eu : us).port(), "/hot"));
    }
    Await.result(Future.all(answers), Duration.ofSeconds(20));

    assertThat(answers).allSatisfy(a -> assertThat(a.result().body()).isEqualTo("v1"));
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void originDown_withAStaleEntryInsideStaleIfError_serves200Stale() {
    origin.script(got -> Reply.ok("kept").header("Cache-Control",
        "max-age=10, stale-if-error=300"));
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/resilient");
    Await.result(origin.close());
    advanceSeconds(60);

    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(get(edge.port(), "/resilient"));
    }

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).isEqualTo("kept");
      assertThat(a.cacheStatus()).contains("detail=stale-if-error");
    });
  }

  @Test
  void originDown_afterStaleIfErrorWindow_isAnError() {
    origin.script(got -> Reply.ok("kept").header("Cache-Control",
        "max-age=10, stale-if-error=30"));
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/resilient");
    Await.result(origin.close());
    advanceSeconds(100);

    assertThat(get(edge.port(), "/resilient").status()).isEqualTo(502);
  }

  /**
   * Regression (review of the fresh-only field): every revalidation asked the shield for a
   * fresh answer, so an edge whose copy had left its stale-while-revalidate window could not
   * take the shield's younger copy, still inside it, and answered the origin's 503.
   */
  @Test
  void foregroundRevalidation_takesTheShieldsYoungerStaleCopy_whileItsWindowLasts() {
    AtomicBoolean originDown = new AtomicBoolean();
    origin.script(got -> originDown.get()
        ? new Reply(503, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("down"))
        : Reply.ok("v1").header("Cache-Control", "max-age=60, stale-while-revalidate=600"));
    shield();
    EdgeNode eu = edge("eu", true);
    EdgeNode us = edge("us", true);
    get(eu.port(), "/doc");
    advanceSeconds(500);
    // us has no copy: the shield serves its stale one and refreshes it in the background.
    get(us.port(), "/doc");
    Await.until("the shield's refresh reached the origin",
        () -> origin.received().size() == 2, Duration.ofSeconds(5));
    advanceSeconds(200);
    originDown.set(true);

    // eu's copy is 640 s stale, past its window; the shield's is 140 s stale, inside it.
    Answer answer = get(eu.port(), "/doc");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("v1");
  }

  @Test
  void post_invalidatesTheCachedGet() {
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/cart-items");
    get(edge.port(), "/cart-items");
    assertThat(origin.received()).hasSize(1);

    origin.script(got -> got.method().equals("POST") ? Reply.ok("created")
        : cacheable("v2", 60));
    Answer post = Await.result(send(HttpMethod.POST, edge.port(), "/cart-items"));
    Answer after = get(edge.port(), "/cart-items");

    assertThat(post.status()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("v2");
    assertThat(origin.received()).hasSize(3);
  }

  @Test
  void vary_acceptLanguage_enAndFr_getTheirOwnVariants() {
    origin.script(got -> cacheable("hello-" + got.headers().get("Accept-Language"), 60)
        .header("Vary", "Accept-Language"));
    EdgeNode edge = edge("eu", false);

    Answer en = get(edge.port(), "/greeting", "Accept-Language", "en");
    Answer fr = get(edge.port(), "/greeting", "Accept-Language", "fr");
    Answer enAgain = get(edge.port(), "/greeting", "Accept-Language", "en");
    Answer frAgain = get(edge.port(), "/greeting", "Accept-Language", "fr");

    assertThat(en.body()).isEqualTo("hello-en");
    assertThat(fr.body()).isEqualTo("hello-fr");
    assertThat(fr.cacheStatus()).contains("fwd=vary-miss");
    assertThat(enAgain.body()).isEqualTo("hello-en");
    assertThat(frAgain.body()).isEqualTo("hello-fr");
    assertThat(enAgain.cacheStatus()).contains("hit");
    assertThat(origin.received()).hasSize(2);
  }

  @Test
  void privateResponse_isNeverServedToASecondClient() {
    AtomicInteger n = new AtomicInteger();
    origin.script(got -> Reply.ok("account of " + got.headers().get("Cookie") + " #"
        + n.incrementAndGet()).header("Cache-Control", "private, max-age=600"));
    EdgeNode edge = edge("eu", false);

    Answer alice = get(edge.port(), "/account", "Cookie", "user=alice");
    Answer bob = get(edge.port(), "/account", "Cookie", "user=bob");

    assertThat(alice.body()).isEqualTo("account of user=alice #1");
    assertThat(bob.body()).isEqualTo("account of user=bob #2");
    assertThat(bob.cacheStatus()).doesNotContain("edge-eu; hit");
    assertThat(origin.received()).hasSize(2);
  }

  @Test
  void setCookieResponse_isNotStored() {
    origin.script(got -> cacheable("with cookie", 60).header("Set-Cookie", "session=abc"));
    EdgeNode edge = edge("eu", false);

    get(edge.port(), "/login");
    Answer second = get(edge.port(), "/login");

    assertThat(second.cacheStatus()).doesNotContain("edge-eu; hit");
    assertThat(origin.received()).hasSize(2);
  }

  @Test
  void cutShortBody_isNeverStored() {
    // An origin that promises 100 bytes, sends 10 and closes the connection.
    AtomicInteger fetches = new AtomicInteger();
    NetServer liar = Await.result(vertx.createNetServer().connectHandler(socket ->
        socket.handler(request -> {
          fetches.incrementAndGet();
          socket.write("HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\n"
              + "Content-Length: 100\r\n\r\n0123456789").onComplete(v -> socket.close());
        })).listen(0, "127.0.0.1"));
    EdgeNode edge = edge("eu", false, CacheOptions.edgeDefaults(),
        site("http://127.0.0.1:" + liar.actualPort()));

    Future<Answer> first = send(HttpMethod.GET, edge.port(), "/truncated");
    Await.result(first.recover(error -> Future.succeededFuture(null)));
    Future<Answer> second = send(HttpMethod.GET, edge.port(), "/truncated");
    Await.result(second.recover(error -> Future.succeededFuture(null)));

    assertThat(fetches.get()).isEqualTo(2);
    if (second.succeeded()) {
      assertThat(second.result().cacheStatus()).doesNotContain("edge-eu; hit");
    }
  }

  @Test
  void staleEntry_isRevalidated_and304RefreshesIt() {
    AtomicInteger n = new AtomicInteger();
    origin.script(got -> {
      n.incrementAndGet();
      if ("\"v1\"".equals(got.headers().get("If-None-Match"))) {
        return new Reply(304, MultiMap.caseInsensitiveMultiMap()
            .add("Cache-Control", "max-age=60").add("ETag", "\"v1\""), Buffer.buffer());
      }
      return cacheable("v1", 60);
    });
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/doc");
    advanceSeconds(61);

    Answer revalidated = get(edge.port(), "/doc");
    Answer hit = get(edge.port(), "/doc");

    assertThat(revalidated.body()).isEqualTo("v1");
    assertThat(revalidated.cacheStatus()).isEqualTo("edge-eu; fwd=stale; fwd-status=304; stored");
    assertThat(hit.cacheStatus()).startsWith("edge-eu; hit");
    assertThat(origin.received()).hasSize(2);
    assertThat(origin.last().headers().get("If-None-Match")).isEqualTo("\"v1\"");
  }

  @Test
  void staleWhileRevalidate_servesStaleAtOnce_andRefreshesOnceInTheBackground() {
    AtomicInteger version = new AtomicInteger(1);
    origin.script(got -> Reply.ok("v" + version.get())
        .header("Cache-Control", "max-age=10, stale-while-revalidate=60"));
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/news");
    version.set(2);
    advanceSeconds(20);

    Answer stale = get(edge.port(), "/news");
    Await.until("the background refresh reached the origin",
        () -> origin.received().size() == 2, Duration.ofSeconds(5));
    Await.until("the refreshed copy is served", () ->
        get(edge.port(), "/news").body().equals("v2"), Duration.ofSeconds(5));

    assertThat(stale.body()).isEqualTo("v1");
    assertThat(stale.cacheStatus()).isEqualTo("edge-eu; hit; ttl=-10");
    assertThat(origin.received()).hasSize(2);
  }

  @Test
  void range_isServedFromTheCachedFullObject() {
    origin.script(got -> cacheable("0123456789abcdef", 60));
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/file");

    Answer part = get(edge.port(), "/file", "Range", "bytes=2-5");
    Answer unsatisfiable = get(edge.port(), "/file", "Range", "bytes=100-200");

    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("2345");
    assertThat(part.headers().get("Content-Range")).isEqualTo("bytes 2-5/16");
    assertThat(unsatisfiable.status()).isEqualTo(416);
    assertThat(unsatisfiable.headers().get("Content-Range")).isEqualTo("bytes */16");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void head_isAnsweredFromTheCachedGet() {
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/page");

    Answer head = Await.result(send(HttpMethod.HEAD, edge.port(), "/page"));

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().get("Content-Length")).isEqualTo("2");
    assertThat(head.cacheStatus()).startsWith("edge-eu; hit");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void ifNoneMatch_onAFreshEntry_is304FromTheEdge() {
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/page");

    Answer notModified = get(edge.port(), "/page", "If-None-Match", "\"v1\"");

    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().get("ETag")).isEqualTo("\"v1\"");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void objectOverTheSizeLimit_streamsThroughUncached() {
    String big = "x".repeat(5_000);
    origin.script(got -> cacheable(big, 60));
    EdgeNode edge = edge("eu", false, new CacheOptions(1 << 20, 1_000, 30_000),
        site(origin.baseUrl()));

    Answer first = get(edge.port(), "/big");
    Answer second = get(edge.port(), "/big");

    assertThat(first.body()).hasSize(5_000);
    assertThat(second.body()).hasSize(5_000);
    assertThat(second.cacheStatus()).doesNotContain("edge-eu; hit");
    assertThat(origin.received()).hasSize(2);
  }

  @Test
  void miss_throughShield_streamsTheFirstBytesBeforeTheOriginHasSentTheRest_thenStoresItWhole() {
    // The origin sends the head and half the body, then waits until the client has that half:
    // if the shield or the edge held the body back until the origin finished (store and
    // forward), the client would never see it and the test would time out.
    String firstHalf = "a".repeat(4_000);
    String secondHalf = "b".repeat(4_000);
    io.vertx.core.Promise<Void> clientHasFirstHalf = io.vertx.core.Promise.promise();
    AtomicInteger originRequests = new AtomicInteger();
    io.vertx.core.http.HttpServer slowOrigin = Await.result(vertx.createHttpServer()
        .requestHandler(request -> {
          originRequests.incrementAndGet();
          io.vertx.core.http.HttpServerResponse response = request.response()
              .putHeader("Cache-Control", "public, max-age=60")
              .putHeader("Content-Length", Integer.toString(8_000));
          response.write(firstHalf);
          clientHasFirstHalf.future().onComplete(v -> response.end(secondHalf));
        }).listen(0, "127.0.0.1"));
    String slowUrl = "http://127.0.0.1:" + slowOrigin.actualPort();
    shieldAddress = new HostPort("127.0.0.1", FreePorts.loopback());
    Await.result(ShieldNode.start(vertx, new ShieldOptions("shield", shieldAddress,
        new HostPort("127.0.0.1", 0), List.of(site(slowUrl)), Set.of("127.0.0.1"), 1_000, 5_000,
        CacheOptions.shieldDefaults()), AccessLog.off(), new MemberSlot(), clock,
        NodePurging.none()));
    EdgeNode edge = edge("eu", true, CacheOptions.edgeDefaults(), site(slowUrl));

    StringBuilder received = new StringBuilder();
    io.vertx.core.Promise<String> whole = io.vertx.core.Promise.promise();
    client.request(new RequestOptions().setHost("127.0.0.1").setPort(edge.port())
            .setURI("/streamed").putHeader("Host", HOST))
        .compose(request -> request.send())
        .onSuccess(response -> {
          response.handler(chunk -> {
            received.append(chunk.toString());
            if (received.length() >= firstHalf.length()) {
              clientHasFirstHalf.tryComplete();
            }
          });
          response.endHandler(v -> whole.complete(received.toString()));
        })
        .onFailure(whole::fail);

    assertThat(Await.result(whole.future())).isEqualTo(firstHalf + secondHalf);
    Answer hit = get(edge.port(), "/streamed");
    assertThat(hit.body()).isEqualTo(firstHalf + secondHalf);
    assertThat(hit.cacheStatus()).contains("edge-eu; hit");
    assertThat(originRequests).hasValue(1);
  }

  @Test
  void uncacheableResponse_releasesWaiters_andLaterRequestsPassInParallel() {
    origin.script(got -> Reply.ok("no").header("Cache-Control", "no-store"));
    EdgeNode edge = edge("eu", false);

    List<Future<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(send(HttpMethod.GET, edge.port(), "/dynamic"));
    }
    Await.result(Future.all(answers));
    Answer later = get(edge.port(), "/dynamic");

    assertThat(answers).allSatisfy(a -> assertThat(a.result().body()).isEqualTo("no"));
    assertThat(origin.received()).hasSize(11);
    assertThat(later.cacheStatus()).contains("detail=hit-for-pass");
  }

  @Test
  void cdnOnlyHeaders_areKeptInTheEdgeStore_butNeverSentToClients() {
    origin.script(got -> cacheable("tagged", 60).header("Surrogate-Key", "page home")
        .header("CDN-Cache-Control", "max-age=300"));
    shield();
    EdgeNode edge = edge("eu", true);

    Answer miss = get(edge.port(), "/tagged");
    advanceSeconds(120);
    Answer hit = get(edge.port(), "/tagged");

    assertThat(miss.headers().contains("Surrogate-Key")).isFalse();
    assertThat(hit.headers().contains("Surrogate-Key")).isFalse();
    assertThat(hit.headers().contains("CDN-Cache-Control")).isFalse();
    // CDN-Cache-Control (300 s) governs the network's caches, not max-age (60 s).
    assertThat(hit.cacheStatus()).endsWith("edge-eu; hit; ttl=180");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void clientNoStore_doesNotEvictTheSharedCopy_rfc9111Section5_2_1_5() {
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/shared");

    Answer noStore = get(edge.port(), "/shared", "Cache-Control", "no-cache, no-store");
    Answer next = get(edge.port(), "/shared");

    assertThat(noStore.body()).isEqualTo("v1");
    assertThat(next.cacheStatus()).startsWith("edge-eu; hit");
  }

  @Test
  void backgroundRefresh_answeredWith304ForAnotherVersion_dropsTheStaleCopy() {
    AtomicInteger n = new AtomicInteger();
    origin.script(got -> {
      if (n.incrementAndGet() == 1) {
        return Reply.ok("v1").header("ETag", "\"v1\"")
            .header("Cache-Control", "max-age=10, stale-while-revalidate=60");
      }
      // A 304 naming another version than the one stored.
      return new Reply(304, MultiMap.caseInsensitiveMultiMap().add("ETag", "\"v2\"")
          .add("Cache-Control", "max-age=600"), Buffer.buffer());
    });
    EdgeNode edge = edge("eu", false);
    get(edge.port(), "/versioned");
    advanceSeconds(20);

    get(edge.port(), "/versioned");
    Await.until("the background refresh ran", () -> n.get() == 2, Duration.ofSeconds(5));
    origin.script(got -> cacheable("v2", 600));
    Await.until("the stale copy is gone", () -> !get(edge.port(), "/versioned").cacheStatus()
        .startsWith("edge-eu; hit"), Duration.ofSeconds(5));

    assertThat(get(edge.port(), "/versioned").body()).isEqualTo("v2");
  }
}
