package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.cache.HttpCache;
import org.edgecdn.cache.collapse.Collapser;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.key.KeyNormalizer;
import org.edgecdn.cache.key.VaryKey;
import org.edgecdn.cache.policy.Age;
import org.edgecdn.cache.policy.HttpDates;
import org.edgecdn.cache.policy.RequestDirectives;
import org.edgecdn.cache.policy.Revalidation;
import org.edgecdn.cache.policy.Serveability;
import org.edgecdn.cache.policy.SitePolicy;
import org.edgecdn.cache.policy.Storability;
import org.edgecdn.cache.policy.StoreDecision;
import org.edgecdn.cache.policy.Verdict;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.cache.store.Variants;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.purge.PurgeGenerations;

/**
 * The cache's part of the request path for GET and HEAD (DESIGN §4 steps 2-7).
 *
 * <h2>1. Lookup</h2>
 * Key the request (site, normalized URL, the site's rule), find the variants stored under it
 * and pick the one the request's {@code Vary}-selected headers name (RFC 9111 §4.1).
 *
 * <h2>2. Decide</h2>
 * {@link Serveability} says, from the entry's freshness and age and the request's directives:
 * fresh (serve), stale but servable (client's {@code max-stale}; or
 * {@code stale-while-revalidate}, serve and refresh once in the background), or revalidate
 * upstream with the stored validators (RFC 9111 §4.3.1).
 *
 * <h2>3. Fetch, collapsed</h2>
 * A miss or a revalidation joins the key's in-flight fetch ({@link Collapser}): one upstream
 * request per key per node. The leader streams the response to its client while buffering it
 * for the store (up to the per-object limit) and publishes the outcome: stored (waiters read
 * the store), uncacheable (waiters fetch for themselves, in parallel, and the key is marked
 * hit-for-pass for a while), failed (waiters answer the same error, or their stale copy when
 * {@code stale-if-error} allows). Client preconditions and ranges are removed upstream and
 * answered here from the complete response.
 *
 * <h2>4. Store</h2>
 * {@link Storability} decides; a body is stored only if it arrived whole (the length matched
 * and the connection did not break). A 304 to a revalidation refreshes the stored headers and
 * freshness (RFC 9111 §4.3.4); a 5xx or a failed connection serves the stale copy when
 * {@code stale-if-error} allows (RFC 5861 §4).
 */
final class CachedPath {

  /**
   * Client fields the cache answers itself from the complete stored response, and so removes
   * from a fill (RFC 9111 §4.3.2). If-Match and If-Unmodified-Since stay: they ask the origin
   * about a state change and only it can answer 412.
   */
  private static final List<String> CLIENT_PRECONDITIONS = List.of("if-none-match",
      "if-modified-since", "if-range", "range");

  /** Storability refusals that concern the request, not the resource. */
  private static final Set<String> REQUEST_REASONS = Set.of("request-no-store", "authorization");

  private final Exchange exchange;
  private final HttpCache<FlightOutcome> cache;
  private final HttpCache.SiteCache siteCache;
  private final CacheKey key;
  /** The key's normalized target ({@link CacheKey#target()}), computed once per request. */
  private final String target;
  private final SitePolicy sitePolicy;
  private final RequestDirectives directives;

  private CachedPath(Exchange exchange, HttpCache<FlightOutcome> cache,
      HttpCache.SiteCache siteCache, KeyNormalizer.Keyed keyed, String target) {
    this.exchange = exchange;
    this.cache = cache;
    this.siteCache = siteCache;
    this.key = keyed.key();
    this.target = target;
    this.sitePolicy = siteCache.policy(keyed.rule());
    this.directives = RequestDirectives.of(exchange.request.headers());
  }

  /** Serves {@code exchange} (a GET or HEAD) through {@code cache}. */
  static void handle(Exchange exchange, HttpCache<FlightOutcome> cache) {
    HttpCache.SiteCache siteCache = cache.site(exchange.site.name());
    String scheme = exchange.request.scheme() == null ? "http" : exchange.request.scheme();
    Optional<KeyNormalizer.Keyed> keyed = siteCache.keyed(exchange.site.name(), scheme,
        exchange.host, exchange.request.uri());
    if (keyed.isEmpty()) {
      bypass(exchange, "malformed-target");
      return;
    }
    if (keyed.get().rule().pass()) {
      bypass(exchange, "pass");
      return;
    }
    // Every spelling of one key asks the same question of the same shield (see Exchange.plan).
    String target = keyed.get().key().target();
    exchange.upstreamUri = target;
    new CachedPath(exchange, cache, siteCache, keyed.get(), target).lookup();
  }

