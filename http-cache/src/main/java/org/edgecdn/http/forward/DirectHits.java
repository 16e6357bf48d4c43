package org.edgecdn.http.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.edgecdn.cache.HttpCache;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.key.KeyNormalizer;
import org.edgecdn.cache.policy.Age;
import org.edgecdn.cache.policy.RequestDirectives;
import org.edgecdn.cache.policy.Serveability;
import org.edgecdn.cache.policy.SitePolicy;
import org.edgecdn.cache.policy.Verdict;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.cache.store.Variants;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLogEntry;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.node.DirectAnswers;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.http.status.CacheStatusMember;
import org.edgecdn.purge.PurgeGenerations;

/**
 * A node's plain fresh hits, answered on the client's channel without Vert.x's request and
 * response objects (docs/performance.md: a bare Netty server answers a small hit for about
 * 60% of the CPU a bare Vert.x server takes on this machine, the edge about 20% more than the
 * latter).
 *
 * <p>What is answered here is exactly what {@link ForwardingHandler} and {@link CachedPath}
 * would answer as a plain hit (Cache-Status {@code hit} with a ttl), with the same fields,
 * bytes, metrics, access log line and observer calls: an HTTP/1.1 GET or HEAD with an
 * origin-form target and one Host that a site claims, from a client that is not a trusted peer,
 * not for a route (LLM answers, speculation rules), not a prefetch, without a body, an
 * expectation, an upgrade, a range, {@code If-Match} or {@code If-Unmodified-Since}, whose
 * stored variant is fresh for the request's own directives, not purged and trusted (the node
 * is not catching up on purges). The fields come from {@link HitHeads}, whose slot also holds
 * them rendered. A browser's revalidation ({@code If-None-Match}, {@code If-Modified-Since})
 * that matches gets the 304 {@code StoredResponseWriter} would write, kept by {@link HitHeads}
 * beside the hit's head.
 *
 * <p>Anything else is declined before the cache is touched, and the request goes to Vert.x
 * as before. The lookup that decides is a quiet one ({@code peek}); only once the answer is
 * known does the hit's own lookup ({@code get}) count the demand, as the Vert.x path's would,
 * and move a prefetched page into the main cache. If another event loop replaced the entry
 * between the two, the request is declined after all and counted twice, a race of
 * microseconds.
 */
public final class DirectHits implements DirectAnswers {

  private static final CharSequence HOST = HttpHeaders.createOptimized("Host");
  private static final CharSequence CONNECTION = HttpHeaders.createOptimized("Connection");

  /** Fields that send a request to the Vert.x path, whose writer or handler answers them. */
  private static final List<CharSequence> NOT_HERE = List.of(
      HttpHeaders.createOptimized("Content-Length"),
      HttpHeaders.createOptimized("Transfer-Encoding"),
      HttpHeaders.createOptimized("Expect"),
      HttpHeaders.createOptimized("Upgrade"),
      HttpHeaders.createOptimized("Range"),
      HttpHeaders.createOptimized("If-Range"),
      HttpHeaders.createOptimized("If-Match"),
      HttpHeaders.createOptimized("If-Unmodified-Since"));

  /** A power of two, as {@link HitHeads}'s slots. */
  private static final int TARGET_SLOTS = 4096;

  private final ForwardingHandler node;
  private final HttpCache<FlightOutcome> cache;
  private final Target[] targets = new Target[TARGET_SLOTS];

  DirectHits(ForwardingHandler node, HttpCache<FlightOutcome> cache) {
    this.node = node;
    this.cache = cache;
  }

