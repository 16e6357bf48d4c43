package org.edgecdn.edge.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.http.forward.ExchangeObserver;
import org.edgecdn.http.forward.ObservedExchange;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.Prediction;
import org.edgecdn.predictor.visit.Navigation;
import org.edgecdn.predictor.visit.PageView;
import org.edgecdn.predictor.visit.VisitTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's Markov prefetch: pages visitors will probably open next are fetched into the edge
 * cache before anyone asks (DESIGN §7, issue 7).
 *
 * <h2>1. Learning</h2>
 * The prefetcher hears of every GET the edge answers ({@link ExchangeObserver#finished}). Page
 * views only ({@link Navigation#isPageView}: navigations, not sub-resources, never prefetches)
 * feed the {@link NextPagePredictor}: visits by session cookie or address + User-Agent hash, a
 * same-site Referer as the source, first/second-order counts with decay, bounded memory.
 *
 * <h2>2. Prefetching</h2>
 * After serving page P, each planned page Q (probability and support above the site's
 * thresholds) is requested from this edge itself, on its own traffic port, as a plain GET:
 * {@code Sec-Purpose: prefetch} (with a parameter that marks it as this edge's), the visitor's
 * {@code Accept}, {@code Accept-Encoding} and {@code Accept-Language} (so the stored variant
 * is the one browsers ask for), never their cookies or authorization. It goes through the same
 * request path as a visitor's request: key, lookup, collapsing, shield, storability. So a
 * prefetch can only store what a shared cache may store, and a page already fresh is answered
 * from memory without an upstream fetch (and the budget's tokens are given back). Not sent: a
 * page being prefetched, or seen warm in the main cache a moment ago. A page prefetched and not
 * used yet is asked for again when predicted again, as the store may have pushed it out of its
 * prefetch area meanwhile.
 *
 * <h2>3. Budget and yielding</h2>
 * Token buckets on the injected clock: requests per second for the node and for each site's
 * origin, bytes per second for the node (charged when the answer is complete, possibly into
 * debt). Prefetching yields to real traffic: while the site's real fills are slow on average
 * (an exponentially weighted mean) or one failed recently, nothing is prefetched.
 *
 * <h2>4. Accounting</h2>
 * A prefetched page is remembered (bounded, expiring after {@link
 * PrefetchOptions#unusedAfterMillis()}). Its first real request is a prefetch hit when the
 * cache answered it, waste when it did not (evicted or expired meanwhile); a page nobody asked
 * for in time is waste too. A browser's prefetch of it, which our own hints cause, is counted
 * apart ({@code browser_prefetched}) and is not a use.
 * {@code cdn_prefetch_total{outcome}} counts each step and {@code cdn_predictor_model_bytes}
 * the model's estimated heap.
 *
 * <h2>5. Browser hints</h2>
 * Per site ({@link Hints}): {@code Link: <Q>; rel=prefetch} on the page's response, the same in
 * a 103 Early Hints response as soon as the request arrives, or a {@code Speculation-Rules}
 * field naming a rules document the edge serves ({@link SpeculationRules}). All use the
 * first-order prediction, as they are written before the visit's step is known.
 */
public final class Prefetcher implements ExchangeObserver {

  private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

  /** EWMA weight of the latest real fill's upstream time. */
  private static final double EWMA_ALPHA = 0.2;

  private final PrefetchOptions options;
  private final HttpClient client;
  private final CacheClock clock;
  private final NextPagePredictor predictor;
  private final TokenBucket nodeRequests;
  private final TokenBucket nodeBytes;
  private final Map<String, TokenBucket> originRequests = new ConcurrentHashMap<>();
  private final Map<String, Health> health = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /** Pages prefetched and not yet requested: their first request decides hit or waste. */
  private final Cache<String, Boolean> unused;
  /** Pages seen fresh in the cache a moment ago, with the purge sequence applied then. */
  private final Cache<String, Long> warm;
  private final LongSupplier appliedPurgeSeq;
  private final Map<String, Map<Outcome, Counter>> counters = new ConcurrentHashMap<>();
  /** Looked up by a name whose hash is computed once (Vert.x's optimized names). */
  private static final CharSequence SEC_PURPOSE = HttpHeaders.createOptimized("sec-purpose");

  private final MeterRegistry registry;
  private final String pop;
  /**
   * The {@code Sec-Purpose} of this edge's own prefetches: {@code prefetch} with a parameter
   * naming the PoP and a random tag, so a browser's prefetch (which our hints ask for) of a
   * page this edge is prefetching at that moment is not taken for the edge's own.
   */
  private final String ownPurpose;
  private volatile SocketAddress self;

  private static final class Health {
    double meanMillis;
    long lastErrorMillis = Long.MIN_VALUE / 2;
  }

  public Prefetcher(PrefetchOptions options, HttpClient client, CacheClock clock,
      MeterRegistry registry, String pop) {
    this(options, client, clock, registry, pop, () -> 0);
  }

  /**
   * @param appliedPurgeSeq the node's applied purge sequence: a page seen warm before the last
   *     purge may have been purged, so it is prefetched again (through the edge's own path,
   *     which answers from the cache if it is still fresh)
   */
  public Prefetcher(PrefetchOptions options, HttpClient client, CacheClock clock,
      MeterRegistry registry, String pop, LongSupplier appliedPurgeSeq) {
    this.appliedPurgeSeq = appliedPurgeSeq;
    this.options = options;
    this.client = client;
    this.clock = clock;
    this.registry = registry;
    this.pop = pop;
    this.ownPurpose = "prefetch;edgecdn=\"" + pop + ":"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\"";
    VisitTracker visits = VisitTracker.defaults();
    this.predictor = new NextPagePredictor(visits, ModelOptions.defaults(),
        org.edgecdn.predictor.plan.PlannerOptions.defaults());
    options.sites().forEach((site, settings) -> {
      predictor.plan(site, settings.plan())
          .modelOptions(site, settings.model(predictor.modelOptions()));
      visits.idle(site, settings.visitTimeoutMillis());
    });
    this.nodeRequests = new TokenBucket(options.requestsPerSecond(), clock);
    this.nodeBytes = new TokenBucket(options.bytesPerSecond(), clock);
    this.unused = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofMillis(options.unusedAfterMillis()))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .<String, Boolean>removalListener((key, value, cause) -> {
          if (key != null && (cause == RemovalCause.EXPIRED || cause == RemovalCause.SIZE)) {
            count(siteOf(key), Outcome.WASTED);
          }
        })
        .build();
    this.warm = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofMillis(options.warmMillis()))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
    // Every outcome of every prefetching site is exported from the start, at 0: a rate or a
    // ratio over a series that appears only with its first event reads as "no data".
    options.sites().forEach((site, settings) -> {
      if (settings.enabled()) {
        for (Outcome outcome : Outcome.values()) {
          counter(site, outcome);
        }
      }
    });
    Gauge.builder("cdn.predictor.model.bytes", predictor, NextPagePredictor::footprintBytes)
        .description("Estimated heap bytes of the next-page model")
        .tags("pop", pop)
        .register(registry);
  }

  /** Where this edge answers traffic: prefetches are sent there, through its own path. */
  public void target(SocketAddress address) {
    this.self = address;
  }

  public NextPagePredictor predictor() {
    return predictor;
  }

  /** Prefetches sent and not finished yet. */
  public int pending() {
    return inFlight.size();
  }

  public CacheClock clock() {
    return clock;
  }

  @Override
  public boolean sendsEarlyHints(String site) {
    SitePrefetch settings = options.site(site);
    return settings.enabled() && settings.hints() == Hints.EARLY_HINTS;
  }

  @Override
  public MultiMap earlyHints(ObservedExchange arrival) {
    if (!sendsEarlyHints(arrival.site())
        || !Navigation.isPageView("GET", 200, arrival.prefetch(),
            arrival.requestHeaders()::get)) {
      return null;
    }
    MultiMap hints = MultiMap.caseInsensitiveMultiMap();
    addLinks(arrival, hints);
    return hints;
  }

  @Override
  public MultiMap beforeHead(ObservedExchange exchange) {
    SitePrefetch site = options.site(exchange.site());
    if (!site.enabled() || site.hints() == Hints.NONE || exchange.status() != 200
        || !Navigation.isPageView(exchange.method(), exchange.status(), exchange.prefetch(),
            exchange.requestHeaders()::get)) {
      return null;
    }
    MultiMap fields = MultiMap.caseInsensitiveMultiMap();
    if (site.hints() == Hints.SPECULATION_RULES) {
      // Only for a page the rules document will accept as its parameter.
      if (safeInHint(exchange.uri())
          && !predictedAfter(exchange.site(), exchange.uri()).isEmpty()) {
        fields.add("Speculation-Rules", SpeculationRules.headerValue(exchange.uri()));
      }
    } else {
      addLinks(exchange, fields);
    }
    return fields;
  }

  /** {@code Link: <Q>; rel=prefetch} for each page the model predicts after this one. */
  private void addLinks(ObservedExchange exchange, MultiMap headers) {
    for (String page : predictedAfter(exchange.site(), exchange.uri())) {
      headers.add("Link", "<" + page + ">; rel=prefetch");
    }
  }

  /**
   * The pages a browser may be told to prefetch after {@code page}: the first-order prediction,
   * only paths that can be written inside {@code <...>} of a Link field as they are.
   */
  List<String> predictedAfter(String site, String page) {
    return predictor.peek(site, null, page, clock.millis()).stream().map(Prediction::page)
        .filter(Prefetcher::safeInHint).toList();
  }

  /** A same-site path with nothing that would end a Link target or a JSON string early. */
  static boolean safeInHint(String page) {
    if (!page.startsWith("/") || page.startsWith("//") || page.length() > 2048) {
      return false;
    }
    for (int i = 0; i < page.length(); i++) {
      char c = page.charAt(i);
      if (c <= ' ' || c >= 127 || c == '<' || c == '>' || c == '"' || c == '\\' || c == ',') {
        return false;
      }
    }
    return true;
  }

  public PrefetchOptions options() {
    return options;
  }

  @Override
  public void finished(ObservedExchange exchange) {
    SitePrefetch site = options.site(exchange.site());
    if (!site.enabled()) {
      return;
    }
    MultiMap headers = exchange.requestHeaders();
    if (exchange.prefetch()) {
      // Never learnt from, whoever sent it. The edge's own, told by its tagged Sec-Purpose, is
      // classified. A browser's is mostly our own hint followed (Link, speculation rules), so
      // it says nothing of whether the prediction was right and is not a use: it is counted
      // apart, as browser_prefetched, and the page stays unused until a real request comes.
      // The browser may then navigate from its own cache, which the edge never sees.
      if (ownPurpose.equals(headers.get(SEC_PURPOSE))) {
        String key = key(exchange.site(), exchange.uri());
        if (inFlight.remove(key)) {
          ownPrefetchDone(exchange, key);
        }
      } else if (exchange.method().equals("GET") && unused.estimatedSize() > 0
          && unused.getIfPresent(key(exchange.site(), exchange.uri())) != null) {
        count(exchange.site(), Outcome.BROWSER_PREFETCHED);
      }
      return;
    }
    noteUpstream(exchange);
    // What follows is for pages and for pages we prefetched; a hit on anything else (assets,
    // API calls: most hits) stops here without building a key or writing to a map.
    boolean pageView = Navigation.isPageView(exchange.method(), exchange.status(), false,
        headers::get);
    boolean anyPrefetched = unused.estimatedSize() > 0;
    if (!pageView && !anyPrefetched) {
      return;
    }
    String key = key(exchange.site(), exchange.uri());
    if (anyPrefetched) {
      countFirstUse(exchange, key);
    }
    if (!pageView) {
      return;
    }
    if (exchange.status() == 200) {
      predictor.noteSize(exchange.site(), exchange.uri(), exchange.bytesWritten());
    }
    // Expired unused prefetches are counted as waste when the cache does its upkeep: here, once
    // per page view rather than once per request.
    unused.cleanUp();
    if (exchange.phase() == CachePhase.HIT || exchange.stored()) {
      warm.put(key, appliedPurgeSeq.getAsLong());
    }
    long now = clock.millis();
    String visitor = Navigation.visitorKey(exchange.clientAddress(), headers.get("User-Agent"),
        headers.get("Cookie"), site.sessionCookie());
    String referer = Navigation.sameSiteReferer(headers.get("Referer"), exchange.host())
        .orElse(null);
    List<Prediction> plan = predictor.observe(new PageView(exchange.site(), visitor,
        exchange.uri(), referer, now));
    for (Prediction next : plan) {
      prefetch(exchange, next.page());
    }
  }

  /**
   * A GET of a page prefetched and not used yet: a prefetch hit when the cache answered it,
   * waste when it did not (the copy left the store first). Counted once per prefetched copy.
   */
  private void countFirstUse(ObservedExchange exchange, String key) {
    if (exchange.method().equals("GET") && unused.asMap().remove(key) != null) {
      count(exchange.site(), exchange.phase() == CachePhase.HIT ? Outcome.HIT : Outcome.WASTED);
    }
  }

  private void prefetch(ObservedExchange from, String page) {
    String site = from.site();
    String key = key(site, page);
    // A page prefetched and not used yet is asked for again all the same: the store may have
    // pushed it out of its prefetch area meanwhile, and the edge's own path tells which
    // (a hit costs no upstream fetch, and its tokens are given back).
    // The add is the gate: pages are planned on every event loop at once, and a check
    // followed later by an add would let two loops send the same prefetch.
    if (self == null || !inFlight.add(key)) {
      return;
    }
    Long warmAtSeq = warm.getIfPresent(key);
    if (warmAtSeq != null && warmAtSeq >= appliedPurgeSeq.getAsLong()) {
      inFlight.remove(key);
      count(site, Outcome.SKIPPED_FRESH);
      return;
    }
    if (!upstreamHealthy(site)) {
      inFlight.remove(key);
      count(site, Outcome.SKIPPED_UPSTREAM);
      return;
    }
    TokenBucket origin = originRequests.computeIfAbsent(options.originOf(site),
        o -> new TokenBucket(options.perOriginRequestsPerSecond(), clock));
    if (!nodeBytes.available() || !nodeRequests.take() || !origin.take()) {
      inFlight.remove(key);
      count(site, Outcome.SKIPPED_BUDGET);
      return;
    }
    count(site, Outcome.ISSUED);
    MultiMap visitor = from.requestHeaders();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .set("Host", from.host())
        .set("Sec-Purpose", ownPurpose)
        .set("Accept", orDefault(visitor.get("Accept"), "text/html"));
    for (String name : List.of("Accept-Encoding", "Accept-Language")) {
      if (visitor.get(name) != null) {
        headers.set(name, visitor.get(name));
      }
    }
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setServer(self)
        .setHost(from.host()).setPort(self.port()).setURI(page).setHeaders(headers);
    client.request(request)
        .compose(r -> r.send().compose(response -> response.body()))
        .onFailure(error -> {
          if (inFlight.remove(key)) {
            count(site, Outcome.FAILED);
          }
          LOG.debug("prefetch of {} for site {} failed: {}", page, site, error.toString());
        });
  }

  /** The edge answered one of our prefetches: classify it and charge its bytes. */
  private void ownPrefetchDone(ObservedExchange exchange, String key) {
    if (exchange.status() == 200) {
      predictor.noteSize(exchange.site(), exchange.uri(), exchange.bytesWritten());
    }
    if (exchange.phase() == CachePhase.HIT) {
      count(exchange.site(), Outcome.SKIPPED_FRESH);
      // The budget is for what prefetching asks of the origin; a page answered from memory
      // asked nothing of it.
      nodeRequests.refund();
      TokenBucket origin = originRequests.get(options.originOf(exchange.site()));
      if (origin != null) {
        origin.refund();
      }
      if (unused.getIfPresent(key) == null) {
        warm.put(key, appliedPurgeSeq.getAsLong());
      }
      return;
    }
    nodeBytes.charge(exchange.bytesWritten());
    if (exchange.stored()) {
      // Still marked unused: the earlier copy left the store before anyone asked for it.
      if (unused.asMap().put(key, Boolean.TRUE) != null) {
        count(exchange.site(), Outcome.WASTED);
      }
    } else if (exchange.phase() == CachePhase.ERROR || exchange.status() >= 500) {
      count(exchange.site(), Outcome.FAILED);
    } else {
      count(exchange.site(), Outcome.SKIPPED_UNCACHEABLE);
    }
  }

  private void noteUpstream(ObservedExchange exchange) {
    if (exchange.phase() == CachePhase.HIT) {
      return;
    }
    Health h = health.computeIfAbsent(exchange.site(), s -> new Health());
    synchronized (h) {
      if (exchange.phase() == CachePhase.ERROR || exchange.status() >= 500) {
        h.lastErrorMillis = clock.millis();
      }
      if (exchange.upstreamMillis() >= 0) {
        h.meanMillis += EWMA_ALPHA * (exchange.upstreamMillis() - h.meanMillis);
      }
    }
  }

  private boolean upstreamHealthy(String site) {
    Health h = health.get(site);
    if (h == null) {
      return true;
    }
    synchronized (h) {
      return clock.millis() - h.lastErrorMillis >= options.errorPauseMillis()
          && h.meanMillis <= options.slowUpstreamMillis();
    }
  }

  private void count(String site, Outcome outcome) {
    counter(site, outcome).increment();
  }

  private Counter counter(String site, Outcome outcome) {
    return counters.computeIfAbsent(site, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, o -> Counter.builder("cdn.prefetch")
            .description("Prefetches by what became of them")
            .tags("pop", pop, "site", site, "outcome", o.wireName())
            .register(registry));
  }

  /** How many prefetches of {@code site} ended as {@code outcome} (for tests and benches). */
  public long count(String site, String outcome) {
    Map<Outcome, Counter> bySite = counters.get(site);
    if (bySite == null) {
      return 0;
    }
    return bySite.entrySet().stream().filter(e -> e.getKey().wireName().equals(outcome))
        .mapToLong(e -> (long) e.getValue().count()).sum();
  }

  private static String key(String site, String uri) {
    return site + " " + uri;
  }

  private static String siteOf(String key) {
    return key.substring(0, key.indexOf(' '));
  }

  private static String orDefault(String value, String otherwise) {
    return value == null ? otherwise : value;
  }
}