  private static void bypass(Exchange exchange, String detail) {
    exchange.phase = CachePhase.BYPASS;
    exchange.member.forwarded("bypass").detail(detail);
    exchange.passThrough();
  }

  private boolean isHead() {
    return exchange.request.method() == HttpMethod.HEAD;
  }

  private long now() {
    return cache.clock().millis();
  }

  private void lookup() {
    // A prefetch's lookup must not count as demand: it would move a prefetched page it finds
    // into the main cache, and a miss would look like a visitor wanting the page.
    Variants variants = exchange.prefetch ? cache.store().peek(key)
        : cache.store().get(key);
    StoredResponse entry = variants == null ? null
        : variant(variants, exchange.request.headers());
    PurgeGenerations.Coverage coverage = entry == null ? null : coverage(entry);
    if (coverage == PurgeGenerations.Coverage.HARD_PURGED) {
      // Purged: as if it were not there. The fill below replaces it.
      entry = null;
      exchange.member.detail("purged");
    }
    if (entry != null) {
      long age = Age.currentAgeSeconds(entry.initialAgeSeconds(), entry.responseTimeMillis(),
          now());
      Verdict verdict = Serveability.evaluate(entry.freshness(), age, directives, sitePolicy);
      if (coverage == PurgeGenerations.Coverage.SOFT_PURGED) {
        verdict = new Verdict.Revalidate("soft-purged");
      } else if (mustDistrust()) {
        verdict = new Verdict.Revalidate("distrust");
      } else if ((verdict instanceof Verdict.StaleWhileRevalidate
          || verdict instanceof Verdict.ClientAcceptsStale) && freshOnly()) {
        verdict = new Verdict.Revalidate("fresh-only");
      }
      if (verdict instanceof Verdict.Fresh fresh) {
        serveHit(entry, age, fresh.ttlSeconds());
      } else if (verdict instanceof Verdict.ClientAcceptsStale stale) {
        serveHit(entry, age, -stale.staleBySeconds());
      } else if (verdict instanceof Verdict.StaleWhileRevalidate stale) {
        serveHit(entry, age, -stale.staleBySeconds());
        exchange.phase = CachePhase.UPDATING;
        refreshInBackground(entry);
      } else if (directives.onlyIfCached()) {
        onlyIfCachedMiss();
      } else {
        Verdict.Revalidate revalidate = (Verdict.Revalidate) verdict;
        exchange.phase = CachePhase.STALE;
        exchange.member.forwarded(revalidate.why().startsWith("request") ? "request" : "stale");
        collapse(entry);
      }
      return;
    }
    if (directives.onlyIfCached()) {
      onlyIfCachedMiss();
      return;
    }
    exchange.phase = CachePhase.MISS;
    exchange.member.forwarded(variants == null || coverage != null ? "uri-miss" : "vary-miss");
    if (isHead()) {
      // A HEAD miss is forwarded as HEAD: filling the cache would cost a whole GET body.
      exchange.passThrough();
      return;
    }
    if (cache.isHitForPass(key)) {
      exchange.phase = CachePhase.PASS;
      exchange.member.detail("hit-for-pass");
      fill(null, null);
      return;
    }
    collapse(null);
  }

  /**
   * Whether an edge's background refresh asked this node (a shield) for a fresh answer: its
   * own stale copy, which stale-while-revalidate would allow, would only be stored below as
   * the refresh. Honoured from a trusted peer only.
   */
  private boolean freshOnly() {
    return exchange.trusted
        && exchange.request.getHeader(ForwardingHandler.FRESH_ONLY_HEADER) != null;
  }

  private PurgeGenerations.Coverage coverage(StoredResponse entry) {
    return cache.generations().check(key.site(), exchange.host, target, entry.tags(),
        entry.purgeSeq());
  }