  @Override
  public Answer answer(HttpRequest request, String clientAddress, long arrivedNanos) {
    HttpMethod method;
    if (request.method() == io.netty.handler.codec.http.HttpMethod.GET) {
      method = HttpMethod.GET;
    } else if (request.method() == io.netty.handler.codec.http.HttpMethod.HEAD) {
      method = HttpMethod.HEAD;
    } else {
      return null;
    }
    String uri = request.uri();
    if (request.protocolVersion() != HttpVersion.HTTP_1_1
        || !(request.headers() instanceof MultiMap headers)
        || uri.isEmpty() || uri.charAt(0) != '/' || !RequestSyntax.plainTarget(uri)) {
      return null;
    }
    for (CharSequence name : NOT_HERE) {
      if (headers.contains(name)) {
        return null;
      }
    }
    if (headers.contains(CONNECTION)) {
      // Vert.x reads every Connection field (a close in any keeps the connection from being
      // reused); only a lone keep-alive leaves the answer as it is.
      List<String> connection = headers.getAll(CONNECTION);
      if (connection.size() != 1 || !connection.get(0).trim().equalsIgnoreCase("keep-alive")) {
        return null;
      }
    }
    List<String> hosts = headers.getAll(HOST);
    if (hosts.size() != 1) {
      return null;
    }
    Optional<SiteRouter.Admission> admission = node.sites.admit(hosts.get(0));
    if (admission.isEmpty() || admission.get().site().isEmpty()
        || node.policy.trustedPeers().contains(clientAddress)) {
      return null;
    }
    Site site = admission.get().site().get();
    String host = admission.get().host();
    String path = RequestSyntax.path(uri);
    for (RouteHandler route : node.routes) {
      if (route.handles(site, method, path)) {
        return null;
      }
    }
    if (PrefetchMarkers.isPrefetch(headers) || cache.generations().distrustCache()) {
      return null;
    }
    Target target = target(site, host, uri);
    if (target == null) {
      return null;
    }
    CacheKey key = target.keyed.key();
    Variants variants = cache.store().peek(key);
    StoredResponse entry = variants == null ? null : CachedPath.variant(variants, headers);
    if (entry == null || entry.headers().isMutable()
        || cache.generations().check(key.site(), host, key.target(), entry.tags(),
            entry.purgeSeq()) != PurgeGenerations.Coverage.VALID) {
      return null;
    }
    long age = Age.currentAgeSeconds(entry.initialAgeSeconds(), entry.responseTimeMillis(),
        cache.clock().millis());
    Verdict verdict = Serveability.evaluate(entry.freshness(), age,
        RequestDirectives.of(headers), target.policy);
    if (!(verdict instanceof Verdict.Fresh fresh) || cache.store().get(key) != variants) {
      return null;
    }
    // A browser's revalidation of what it holds.
    boolean notModified = StoredResponseWriter.notModified(headers, entry);
    return new Hit(target, method, clientAddress, headers, entry, age,
        new CacheStatusMember(node.cacheName).hit(fresh.ttlSeconds()), notModified,
        arrivedNanos);
  }

  /**
   * What a request target of a site keys to, with what goes with it: built by the same
   * normalizer and rules as {@link CachedPath}, once per target in {@link #targets}.
   */
  private static final class Target {
    private final Site site;
    private final String host;
    private final String uri;
    private final KeyNormalizer.Keyed keyed;
    private final SitePolicy policy;
    /**
     * The site's hit meters by status class (index: status / 100, for three-digit statuses),
     * each looked up at the first hit answered with that class, not before: a target declined
     * (a miss) must not make hit series appear. Loops racing look up the same meters.
     */
    private final NodeMetrics.RequestMeters[] hitMeters = new NodeMetrics.RequestMeters[10];

    Target(Site site, String host, String uri, KeyNormalizer.Keyed keyed, SitePolicy policy) {
      this.site = site;
      this.host = host;
      this.uri = uri;
      this.keyed = keyed;
      this.policy = policy;
    }
  }

  /**
   * The target of {@code uri} at {@code host} of {@code site}, or null when the cache path would
   * not look it up (malformed, or a pass rule). Normalizing a target, matching the site's path
   * rules and finding the meters were about a tenth of a direct hit (JFR), and a node's hot
   * targets are few: a direct-mapped table keeps the last target per slot. Slots are immutable
   * and replaced whole, so event loops share the table without a lock, as {@link HitHeads}.
   * Everything kept depends only on the site's configuration, fixed for the node's life.
   */
  private Target target(Site site, String host, String uri) {
    int index = (31 * host.hashCode() + uri.hashCode()) & (TARGET_SLOTS - 1);
    Target known = targets[index];
    if (known != null && known.site == site && known.uri.equals(uri)
        && known.host.equals(host)) {
      return known;
    }
    HttpCache.SiteCache siteCache = cache.site(site.name());
    Optional<KeyNormalizer.Keyed> keyed = siteCache.keyed(site.name(), "http", host, uri);
    if (keyed.isEmpty() || keyed.get().rule().pass()) {
      return null;
    }
    Target built = new Target(site, host, uri, keyed.get(),
        siteCache.policy(keyed.get().rule()));
    targets[index] = built;
    return built;
  }

