package org.edgecdn.http.forward;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.edgecdn.cache.CacheSettings;
import org.edgecdn.cache.CacheSetup;
import org.edgecdn.cache.HttpCache;
import org.edgecdn.cache.collapse.Collapser;
import org.edgecdn.cache.policy.Invalidation;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.node.DirectAnswers;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.http.status.CachePhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of a node: admit, look up, forward, answer. Edge and shield share it and
 * differ only in their {@link UpstreamRoute} and {@link ForwardingPolicy}.
 *
 * <h2>Admission</h2>
 * A request needs a Host that a site claims (DESIGN §4 step 1); otherwise 400 or 421 is answered
 * here and nothing is forwarded. Oversized request lines and headers are refused by the server
 * (414, 431) before they reach this handler.
 *
 * <h2>Caching</h2>
 * GET and HEAD go through the node's cache ({@link CachedPath}): a hit is answered from memory
 * without touching an upstream. Other methods are forwarded; a 2xx/3xx answer to an unsafe one
 * invalidates the target and its {@code Location}/{@code Content-Location} (RFC 9111 §4.4).
 *
 * <h2>Forwarding</h2>
 * Every method is forwarded with its body, streamed with back-pressure. Connection-specific
 * headers are dropped (RFC 9110 §7.6.1) and the network's own forwarding headers replace the
 * client's ({@link ForwardingHeaders}); headers that could change a shared response without
 * being in its key are never forwarded. The upstream receives the Host the client asked for.
 *
 * <h2>Failures</h2>
 * A failure to connect moves on to the next upstream of the plan; any later failure cannot be
 * retried (the body may be consumed, the origin may have acted), so the client gets 502 or 504
 * with the reason in the body and in {@code Cache-Status}, or a stale copy when
 * {@code stale-if-error} allows. A failure in the middle of a response resets the client's
 * connection, so no cache downstream mistakes a truncated body for a whole one.
 *
 * <h2>Upgrades</h2>
 * A WebSocket upgrade is forwarded as such; on 101 both connections become one byte tunnel,
 * piped both ways with back-pressure.
 */