  /**
   * Whether this request may not be answered from this node's cache without revalidating: the
   * node is cut off or catching up, or (at a shield) the edge asking has applied purges this
   * node has not (no stale refill, DESIGN §5).
   */
  private boolean mustDistrust() {
    if (cache.generations().distrustCache()) {
      return true;
    }
    if (!exchange.trusted) {
      return false;
    }
    String required = exchange.request.getHeader(ForwardingHandler.PURGE_SEQ_HEADER);
    if (required == null) {
      return false;
    }
    try {
      return Long.parseLong(required.trim()) > cache.generations().appliedSeq();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void serveHit(StoredResponse entry, long age, long ttl) {
    exchange.phase = CachePhase.HIT;
    exchange.member.hit(ttl);
    StoredResponseWriter.write(exchange, entry, age);
  }

  /** RFC 9111 §5.2.1.7: only-if-cached and nothing usable stored is 504. */
  private void onlyIfCachedMiss() {
    exchange.phase = CachePhase.MISS;
    exchange.member.forwarded("miss").detail("only-if-cached");
    exchange.answerError(504, "nothing usable is stored and the request said only-if-cached");
  }

  /** Joins the key's in-flight fetch, or leads it. {@code stale} is the entry to revalidate. */
  private void collapse(StoredResponse stale) {
    Collapser.Ticket<CacheKey, FlightOutcome> ticket = cache.collapser().lead(key);
    if (ticket instanceof Collapser.Leader<CacheKey, FlightOutcome> leader) {
      fill(leader, stale);
      return;
    }
    exchange.member.collapsed();
    ((Collapser.Waiter<CacheKey, FlightOutcome>) ticket).outcome().onComplete(done -> {
      FlightOutcome outcome = done.result();
      if (outcome instanceof FlightOutcome.Stored) {
        StoredResponse fresh = currentEntry();
        if (fresh != null) {
          exchange.member.fwdStatus(fresh.status());
          StoredResponseWriter.write(exchange, fresh, Age.currentAgeSeconds(
              fresh.initialAgeSeconds(), fresh.responseTimeMillis(), now()));
          return;
        }
        // Stored under another variant than ours: fetch our own.
        fill(null, stale);
      } else if (outcome instanceof FlightOutcome.Failed failed
          && failed.failure().clientCaused()) {
        // The leader's own request was at fault, not the upstream: fetch for this one.
        fill(null, stale);
      } else if (outcome instanceof FlightOutcome.Failed failed) {
        if (!serveStaleOnError(stale, failed.failure().status())) {
          exchange.fail(failed.failure());
        }
      } else if (outcome instanceof FlightOutcome.UpstreamError error) {
        // The leader got a 5xx: serve our stale copy if we may rather than ask again.
        if (!serveStaleOnError(stale, error.status())) {
          fill(null, stale);
        }
      } else {
        fill(null, stale);
      }
    });
  }

  private StoredResponse currentEntry() {
    Variants variants = cache.store().get(key);
    return variants == null ? null : variant(variants, exchange.request.headers());
  }

  /** The variant stored under a key that a request with {@code requestHeaders} selects. */
  static StoredResponse variant(Variants variants, MultiMap requestHeaders) {
    return VaryKey.secondary(variants.varyFields(), requestHeaders).map(variants::get)
        .orElse(null);
  }

  /**
   * Fetches the object upstream for the client (and the store). {@code leader} is null when
   * not collapsed; {@code stale} is the entry being revalidated, or null.
   */
  private void fill(Collapser.Leader<CacheKey, FlightOutcome> leader, StoredResponse stale) {
    long requestTime = now();
    long fetchSeq = cache.generations().appliedSeq();
    // A hit-for-pass fill will most likely not be stored: the client's own range and
    // preconditions go to the origin, which answers them.
    boolean keepClientConditions = exchange.phase == CachePhase.PASS;
    exchange.fetch(0, HttpMethod.GET, Exchange.Body.NONE,
        (headers, upstream) -> shapeFill(headers, upstream, stale, fetchSeq,
            keepClientConditions),
        (upstreamRequest, upstreamResponse) -> onFillResponse(leader, stale, upstreamRequest,
            upstreamResponse, requestTime, fetchSeq),
        failure -> {
          finish(leader, new FlightOutcome.Failed(failure));
          if (!serveStaleOnError(stale, failure.status())) {
            exchange.fail(failure);
          }
        });
  }

  /**
   * A fill's request. To a shield it carries the purge sequence this node had applied (no stale
   * refill); fields between our tiers never go to an origin.
   */
  private static void shapeFill(MultiMap headers, Upstream upstream, StoredResponse stale,
      long fetchSeq, boolean keepClientConditions) {
    if (!keepClientConditions) {
      CLIENT_PRECONDITIONS.forEach(headers::remove);
    }
    if (upstream.kind() == Upstream.Kind.SHIELD) {
      headers.set(ForwardingHandler.PURGE_SEQ_HEADER, Long.toString(fetchSeq));
    }
    if (stale != null) {
      headers.addAll(Revalidation.conditionalHeaders(stale.headers()));
    }
  }

  /**
   * A refresh in the background is the cache's own request, not the client's: the client's
   * directives ({@code only-if-cached}, {@code max-stale}) stay out, and a shield above us must
   * answer with a fresh response, not serve its own stale copy by stale-while-revalidate,
   * which we would store as the refresh and serve stale again. (A foreground revalidation may
   * take the shield's younger stale copy, as stale-while-revalidate allows.)
   */
  private static void shapeRefresh(MultiMap headers, Upstream upstream, StoredResponse stale,
      long fetchSeq) {
    shapeFill(headers, upstream, stale, fetchSeq, false);
    headers.remove(HttpHeaders.CACHE_CONTROL);
    headers.remove("Pragma");
    if (upstream.kind() == Upstream.Kind.SHIELD) {
      headers.set(ForwardingHandler.FRESH_ONLY_HEADER, "1");
    }
  }

  private static void finish(Collapser.Leader<CacheKey, FlightOutcome> leader,
      FlightOutcome outcome) {
    if (leader != null) {
      leader.finish(outcome);
    }
  }

  private boolean serveStaleOnError(StoredResponse stale, int errorStatus) {
    if (stale == null || coverage(stale) == PurgeGenerations.Coverage.HARD_PURGED) {
      return false;
    }
    long age = Age.currentAgeSeconds(stale.initialAgeSeconds(), stale.responseTimeMillis(), now());
    if (!Serveability.staleIfErrorAllows(stale.freshness(), age, directives)) {
      return false;
    }
    exchange.phase = CachePhase.HIT;
    exchange.member.forwarded("stale").fwdStatus(errorStatus).detail("stale-if-error");
    StoredResponseWriter.write(exchange, stale, age);
    return true;
  }

  private void onFillResponse(Collapser.Leader<CacheKey, FlightOutcome> leader,
      StoredResponse stale, HttpClientRequest upstreamRequest, HttpClientResponse upstreamResponse,
      long requestTime, long fetchSeq) {
    long responseTime = now();
    int status = upstreamResponse.statusCode();
    exchange.member.fwdStatus(status);
    if (stale != null && status == 304) {
      upstreamResponse.body();
      if (!Revalidation.selectsStored(stale.headers(), upstreamResponse.headers())) {
        // The 304 names another version than ours (RFC 9111 §4.3.4): fetch it whole.
        fill(leader, null);
        return;
      }
      refresh(leader, stale, upstreamResponse.headers(), requestTime, responseTime, fetchSeq);
      return;
    }
    if (status >= 500 && stale != null) {
      long age = Age.currentAgeSeconds(stale.initialAgeSeconds(), stale.responseTimeMillis(),
          responseTime);
      if (Serveability.staleIfErrorAllows(stale.freshness(), age, directives)) {
        upstreamResponse.body();
        finish(leader, new FlightOutcome.UpstreamError(status));
        serveStaleOnError(stale, status);
        return;
      }
    }
    MultiMap headers = upstreamResponse.headers();
    StoreDecision decision = Storability.decide("GET", exchange.request.headers(), status,
        headers, responseTime, sitePolicy);
    List<String> varyFields = VaryKey.fieldNames(headers.getAll("Vary"));
    Optional<String> secondary = VaryKey.secondary(headers.getAll("Vary"),
        exchange.request.headers());
    long length = contentLength(headers);
    if (decision instanceof StoreDecision.Store store && secondary.isPresent()
        && length <= cache.options().maxObjectBytes()) {
      cache.clearUncacheable(key);
      new Fill(leader, upstreamRequest, upstreamResponse, store, varyFields, secondary.get(),
          requestTime, responseTime, fetchSeq).start();
      return;
    }
    String reason = decision instanceof StoreDecision.DoNotStore no ? no.reason()
        : secondary.isEmpty() ? "vary-star" : "too-big";
    // A refusal caused by this request (its no-store, its Authorization) says nothing about
    // the resource: other clients keep the stored copy and keep collapsing (RFC 9111 §5.2.1.5).
    if (!REQUEST_REASONS.contains(reason)) {
      cache.markUncacheable(key);
      if (stale != null) {
        cache.store().invalidate(key);
      }
    }
    // Released only now: a miss on another event loop that finds no fetch to join must find
    // the hit-for-pass mark instead, not lead a collapse of its own.
    finish(leader, new FlightOutcome.Uncacheable(reason));
    if (exchange.phase != CachePhase.PASS) {
      exchange.member.detail(reason);
    }
    exchange.clientBoundUpstream = upstreamRequest;
    exchange.relay(upstreamRequest, upstreamResponse);
  }

  /** A 304 to our revalidation: refresh the stored entry (RFC 9111 §4.3.4) and serve it. */
  private void refresh(Collapser.Leader<CacheKey, FlightOutcome> leader, StoredResponse stale,
      MultiMap notModified, long requestTime, long responseTime, long fetchSeq) {
    exchange.phase = CachePhase.REVALIDATED;
    MultiMap merged = Revalidation.mergeNotModified(stale.headers(), notModified);
    StoreDecision decision = Storability.decide("GET", exchange.request.headers(),
        stale.status(), merged, responseTime, sitePolicy);
    StoredResponse served;
    if (decision instanceof StoreDecision.Store store) {
      long initialAge = Age.correctedInitialAgeSeconds(notModified, requestTime, responseTime);
      served = stale.refreshed(dropped(merged, store.headersToDrop()), requestTime, responseTime,
          initialAge, store.freshness(), fetchSeq);
      cache.store().put(key, VaryKey.fieldNames(merged.getAll("Vary")),
          VaryKey.secondary(merged.getAll("Vary"), exchange.request.headers()).orElse(""),
          served);
      exchange.member.stored(true);
      finish(leader, new FlightOutcome.Stored());
    } else {
      cache.store().invalidate(key);
      served = stale.refreshed(merged, requestTime, responseTime, 0, stale.freshness(),
          stale.purgeSeq());
      finish(leader, new FlightOutcome.Uncacheable(
          ((StoreDecision.DoNotStore) decision).reason()));
    }
    StoredResponseWriter.write(exchange, served, Age.currentAgeSeconds(
        served.initialAgeSeconds(), served.responseTimeMillis(), now()));
  }

  /** SWR: one background revalidation per key; the client has its stale answer already. */
  private void refreshInBackground(StoredResponse stale) {
    Collapser.Ticket<CacheKey, FlightOutcome> ticket = cache.collapser().lead(key);
    if (!(ticket instanceof Collapser.Leader<CacheKey, FlightOutcome> leader)) {
      return;
    }
    long requestTime = now();
    long fetchSeq = cache.generations().appliedSeq();
    exchange.fetch(0, HttpMethod.GET, Exchange.Body.NONE,
        (headers, upstream) -> shapeRefresh(headers, upstream, stale, fetchSeq),
        (upstreamRequest, upstreamResponse) -> {
          long responseTime = now();
          int status = upstreamResponse.statusCode();
          MultiMap headers = upstreamResponse.headers();
          if (status == 304) {
            upstreamResponse.body();
            if (!Revalidation.selectsStored(stale.headers(), headers)) {
              // A 304 for another version than ours: drop ours; the next request refetches.
              cache.store().invalidate(key);
              leader.finish(new FlightOutcome.Uncacheable("other-version"));
              return;
            }
            MultiMap merged = Revalidation.mergeNotModified(stale.headers(), headers);
            storeIfAllowed(stale.status(), merged, stale.body(), requestTime, responseTime,
                headers, fetchSeq);
            leader.finish(new FlightOutcome.Stored());
            return;
          }
          if (status >= 500) {
            // Keep serving the stale copy; the next request after the window revalidates.
            upstreamResponse.body();
            leader.finish(new FlightOutcome.Uncacheable("status"));
            return;
          }
          if (contentLength(headers) > cache.options().maxObjectBytes()) {
            upstreamRequest.reset();
            cache.store().invalidate(key);
            leader.finish(new FlightOutcome.Uncacheable("too-big"));
            return;
          }
          // Read the body with the per-object bound: past it, stop the transfer.
          Buffer body = Buffer.buffer();
          upstreamResponse.handler(chunk -> {
            if (body.length() + chunk.length() > cache.options().maxObjectBytes()) {
              upstreamResponse.handler(null);
              upstreamRequest.reset();
              cache.store().invalidate(key);
              leader.finish(new FlightOutcome.Uncacheable("too-big"));
            } else {
              body.appendBuffer(chunk);
            }
          });
          upstreamResponse.exceptionHandler(error ->
              leader.finish(new FlightOutcome.Uncacheable("broken-body")));
          upstreamResponse.endHandler(v -> {
            exchange.node.metrics.upstreamBytes(exchange.site.name(),
                exchange.answeredBy.kind().wireName(), body.length());
            storeIfAllowed(status, headers, body, requestTime, now(), headers, fetchSeq);
            leader.finish(new FlightOutcome.Stored());
          });
        },
        failure -> leader.finish(new FlightOutcome.Failed(failure)));
  }

  private void storeIfAllowed(int status, MultiMap headers, Buffer body, long requestTime,
      long responseTime, MultiMap ageSource, long fetchSeq) {
    StoreDecision decision = Storability.decide("GET", exchange.request.headers(), status,
        headers, responseTime, sitePolicy);
    Optional<String> secondary = VaryKey.secondary(headers.getAll("Vary"),
        exchange.request.headers());
    if (decision instanceof StoreDecision.Store store && secondary.isPresent()) {
      StoredResponseSink sink = exchange.prefetch
          ? cache.store()::putPrefetched : cache.store()::put;
      sink.store(key, VaryKey.fieldNames(headers.getAll("Vary")), secondary.get(),
          new StoredResponse(status, storable(headers, store.headersToDrop(), responseTime), body,
              requestTime, responseTime,
              Age.correctedInitialAgeSeconds(ageSource, requestTime, responseTime),
              store.freshness(), fetchSeq, StoredResponse.tagsOf(headers)));
    } else {
      cache.store().invalidate(key);
    }
  }

  /** The headers to keep: without hop-by-hop fields and without those the policy drops. */
  static MultiMap dropped(MultiMap headers, Set<String> drop) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copy(headers, kept, drop);
    return kept;
  }

  /**
   * The headers to store: as {@link #dropped}, plus a {@code Date} when the upstream sent none
   * (RFC 9110 §6.6.1: a cache adds it), so age and If-Modified-Since work on the stored copy.
   */
  static MultiMap storable(MultiMap headers, Set<String> drop, long responseTimeMillis) {
    MultiMap kept = dropped(headers, drop);
    if (!kept.contains("Date")) {
      kept.set("Date", HttpDates.format(responseTimeMillis));
    }
    return kept;
  }

  static long contentLength(MultiMap headers) {
    String value = headers.get("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The leader's fetch of a storable response: streams it to the client (unless the client's
   * request was conditional or partial, which is answered from the stored copy) while buffering
   * it for the store, and stores it only if it arrived whole.
   */
  private final class Fill {
    private final Collapser.Leader<CacheKey, FlightOutcome> leader;
    private final HttpClientRequest upstreamRequest;
    private final HttpClientResponse upstreamResponse;
    private final StoreDecision.Store store;
    private final List<String> varyFields;
    private final String secondary;
    private final long requestTime;
    private final long responseTime;
    private final long fetchSeq;
    private final long declaredLength;
    private final boolean answerFromStore;
    private Buffer body;
    private boolean streaming;

    Fill(Collapser.Leader<CacheKey, FlightOutcome> leader, HttpClientRequest upstreamRequest,
        HttpClientResponse upstreamResponse, StoreDecision.Store store, List<String> varyFields,
        String secondary, long requestTime, long responseTime, long fetchSeq) {
      this.leader = leader;
      this.upstreamRequest = upstreamRequest;
      this.upstreamResponse = upstreamResponse;
      this.store = store;
      this.varyFields = varyFields;
      this.secondary = secondary;
      this.requestTime = requestTime;
      this.responseTime = responseTime;
      this.fetchSeq = fetchSeq;
      this.declaredLength = contentLength(upstreamResponse.headers());
      MultiMap clientHeaders = exchange.request.headers();
      this.answerFromStore = CLIENT_PRECONDITIONS.stream().anyMatch(clientHeaders::contains);
      this.body = Buffer.buffer(declaredLength > 0 ? (int) declaredLength : 4096);
    }

    void start() {
      exchange.member.stored(true);
      if (!answerFromStore) {
        startStreaming();
      }
      upstreamResponse.handler(this::onChunk);
      upstreamResponse.exceptionHandler(error -> {
        body = null;
        finish(leader, new FlightOutcome.Uncacheable("broken-body"));
        exchange.breakBoth(upstreamRequest, error);
      });
      upstreamResponse.endHandler(v -> onEnd());
    }

    private void startStreaming() {
      streaming = true;
      exchange.writeHead(upstreamResponse.statusCode(), upstreamResponse.statusMessage(),
          dropped(upstreamResponse.headers(), store.headersToDrop()));
      if (exchange.response.headers().get("Content-Length") == null
          && exchange.mayHaveBody(upstreamResponse.statusCode())) {
        exchange.response.setChunked(true);
      }
    }

    private void onChunk(Buffer chunk) {
      exchange.upstreamBodyBytes += chunk.length();
      if (body != null) {
        if (body.length() + chunk.length() > cache.options().maxObjectBytes()) {
          // Too big after all: stop buffering, let waiters go, stream the rest through.
          exchange.member.stored(false).detail("too-big");
          cache.markUncacheable(key);
          finish(leader, new FlightOutcome.Uncacheable("too-big"));
          if (!streaming) {
            startStreaming();
            write(body);
          }
          body = null;
        } else {
          body.appendBuffer(chunk);
        }
      }
      if (streaming) {
        write(chunk);
      }
    }

    private void write(Buffer chunk) {
      if (exchange.response.closed()) {
        if (body == null) {
          // Nobody to stream to and nothing to store: stop the transfer.
          upstreamRequest.reset();
        }
        return;
      }
      exchange.response.write(chunk);
      if (exchange.response.writeQueueFull()) {
        upstreamResponse.pause();
        exchange.response.drainHandler(v -> upstreamResponse.resume());
      }
    }

    private void onEnd() {
      StoredResponse stored = null;
      if (body != null && (declaredLength < 0 || body.length() == declaredLength)) {
        stored = new StoredResponse(upstreamResponse.statusCode(),
            storable(upstreamResponse.headers(), store.headersToDrop(), responseTime), body,
            requestTime, responseTime,
            Age.correctedInitialAgeSeconds(upstreamResponse.headers(), requestTime, responseTime),
            store.freshness(), fetchSeq, StoredResponse.tagsOf(upstreamResponse.headers()));
        if (exchange.prefetch) {
          cache.store().putPrefetched(key, varyFields, secondary, stored);
        } else {
          cache.store().put(key, varyFields, secondary, stored);
        }
        finish(leader, new FlightOutcome.Stored());
      } else if (body != null) {
        exchange.member.stored(false).detail("length-mismatch");
        finish(leader, new FlightOutcome.Uncacheable("length-mismatch"));
      }
      if (streaming) {
        if (!exchange.response.closed() && !exchange.response.ended()) {
          exchange.response.end();
        }
      } else if (stored != null) {
        StoredResponseWriter.write(exchange, stored, Age.currentAgeSeconds(
            stored.initialAgeSeconds(), stored.responseTimeMillis(), now()));
      } else {
        exchange.answerError(502, "the upstream's body did not match its length");
      }
    }
  }

  /** Where a filled response goes: {@code put} or {@code putPrefetched}. */
  @FunctionalInterface
  private interface StoredResponseSink {
    void store(CacheKey key, List<String> varyFields, String secondary,
        StoredResponse response);
  }
}