  /** One plain hit: its bytes, and its accounting once written. */
  private final class Hit implements Answer {
    private final Target target;
    private final HttpMethod method;
    private final String clientAddress;
    private final MultiMap requestHeaders;
    private final StoredResponse entry;
    private final CacheStatusMember member;
    /** The answer's status: the stored one, or 304 to a matching validator. */
    private final int status;
    private final long arrivedNanos;
    private final ByteBuf head;
    /** The body to write after the head; null for a HEAD, or when the head holds it. */
    private final ByteBuf body;

    Hit(Target target, HttpMethod method, String clientAddress, MultiMap requestHeaders,
        StoredResponse entry, long age, CacheStatusMember member, boolean notModified,
        long arrivedNanos) {
      this.target = target;
      this.method = method;
      this.clientAddress = clientAddress;
      this.requestHeaders = requestHeaders;
      this.entry = entry;
      this.member = member;
      this.status = notModified ? 304 : entry.status();
      this.arrivedNanos = arrivedNanos;
      HitHeads.Head hitHead = StoredResponseWriter.keptHead(node, entry, age, member,
          notModified);
      ByteBuf withFields = withObserverFields(hitHead);
      if (notModified) {
        this.head = withFields == null ? hitHead.http1().duplicate() : withFields;
        this.body = null;
        return;
      }
      if (withFields == null && method == HttpMethod.GET && hitHead.whole() != null) {
        this.head = hitHead.whole().duplicate();
        this.body = null;
      } else {
        this.head = withFields == null ? hitHead.http1().duplicate() : withFields;
        this.body = method == HttpMethod.HEAD ? null
            : ((BufferInternal) entry.body()).getByteBuf();
      }
    }

    /**
     * When the node's observer adds fields to this answer (the prefetcher's {@code Link} hints
     * on a page), the head with them, rendered anew; else null.
     */
    private ByteBuf withObserverFields(HitHeads.Head hitHead) {
      MultiMap added = observerFields();
      if (added == null) {
        return null;
      }
      MultiMap fields = HeadersMultiMap.httpHeaders().setAll(hitHead.fields()).addAll(added);
      // Rendered per request, for pages only: on the heap, as Vert.x renders its own.
      return Unpooled.wrappedBuffer(HitHeads.render(status, fields));
    }

    /** The fields the node's observer adds to this answer, or null for none. */
    private MultiMap observerFields() {
      if (node.observer == ExchangeObserver.NONE) {
        return null;
      }
      MultiMap added = node.observer.beforeHead(observation(0));
      return added == null || added.isEmpty() ? null : added;
    }

    @Override
    public ByteBuf head() {
      return head;
    }

    @Override
    public ByteBuf body() {
      return body;
    }

    @Override
    public void written() {
      long now = System.nanoTime();
      long sent = status == 304 || method == HttpMethod.HEAD ? 0 : entry.body().length();
      int statusClass = status / 100;
      if (statusClass < target.hitMeters.length) {
        NodeMetrics.RequestMeters meters = target.hitMeters[statusClass];
        if (meters == null) {
          meters = node.metrics.meters(target.site.name(), CachePhase.HIT, status);
          target.hitMeters[statusClass] = meters;
        }
        meters.record(now - arrivedNanos, sent);
      } else {
        node.metrics.request(target.site.name(), CachePhase.HIT, status, now - arrivedNanos,
            sent);
      }
      if (node.accessLog.enabled()) {
        node.accessLog.record(new AccessLogEntry(Instant.now(), node.cacheName, clientAddress,
            target.site.name(), method.name(), target.uri, status, sent,
            member.toString(), -1, (now - arrivedNanos) / 1_000_000));
      }
      if (node.observer != ExchangeObserver.NONE) {
        node.observer.finished(observation(sent));
      }
    }

    private ObservedExchange observation(long bytesWritten) {
      return new ObservedExchange(target.site.name(), target.host, method.name(),
          target.uri, clientAddress, requestHeaders, false, status, CachePhase.HIT,
          false, -1, bytesWritten);
    }
  }
}
