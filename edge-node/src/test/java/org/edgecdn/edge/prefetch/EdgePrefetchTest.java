package org.edgecdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.forward.ObservedExchange;
import org.edgecdn.http.forward.PrefetchMarkers;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.ScriptedOrigin;
import org.edgecdn.testkit.ScriptedOrigin.Received;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Markov prefetch on loopback: scripted origin → edge, a fake clock for the cache, the model and
 * the budget. Visitors are scripted; each test asserts what reached the origin.
 */
class EdgePrefetchTest {

  private static final String HOST = "www.shop.example";
  private static final String BLOG = "blog.example";

  private Vertx vertx;
  private HttpClient client;
  private ScriptedOrigin origin;
  private final AtomicLong now = new AtomicLong();
  private final CacheClock clock = now::get;
  private EdgeNode edge;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions());
    now.set(1_700_000_000_000L);
    origin = Await.result(ScriptedOrigin.start(vertx, got -> Reply.ok("<html>" + got.uri())
        .header("Content-Type", "text/html")
        .header("Cache-Control", "public, max-age=5")));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private EdgeNode edge(PrefetchOptions prefetch) {
    return edge(prefetch, origin.baseUrl(), CacheOptions.edgeDefaults());
  }

  private EdgeNode edge(PrefetchOptions prefetch, String originUrl, CacheOptions cache) {
    Site site = new Site("shop", List.of(HOST), List.of(URI.create(originUrl)),
        Optional.empty());
    EdgeOptions options = new EdgeOptions("eu", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site), List.of(), 1_000, 5_000, cache);
    edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(), clock,
        NodePurging.none(), prefetch));
    return edge;
  }

  /**
   * Prefetch on for the site. Counts decay, so a transition seen {@code n} times seconds ago has
   * a support a little under {@code n}: tests ask for {@code n - 0.1}.
   */
  private static PrefetchOptions on(double minSupport, Hints hints) {
    return PrefetchOptions.of(Map.of("shop", new SitePrefetch(true,
        new PlannerOptions(0.3, minSupport, 2), hints, Optional.empty())));
  }

  /**
   * An edge whose model has seen one visitor go from /home to /product, with time then moved
   * past both pages' freshness: the next /home predicts /product.
   */
  private void edgeThatLearntHomeToProduct(Hints hints) {
    edge(on(0.9, hints));
    view("v1", "/home");
    view("v1", "/product");
    later();
  }

  /** A visitor's navigation: a browser sends Sec-Fetch-Dest: document. */
  private MultiMap view(String visitor, String path, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap().add("Host", HOST)
        .add("Sec-Fetch-Dest", "document").add("Accept", "text/html")
        .add("User-Agent", "browser-" + visitor);
    for (int i = 0; i < headers.length; i += 2) {
      map.set(headers[i], headers[i + 1]);
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(edge.port()).setURI(path).setHeaders(map);
    return Await.result(client.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> response.headers()))));
  }

  /**
   * A GET by visitor v2 over {@code version} (HTTP/2: h2c with prior knowledge) whose 103 Early
   * Hints responses land in {@code interim}.
   */
  private MultiMap getCollectingEarlyHints(HttpVersion version, String path, String accept,
      List<MultiMap> interim) {
    HttpClient over = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
        .setHttp2ClearTextUpgrade(false), new PoolOptions());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", accept)
        .add("User-Agent", "browser-v2");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1")).setHost(HOST)
        .setPort(80).setURI(path).setHeaders(headers);
    return Await.result(over.request(options).compose(request -> {
      request.earlyHintsHandler(interim::add);
      return request.send().compose(response -> response.body().map(b -> response.headers()));
    }));
  }

  private Prefetcher prefetcher() {
    return edge.prefetcher().orElseThrow();
  }

  private void awaitPrefetches() {
    Await.until("prefetches finished", () -> prefetcher().pending() == 0, Duration.ofSeconds(5));
  }

  /** A request the origin received as a prefetch ({@code Sec-Purpose: prefetch;...}). */
  private static boolean isPrefetch(Received request) {
    return PrefetchMarkers.isPrefetch(request.headers());
  }

  private long originFetches(String path) {
    return origin.received().stream().filter(r -> r.uri().equals(path)).count();
  }

  /** Moves past every page's max-age and the prefetcher's "seen warm" window. */
  private void later() {
    now.addAndGet(11_000);
  }

  @Test
  void learnedTransition_pageQPrefetchedBeforeRequested_nextVisitorHitsWithoutOriginFetch() {
    edge(on(2.9, Hints.NONE));
    for (int visitor = 1; visitor <= 3; visitor++) {
      view("v" + visitor, "/home");
      view("v" + visitor, "/product");
      later();
    }
    long productFetches = originFetches("/product");

    view("v4", "/home");
    awaitPrefetches();

    assertThat(originFetches("/product")).isEqualTo(productFetches + 1);
    assertThat(origin.last().headers().get("Sec-Purpose")).startsWith("prefetch;");
    MultiMap answer = view("v4", "/product");
    assertThat(answer.get("Cache-Status")).startsWith("edge-eu; hit");
    assertThat(originFetches("/product")).isEqualTo(productFetches + 1);
    assertThat(prefetcher().count("shop", "issued")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "hit")).isEqualTo(1);
  }

  @Test
  void warmWindowOff_pageSeenCached_askedOfTheEdgeAgain_answeredWithoutOriginFetch() {
    edge(on(0.9, Hints.NONE).withWarmMillis(0));
    view("v1", "/home");
    view("v1", "/product");
    later();
    view("v2", "/home");
    awaitPrefetches();
    view("v2", "/product");
    long productFetches = originFetches("/product");

    view("v3", "/home");
    awaitPrefetches();

    // With the default window /product would be skipped unasked; here the edge is asked and
    // answers from its cache.
    assertThat(prefetcher().count("shop", "issued")).isEqualTo(2);
    assertThat(prefetcher().count("shop", "skipped_fresh")).isEqualTo(1);
    assertThat(originFetches("/product")).isEqualTo(productFetches);
  }

  @Test
  void prefetch_carriesNoCookieNorAuthorization_andIsNotLearnedFrom() {
    edge(on(0.9, Hints.NONE));
    view("v1", "/home", "Cookie", "session=secret", "Authorization", "Bearer t");
    view("v1", "/product", "Cookie", "session=secret", "Authorization", "Bearer t");
    later();

    view("v2", "/home", "Cookie", "session=other", "Accept-Language", "fr");
    awaitPrefetches();

    List<Received> prefetches = origin.received().stream()
        .filter(EdgePrefetchTest::isPrefetch).toList();
    assertThat(prefetches).singleElement().satisfies(r -> {
      assertThat(r.uri()).isEqualTo("/product");
      assertThat(r.headers().contains("Cookie")).isFalse();
      assertThat(r.headers().contains("Authorization")).isFalse();
      assertThat(r.headers().get("Accept-Language")).isEqualTo("fr");
    });
    // The prefetch of /product is no view: /home's successor count is still one transition.
    assertThat(prefetcher().predictor().top("shop", 10, now.get()))
        .singleElement().satisfies(t -> assertThat(t.support()).isCloseTo(1, within(0.01)));
  }

  @Test
  void budgetSpent_stopsPrefetching() {
    edge(on(0.9, Hints.NONE).withBudget(0.01, 1 << 20, 10));
    view("v1", "/home");
    view("v1", "/product");
    later();
    view("v2", "/home");
    awaitPrefetches();
    view("v2", "/product");
    later();

    view("v3", "/home");
    awaitPrefetches();

    assertThat(prefetcher().count("shop", "issued")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "skipped_budget")).isEqualTo(1);
    assertThat(origin.received().stream()
        .filter(EdgePrefetchTest::isPrefetch)).hasSize(1);
  }

  @Test
  void originFailing_prefetchYieldsToRealTraffic() {
    edgeThatLearntHomeToProduct(Hints.NONE);
    origin.script(got -> got.uri().equals("/broken")
        ? new Reply(503, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("down"))
        : Reply.ok("<html>").header("Cache-Control", "public, max-age=5"));
    view("v2", "/broken");

    view("v2", "/home");

    assertThat(prefetcher().count("shop", "skipped_upstream")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "issued")).isZero();
  }

  @Test
  void originSlow_prefetchYieldsToRealTraffic() {
    // The mean is of real upstream waits, timed by the exchange itself (System.nanoTime), so
    // the origin is made slow for real: 500 ms against a limit of 50 ms. One such fill lifts
    // the moving average (weight 0.2) to 100 ms or more, and /home's own revalidation, a fast
    // fill, leaves it above 80.
    edge(on(0.9, Hints.NONE).withSlowUpstreamMillis(50));
    view("v1", "/home");
    view("v1", "/product");
    later();
    origin.script(got -> Reply.ok("<html>" + got.uri()).header("Content-Type", "text/html")
        .header("Cache-Control", "public, max-age=5").after(got.uri().equals("/slow") ? 500 : 0));
    view("v2", "/slow");

    view("v2", "/home");

    // The edge hears of an exchange as it ends, which may be just after the client has it all.
    Await.until("the prefetch after /home skipped",
        () -> prefetcher().count("shop", "skipped_upstream") == 1, Duration.ofSeconds(5));
    assertThat(prefetcher().count("shop", "issued")).isZero();
    assertThat(origin.received().stream().filter(EdgePrefetchTest::isPrefetch)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"private, max-age=60", "no-store, max-age=60"})
  void predictedPageNotForASharedCache_prefetchSkippedUncacheable_nothingStored(
      String cacheControl) {
    origin.script(got -> Reply.ok("<html>" + got.uri()).header("Content-Type", "text/html")
        .header("Cache-Control", got.uri().equals("/product") ? cacheControl
            : "public, max-age=5"));
    edgeThatLearntHomeToProduct(Hints.NONE);
    view("v2", "/home");
    Await.until("the prefetch of /product answered",
        () -> prefetcher().count("shop", "skipped_uncacheable") == 1, Duration.ofSeconds(5));
    long productFetches = originFetches("/product");

    MultiMap answer = view("v3", "/product");

    assertThat(origin.received().stream().filter(r -> r.uri().equals("/product")
        && isPrefetch(r))).hasSize(1);
    assertThat(prefetcher().count("shop", "issued")).isEqualTo(1);
    // Nothing was kept: the next visitor's request goes to the origin, and is no prefetch hit.
    assertThat(answer.get("Cache-Status")).startsWith("edge-eu; fwd=");
    assertThat(originFetches("/product")).isEqualTo(productFetches + 1);
    assertThat(prefetcher().count("shop", "hit")).isZero();
  }

  @Test
  void modelBytesGauge_positiveAfterPageViews_growsWithMorePages() {
    edge(on(0.9, Hints.NONE));
    double before = modelBytes();
    view("v1", "/home");
    view("v1", "/product");
    awaitPagesLearnt(2);
    double learnt = modelBytes();

    for (int page = 0; page < 20; page++) {
      view("v1", "/page-" + page);
    }
    awaitPagesLearnt(22);

    assertThat(learnt).isPositive().isGreaterThan(before);
    assertThat(modelBytes()).isGreaterThan(learnt);
  }

  /** Waits until the model holds {@code n} pages (a view is learnt as its exchange ends). */
  private void awaitPagesLearnt(int n) {
    Await.until(n + " pages learnt",
        () -> prefetcher().predictor().model("shop").pages() >= n, Duration.ofSeconds(5));
  }

  /** {@code cdn_predictor_model_bytes} of this edge, as Prometheus scrapes it. */
  private double modelBytes() {
    Matcher line = Pattern.compile(
        "(?m)^cdn_predictor_model_bytes\\{[^}]*pop=\"eu\"[^}]*} (\\S+)$")
        .matcher(edge.registry().scrape());
    assertThat(line.find()).as("cdn_predictor_model_bytes in the scrape").isTrue();
    return Double.parseDouble(line.group(1));
  }

  @Test
  void unusedPrefetch_expires_countsAsWaste() {
    edgeThatLearntHomeToProduct(Hints.NONE);
    view("v2", "/home");
    awaitPrefetches();

    now.addAndGet(PrefetchOptions.DEFAULT_UNUSED_AFTER_MILLIS + 1);
    view("v3", "/elsewhere");

    assertThat(prefetcher().count("shop", "wasted")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "hit")).isZero();
  }

  @Test
  void prefetchedPagePushedOutUnused_isPrefetchedAgainWhenPredicted_andTheFirstCountsAsWaste() {
    // A cache whose prefetch area (a tenth of it at the start) holds one 2 kB page, not two.
    edge(on(0.9, Hints.NONE), origin.baseUrl(), new CacheOptions(40_000, 8_000, 0));
    // Learnt from pages nobody may store, so /a and /b enter the store only by prefetch.
    origin.script(got -> Reply.ok("<html>" + got.uri()).header("Content-Type", "text/html")
        .header("Cache-Control", "no-store"));
    view("v1", "/home");
    view("v1", "/a");
    view("v5", "/other");
    view("v5", "/b");
    later();
    origin.script(got -> Reply.ok("<html>" + "x".repeat(2_000))
        .header("Content-Type", "text/html").header("Cache-Control", "public, max-age=60"));

    view("v2", "/home");
    awaitPrefetches();
    view("v3", "/other");
    awaitPrefetches();
    view("v4", "/home");
    awaitPrefetches();

    assertThat(origin.received().stream().filter(r -> r.uri().equals("/a")
        && isPrefetch(r))).hasSize(2);
    assertThat(prefetcher().count("shop", "wasted")).isEqualTo(1);
    assertThat(view("v4", "/a").get("Cache-Status")).startsWith("edge-eu; hit");
    assertThat(prefetcher().count("shop", "hit")).isEqualTo(1);
  }

  @Test
  void prefetchOfAPageStillCached_givesItsBudgetBack() {
    // Two tokens and a clock that stands still: two prefetches from the origin, no more.
    edge(on(0.9, Hints.NONE).withBudget(2, 1 << 20, 10).withWarmMillis(0));
    // Three visitors of /home went on to /product, so three more who stop there leave it at
    // one visitor in two.
    for (String visitor : List.of("v1", "v7", "v8")) {
      view(visitor, "/home");
      view(visitor, "/product");
    }
    view("v5", "/other");
    view("v5", "/b");
    later();
    view("v2", "/home");
    awaitPrefetches();
    long answeredFromMemory = prefetcher().count("shop", "skipped_fresh");

    // /product is still stored: asking the edge for it again, twice, answers from memory and
    // leaves the last token for /b, which needs the origin.
    view("v3", "/home");
    awaitPrefetches();
    view("v4", "/home");
    awaitPrefetches();
    view("v6", "/other");
    awaitPrefetches();

    assertThat(prefetcher().count("shop", "skipped_fresh")).isEqualTo(answeredFromMemory + 2);
    assertThat(prefetcher().count("shop", "skipped_budget")).isZero();
    assertThat(origin.received().stream()
        .filter(EdgePrefetchTest::isPrefetch).map(Received::uri))
        .containsExactly("/product", "/b");
  }

  @Test
  void browsersPrefetch_whileTheEdgesOwnIsInFlight_isNotTakenForTheEdges() {
    // An origin that holds the edge's own prefetches until told to answer.
    AtomicReference<HttpServerRequest> held = new AtomicReference<>();
    HttpServer holding = Await.result(vertx.createHttpServer().requestHandler(request -> {
      String purpose = request.getHeader("Sec-Purpose");
      if (purpose != null && purpose.contains("edgecdn=")) {
        held.set(request);
        return;
      }
      request.response().putHeader("Content-Type", "text/html")
          .putHeader("Cache-Control", "public, max-age=5").end("<html>" + request.uri());
    }).listen(0, "127.0.0.1"));
    edge(on(0.9, Hints.NONE), "http://127.0.0.1:" + holding.actualPort(),
        CacheOptions.edgeDefaults());
    view("v1", "/home");
    view("v1", "/product");
    later();
    view("v2", "/home");
    Await.until("the edge's prefetch reached the origin", () -> held.get() != null,
        Duration.ofSeconds(5));

    // Told by a Link hint, v2's browser prefetched /product too, and got its answer first.
    prefetcher().finished(new ObservedExchange("shop", HOST, "GET", "/product", "127.0.0.1",
        MultiMap.caseInsensitiveMultiMap().add("Sec-Purpose", "prefetch")
            .add("Accept", "text/html"), true, 200, CachePhase.MISS, false, 1, 20));
    held.get().response().putHeader("Content-Type", "text/html")
        .putHeader("Cache-Control", "public, max-age=5").end("<html>/product");
    awaitPrefetches();

    assertThat(prefetcher().count("shop", "skipped_uncacheable")).isZero();
    assertThat(view("v2", "/product").get("Cache-Status")).startsWith("edge-eu; hit");
    assertThat(prefetcher().count("shop", "hit")).isEqualTo(1);
  }

  @Test
  void browsersPrefetch_ofAPageTheEdgePrefetched_isCountedApart_notAsAUse() {
    edgeThatLearntHomeToProduct(Hints.LINK);
    view("v2", "/home");
    awaitPrefetches();

    // Told by the Link hint, v2's browser prefetches /product: our own hint followed, which
    // says nothing of whether v2 goes there.
    MultiMap answer = view("v2", "/product", "Sec-Purpose", "prefetch");

    assertThat(answer.get("Cache-Status")).startsWith("edge-eu; hit");
    assertThat(prefetcher().count("shop", "browser_prefetched")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "hit")).isZero();
    // A real navigation is still the page's use.
    view("v3", "/product");
    assertThat(prefetcher().count("shop", "hit")).isEqualTo(1);
    assertThat(prefetcher().count("shop", "wasted")).isZero();
  }

  /** Sites shop and blog on the one scripted origin, with {@code prefetch} for both. */
  private void twoSitesOnOneOrigin(PrefetchOptions prefetch) {
    List<URI> origins = List.of(URI.create(origin.baseUrl()));
    EdgeOptions options = new EdgeOptions("eu", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(new Site("shop", List.of(HOST), origins,
            Optional.empty()), new Site("blog", List.of(BLOG), origins, Optional.empty())),
        List.of(), 1_000, 5_000, CacheOptions.edgeDefaults());
    edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot(), clock,
        NodePurging.none(), prefetch));
  }

  /** The two sites, one token a second to their origin, on a clock that stands still. */
  private static PrefetchOptions bothSitesOneTokenEach() {
    SitePrefetch on = new SitePrefetch(true, new PlannerOptions(0.3, 0.9, 2), Hints.NONE,
        Optional.empty());
    return PrefetchOptions.of(Map.of("shop", on, "blog", on)).withBudget(100, 1 << 20, 1)
        .withWarmMillis(0);
  }

  private void learnOnBothSitesThenVisit() {
    view("v1", "/home");
    view("v1", "/product");
    view("w1", "/home", "Host", BLOG);
    view("w1", "/post", "Host", BLOG);
    later();
    view("v2", "/home");
    awaitPrefetches();
    view("w2", "/home", "Host", BLOG);
    awaitPrefetches();
  }

  @Test
  void sitesOnOneOrigin_shareItsBudget() {
    twoSitesOnOneOrigin(bothSitesOneTokenEach()
        .withSiteOrigins(Map.of("shop", origin.baseUrl(), "blog", origin.baseUrl())));

    learnOnBothSitesThenVisit();

    assertThat(prefetcher().count("shop", "issued")).isEqualTo(1);
    assertThat(prefetcher().count("blog", "skipped_budget")).isEqualTo(1);
    assertThat(origin.received().stream().filter(r -> r.uri().equals("/post")
        && isPrefetch(r))).isEmpty();
  }

  @Test
  void sitesOnOriginsOfTheirOwn_eachHaveABudget() {
    twoSitesOnOneOrigin(bothSitesOneTokenEach());

    learnOnBothSitesThenVisit();

    assertThat(prefetcher().count("blog", "skipped_budget")).isZero();
    assertThat(origin.received().stream().filter(r -> r.uri().equals("/post")
        && isPrefetch(r))).hasSize(1);
  }

  @Test
  void largePage_needsMoreProbability_thanASmallOneAsLikely() {
    assertThat(prefetchedAfterHomeWithABigAndASmallNextPage(on(0.9, Hints.NONE)))
        .containsExactly("/small");
  }

  @Test
  void weighSizeOff_largeAndSmallPagesAsLikely_bothPrefetched() {
    PrefetchOptions plain = PrefetchOptions.of(Map.of("shop", new SitePrefetch(true,
        new PlannerOptions(0.3, 0.9, 2, false), Hints.NONE, Optional.empty())));
    assertThat(prefetchedAfterHomeWithABigAndASmallNextPage(plain))
        .containsExactlyInAnyOrder("/small", "/big");
  }

  /**
   * One visitor went from /home to /small (1 kB), one to /big (10 kB): a third /home makes each
   * one in three likely, above the threshold of 0.3, but /big is 2.5 times the mean page.
   */
  private List<String> prefetchedAfterHomeWithABigAndASmallNextPage(PrefetchOptions options) {
    origin.script(got -> Reply.ok("x".repeat(got.uri().equals("/big") ? 10_000 : 1_000))
        .header("Content-Type", "text/html").header("Cache-Control", "public, max-age=5"));
    edge(options);
    view("v1", "/home");
    view("v1", "/small");
    view("v2", "/home");
    view("v2", "/big");
    later();

    view("v3", "/home");
    awaitPrefetches();

    return origin.received().stream().filter(EdgePrefetchTest::isPrefetch)
        .map(Received::uri).toList();
  }

  @Test
  void linkHints_pageResponseNamesLikelyNextPage() {
    edgeThatLearntHomeToProduct(Hints.LINK);

    MultiMap answer = view("v2", "/home");

    assertThat(answer.getAll("Link")).containsExactly("</product>; rel=prefetch");
  }

  @Test
  void earlyHints_a103NamesTheLikelyNextPageBeforeTheAnswer_andTheAnswerRepeatsIt() {
    edgeThatLearntHomeToProduct(Hints.EARLY_HINTS);

    List<MultiMap> interim = new CopyOnWriteArrayList<>();
    MultiMap answer = getCollectingEarlyHints(HttpVersion.HTTP_2, "/home", "text/html", interim);

    assertThat(interim).hasSize(1);
    assertThat(interim.get(0).getAll("Link")).containsExactly("</product>; rel=prefetch");
    assertThat(answer.getAll("Link")).containsExactly("</product>; rel=prefetch");
  }

  @Test
  void earlyHints_notForSubresources_norPagesWithNothingPredicted_norOverHttp1() {
    edgeThatLearntHomeToProduct(Hints.EARLY_HINTS);

    List<MultiMap> interim = new CopyOnWriteArrayList<>();
    getCollectingEarlyHints(HttpVersion.HTTP_2, "/home", "image/avif", interim);
    getCollectingEarlyHints(HttpVersion.HTTP_2, "/product", "text/html", interim);
    // A page with a prediction, but over HTTP/1.1: no 103 (an old intermediary could take it
    // for the answer); the final response still carries the Link fields.
    MultiMap http1 = getCollectingEarlyHints(HttpVersion.HTTP_1_1, "/home", "text/html", interim);
    assertThat(http1.getAll("Link")).containsExactly("</product>; rel=prefetch");

    assertThat(interim).isEmpty();
  }

  @Test
  void speculationRules_pageNamesARulesDocument_thatTheEdgeServesFromItsModel() {
    edgeThatLearntHomeToProduct(Hints.SPECULATION_RULES);

    MultiMap answer = view("v2", "/home");
    assertThat(answer.get("Speculation-Rules"))
        .isEqualTo("\"/_cdn/speculation-rules?page=%2Fhome\"");
    assertThat(answer.get("Link")).isNull();

    RequestOptions rules = new RequestOptions().setHost("127.0.0.1").setPort(edge.port())
        .setURI("/_cdn/speculation-rules?page=%2Fhome")
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", HOST));
    var document = Await.result(client.request(rules).compose(r -> r.send()
        .compose(response -> response.body().map(body -> Map.entry(response, body)))));
    assertThat(document.getKey().statusCode()).isEqualTo(200);
    assertThat(document.getKey().getHeader("Content-Type"))
        .isEqualTo("application/speculationrules+json");
    assertThat(document.getValue().toJsonObject().getJsonArray("prefetch").getJsonObject(0)
        .getMap()).containsEntry("source", "list")
        .containsEntry("urls", List.of("/product"));
    assertThat(origin.received()).noneMatch(r -> r.uri().startsWith("/_cdn/"));
  }

  @Test
  void speculationRules_badPageParameter_isA400_andReachesNoOrigin() {
    edge(on(0.9, Hints.SPECULATION_RULES));

    String path = SpeculationRules.PATH;
    for (String uri : List.of(path, path + "?page=http%3A%2F%2Fevil.example%2F",
        path + "?page=%2F%2Fevil.example", path + "?page=%2Fa%3E%3Cb")) {
      RequestOptions rules = new RequestOptions().setHost("127.0.0.1").setPort(edge.port())
          .setURI(uri).setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", HOST));
      int status = Await.result(client.request(rules).compose(r -> r.send()
          .compose(response -> response.body().map(b -> response.statusCode()))));
      assertThat(status).as(uri).isEqualTo(400);
    }
    assertThat(origin.received()).isEmpty();
  }

  @Test
  void hints_nameOnlyPathsThatAFieldCanCarryAsTheyAre() {
    assertThat(Prefetcher.safeInHint("/products/42?colour=red")).isTrue();
    assertThat(Prefetcher.safeInHint("/a>b")).isFalse();
    assertThat(Prefetcher.safeInHint("/a,b")).isFalse();
    assertThat(Prefetcher.safeInHint("/a\"b")).isFalse();
    assertThat(Prefetcher.safeInHint("//evil.example/")).isFalse();
    assertThat(Prefetcher.safeInHint("http://evil.example/")).isFalse();
    assertThat(Prefetcher.safeInHint("/caf\u00e9")).isFalse();
  }

  @Test
  void adminApi_listsStrongestTransitions() {
    edge(on(2.9, Hints.NONE));
    view("v1", "/home");
    view("v1", "/product");

    RequestOptions request = new RequestOptions().setHost("127.0.0.1")
        .setPort(edge.adminPort()).setURI("/api/v1/predictor/shop/top?limit=5");
    JsonObject body = Await.result(client.request(request).compose(r -> r.send()
        .compose(response -> response.body()))).toJsonObject();

    assertThat(body.getString("site")).isEqualTo("shop");
    assertThat(body.getJsonArray("transitions").getJsonObject(0).getMap())
        .containsEntry("from", "/home").containsEntry("to", "/product");
  }
}