public final class ForwardingHandler implements Handler<HttpServerRequest>, DirectAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingHandler.class);

  /**
   * The purge sequence an edge had applied when it sent a fill: the shield must not answer it
   * from a cache that has applied less (no stale refill, DESIGN §5). Internal: a client's value
   * is dropped.
   */
  static final String PURGE_SEQ_HEADER = "edgecdn-purge-seq";

  /**
   * Set by an edge's background refresh (stale-while-revalidate): the shield must answer with
   * a fresh response, not its own stale one. Internal, as the above.
   */
  static final String FRESH_ONLY_HEADER = "edgecdn-fresh-only";

  /** Request fields a node sets itself and never copies from a trusted peer. */
  private static final Set<String> SKIP_FROM_PEER = Set.of("host", "expect", PURGE_SEQ_HEADER,
      FRESH_ONLY_HEADER);

  /**
   * ... and from a client, which may not set the forwarding headers, nor the URL- and
   * method-override headers some frameworks honour (a classic cache-poisoning vector: the
   * response would change without the key changing).
   */
  private static final Set<String> SKIP_FROM_CLIENT = union(union(SKIP_FROM_PEER,
      ForwardingHeaders.CLIENT_MAY_NOT_SET),
      Set.of("x-original-url", "x-rewrite-url", "x-http-method-override", "x-method-override",
          "x-http-method", PURGE_SEQ_HEADER, FRESH_ONLY_HEADER));

  final HttpClient client;
  final UpstreamRoute route;
  final ForwardingPolicy policy;
  final NodeMetrics metrics;
  final AccessLog accessLog;
  final String cacheName;
  /** This node's {@code Via} member (RFC 9110 §7.6.3), the same on every answer. */
  final String ownVia;
  /** The fields of plain hits, built once per entry and second. */
  final HitHeads hitHeads = new HitHeads();
  final SiteRouter sites;
  private final Optional<HttpCache<FlightOutcome>> cache;
  /** This node's plain hits, answered on the channel (empty without a cache). */
  private final Optional<DirectHits> directHits;
  /**
   * Per site, the request fields not forwarded, built once: building a {@link FieldNames} per
   * request cost a miss about a sixth of the edge's event-loop time (JFR).
   */
  private final Map<String, FieldNames> skipFromClient = new ConcurrentHashMap<>();
  private final Map<String, FieldNames> skipFromPeer = new ConcurrentHashMap<>();
  private final Optional<BiConsumer<HttpServerRequest, Site>> purgeMethod;
  /** Handlers that take over whole kinds of request (LLM answers); usually none. */
  final List<RouteHandler> routes = new CopyOnWriteArrayList<>();
  volatile ExchangeObserver observer = ExchangeObserver.NONE;

  /**
   * @param sites the sites this node serves (their domains admit requests, their cache
   *     settings key and cache them)
   * @param cache the node's cache, or empty to forward everything
   * @param purgeMethod answers {@code PURGE} requests (an edge's), or empty to forward them
   */
  public ForwardingHandler(HttpClient client, List<Site> sites, UpstreamRoute route,
      ForwardingPolicy policy, NodeMetrics metrics, AccessLog accessLog,
      Optional<CacheSetup> cache, Optional<BiConsumer<HttpServerRequest, Site>> purgeMethod) {
    this.purgeMethod = purgeMethod;
    this.client = client;
    this.sites = new SiteRouter(sites);
    this.route = route;
    this.policy = policy;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.cacheName = policy.node().cacheName();
    this.ownVia = "1.1 " + cacheName + " (edgecdn)";
    Map<String, CacheSettings> settings = new HashMap<>();
    sites.forEach(site -> settings.put(site.name(), site.cache()));
    this.cache = cache.map(setup ->
        new HttpCache<>(setup.store(), setup.options(), setup.clock(), setup.generations(),
            settings));
    this.directHits = this.cache.map(c -> new DirectHits(this, c));
  }

  @Override
  public Answer answer(io.netty.handler.codec.http.HttpRequest request, String clientAddress,
      long arrivedNanos) {
    return directHits.isPresent() ? directHits.get().answer(request, clientAddress, arrivedNanos)
        : null;
  }

  /**
   * Lets {@code route} take over the requests it {@link RouteHandler#handles handles}, after
   * admission and before the cache path.
   */
  public void addRoute(RouteHandler route) {
    routes.add(route);
  }

  /** Sets the hook that hears of every GET/HEAD this node answers (the edge's prefetcher). */
  public void observe(ExchangeObserver observer) {
    this.observer = observer;
  }

  /**
   * Registers {@code cdn_cache_fills_in_flight}: fetches for the cache under way (fills,
   * revalidations, refreshes in the background), one per key, since requests for a key being
   * fetched wait on that fetch.
   */
  public void bindTo(MeterRegistry registry, Tags tags) {
    cache.ifPresent(c -> Gauge.builder("cdn.cache.fills.in.flight", c.collapser(),
            Collapser::inFlight)
        .description("Fetches for the cache under way (fills, revalidations, background "
            + "refreshes), one per key")
        .tags(tags).register(registry));
  }

  /** The node's site routing; custom domains onboarded at run time are set here. */
  public SiteRouter siteRouter() {
    return sites;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(this, request);
    Optional<String> malformed = RequestSyntax.problem(request);
    if (malformed.isPresent()) {
      exchange.refuseAndClose(400, "malformed-request", malformed.get());
      return;
    }
    // HTTP/1.x: the Host field as sent, its admission remembered per value (SiteRouter);
    // HTTP/2: the :authority (or Host) the stream has parsed already.
    Optional<SiteRouter.Admission> admission = request.version() == HttpVersion.HTTP_2
        ? sites.admitAuthority(request.authority())
        : sites.admit(request.getHeader(HttpHeaders.HOST));
    if (admission.isEmpty()) {
      exchange.refuse(400, "missing-host", "the request has no Host header");
      return;
    }
    String host = admission.get().host();
    if (request.uri().charAt(0) != '/') {
      Optional<String> target = RequestSyntax.absoluteFormHost(request.uri());
      if (target.isPresent() && !target.get().equals(host)) {
        // The upstream would go by the target's host (RFC 9112 §3.2.2), the edge by Host.
        exchange.refuse(400, "host-mismatch", "the request target names host "
            + target.get() + " but its Host field " + host);
        return;
      }
    }
    Optional<Site> site = admission.get().site();
    if (site.isEmpty()) {
      exchange.refuse(421, "unknown-host", "no site of this network serves host " + host);
      return;
    }
    exchange.site = site.get();
    exchange.host = host;
    if (request.method() == HttpMethod.TRACE) {
      // A TRACE would echo the client's cookies and credentials back through the network
      // (cross-site tracing); CDNs and nginx refuse it.
      exchange.response.putHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      exchange.refuse(405, "method-not-allowed", "TRACE is not served");
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      // RFC 9110 §10.1.1: an expectation the server cannot meet gets 417; forwarding it would
      // let the origin answer for the network.
      exchange.refuse(417, "expectation-failed", "the only expectation served is 100-continue");
      return;
    }
    exchange.trusted = policy.trustedPeers().contains(exchange.clientAddress);
    if (exchange.trusted && ForwardingHeaders.loops(request.getHeader("Via"), cacheName)) {
      exchange.refuse(508, "loop", "the request passed through " + cacheName + " before");
      return;
    }
    HttpMethod method = request.method();
    if (purgeMethod.isPresent() && method.name().equals("PURGE")) {
      exchange.phase = CachePhase.PURGE;
      purgeMethod.get().accept(request, exchange.site);
      return;
    }
    String path = request.uri().charAt(0) == '/' ? RequestSyntax.path(request.uri())
        : request.path();
    for (RouteHandler route : routes) {
      if (route.handles(exchange.site, method, path)) {
        route.handle(new RoutedRequest(exchange));
        return;
      }
    }
    if (request.canUpgradeToWebSocket()) {
      exchange.phase = CachePhase.TUNNEL;
      exchange.member.forwarded("bypass").detail("upgrade");
      tunnel(exchange);
    } else if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      if (method == HttpMethod.GET && observer != ExchangeObserver.NONE) {
        exchange.sendEarlyHints();
      }
      if (cache.isPresent()) {
        CachedPath.handle(exchange, cache.get());
      } else {
        exchange.phase = CachePhase.BYPASS;
        exchange.member.forwarded("bypass");
        exchange.passThrough();
      }
    } else {
      exchange.phase = CachePhase.METHOD;
      exchange.member.forwarded("method");
      if (hasBody(request)) {
        // Hold the body until an upstream connection exists; the pipe resumes it.
        request.pause();
      }
      forwardUnsafe(exchange);
    }
  }

  /** Forwards a non-GET/HEAD request; a success invalidates what it changed. */
  private void forwardUnsafe(Exchange exchange) {
    exchange.fetch(0, exchange.request.method(), Exchange.Body.FORWARD, Exchange.RequestShaper.NONE,
        (upstreamRequest, upstreamResponse) -> {
          cache.ifPresent(c -> invalidateAfterUnsafe(c, exchange,
              upstreamResponse.statusCode(), upstreamResponse.headers()));
          exchange.clientBoundUpstream = upstreamRequest;
          exchange.relay(upstreamRequest, upstreamResponse);
        }, exchange::fail);
  }

  private static void invalidateAfterUnsafe(HttpCache<FlightOutcome> cache, Exchange exchange,
      int status, MultiMap responseHeaders) {
    List<String> targets = Invalidation.targets(exchange.request.method().name(), status,
        exchange.request.uri(), responseHeaders, exchange.host);
    HttpCache.SiteCache siteCache = cache.site(exchange.site.name());
    String scheme = exchange.request.scheme() == null ? "http" : exchange.request.scheme();
    for (String target : targets) {
      siteCache.keyOf(exchange.site.name(), scheme, exchange.host, target)
          .ifPresent(cache.store()::invalidate);
    }
  }

  /** A WebSocket (or other) upgrade: on 101 the two connections become one tunnel. */
  private void tunnel(Exchange exchange) {
    HttpServerRequest request = exchange.request;
    exchange.fetch(0, request.method(), Exchange.Body.UPGRADE, (headers, upstream) -> {
      headers.set("Connection", "Upgrade");
      headers.set("Upgrade", request.getHeader("Upgrade"));
    }, (upstreamRequest, upstreamResponse) -> {
      exchange.member.fwdStatus(upstreamResponse.statusCode());
      if (upstreamResponse.statusCode() != 101) {
        exchange.relay(upstreamRequest, upstreamResponse);
        return;
      }
      exchange.writeHead(101, null, upstreamResponse.headers());
      exchange.response.headers()
          .set("Connection", "Upgrade")
          .set("Upgrade", upstreamResponse.getHeader("Upgrade"));
      NetSocket upstreamSocket = upstreamResponse.netSocket();
      if (exchange.response.closed()) {
        upstreamSocket.close();
        return;
      }
      Future<NetSocket> clientSide;
      try {
        clientSide = request.toNetSocket();
      } catch (RuntimeException e) {
        // Vert.x throws (instead of failing the future) when the client connection's HTTP
        // decoder is already gone, e.g. the connection closed meanwhile: close both sides
        // rather than leave them half-open.
        LOG.warn("{} site {}: tunnel could not take over the client connection: {}",
            cacheName, exchange.site.name(), e.toString());
        upstreamSocket.close();
        exchange.response.reset();
        return;
      }
      clientSide
          .onSuccess(clientSocket -> {
            // Counted and logged once the tunnel closes: no response end comes for it.
            exchange.tunnelled = true;
            clientSocket.closeHandler(closed -> exchange.finish());
            // pipeTo ends the other side when one side ends: closing either closes both.
            clientSocket.pipeTo(upstreamSocket);
            upstreamSocket.pipeTo(clientSocket);
          })
          .onFailure(error -> {
            LOG.debug("{} site {}: tunnel failed: {}", cacheName, exchange.site.name(),
                error.toString());
            upstreamSocket.close();
          });
    }, exchange::fail);
  }

  /** Request fields not copied upstream for {@code site}. */
  FieldNames skippedRequestHeaders(boolean trusted, Site site) {
    Map<String, FieldNames> bySite = trusted ? skipFromPeer : skipFromClient;
    FieldNames known = bySite.get(site.name());
    if (known != null) {
      return known;
    }
    return bySite.computeIfAbsent(site.name(), name -> {
      Set<String> base = trusted ? SKIP_FROM_PEER : SKIP_FROM_CLIENT;
      Set<String> unkeyed = new HashSet<>();
      cache.ifPresent(c -> c.site(name).settings().unkeyedHeaders()
          .forEach(h -> unkeyed.add(h.toLowerCase(Locale.ROOT))));
      return FieldNames.of(union(base, unkeyed));
    });
  }

  static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeader("Transfer-Encoding") != null;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    HashSet<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
