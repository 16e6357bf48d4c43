package org.edgecdn.http.forward;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.accesslog.AccessLogEntry;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.http.status.CacheStatus;
import org.edgecdn.http.status.CacheStatusMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request from arrival to the last byte of its answer, and the primitives the
 * request path is built from: fetch from the plan's upstreams, relay a response, answer an
 * error, and account for the request once (metrics, access log) when it ends.
 */
final class Exchange {

  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  /** Response fields meant for this network only (RFC 9213, Surrogate-Control, purge tags). */
  static final Set<String> CDN_ONLY_RESPONSE_HEADERS =
      Set.of("cdn-cache-control", "surrogate-control", "surrogate-key", "cache-tag");

  /** The same, as the hit path matches them. */
  static final FieldNames CDN_ONLY = FieldNames.of(CDN_ONLY_RESPONSE_HEADERS);

  /** Field names written on every answer, as Netty's header encoder takes them fastest. */
  static final CharSequence VIA = HttpHeaders.createOptimized("Via");

  final ForwardingHandler node;
  final HttpServerRequest request;
  final HttpServerResponse response;
  final long startNanos = System.nanoTime();
  final String clientAddress;
  /** A speculative fetch ({@link PrefetchMarkers}), decided once for the whole request. */
  final boolean prefetch;
  final CacheStatusMember member;
  Site site;
  String host;
  boolean trusted;
  /** Where to forward, computed on the first fetch: a cache hit never needs it. */
  private List<Upstream> plan;
  /**
   * The request target sent upstream. For a cached request it is the normalized target its key
   * was built from: requests that share a key must ask the origin the same question, or the
   * first spelling stored would answer for all the others (cache poisoning).
   */
  String upstreamUri;
  CachePhase phase = CachePhase.REJECTED;
  long headNanos = -1;
  long upstreamNanos = -1;
  /** The upstream whose answer this exchange used last; null while none answered. */
  Upstream answeredBy;
  /** Body bytes of the upstream's answer read for this client: a fill's or a relay's. */
  long upstreamBodyBytes;
  /** Whether the upstream's body is piped straight to the client (then it counts as sent). */
  private boolean relayed;
  /** The upstream request serving this client, reset if the client goes away. */
  HttpClientRequest clientBoundUpstream;
  /**
   * The status logged and counted for a request whose client left before any answer was
   * written: nginx's 499. The response's own status would say 200 for an answer never sent.
   */
  static final int CLIENT_CLOSED_REQUEST = 499;

  /** Why the client's body, piped upstream, failed; null while it has not. */
  Throwable clientBodyBroken;
  /** The upstream request the client's body is being piped into, until the pipe is done. */
  HttpClientRequest bodyUpstream;
  /** The relayed upstream response was read whole: its connection may already serve another. */
  boolean upstreamEnded;
  boolean finished;
  /**
   * The connection became a tunnel (101): Vert.x then hands it over as a socket and no
   * response end comes, so the tunnel's close finishes the exchange, as a 101.
   */
  boolean tunnelled;
  /** A garbled answer was already retried once (see {@link #retryGarbled}). */
  private boolean retriedGarbled;

  Exchange(ForwardingHandler node, HttpServerRequest request) {
    this.node = node;
    this.request = request;
    this.response = request.response();
    this.member = new CacheStatusMember(node.cacheName);
    SocketAddress remote = request.remoteAddress();
    this.clientAddress = remote == null ? "unknown" : remote.hostAddress();
    this.prefetch = PrefetchMarkers.isPrefetch(request.headers());
    response.headersEndHandler(v -> {
      headNanos = System.nanoTime();
      if (observed()) {
        MultiMap added = node.observer.beforeHead(observation());
        if (added != null) {
          response.headers().addAll(added);
        }
      }
    });
    response.endHandler(v -> finish());
    response.closeHandler(v -> {
      if (clientBoundUpstream != null && !finished) {
        clientBoundUpstream.reset();
      }
      if (bodyUpstream != null) {
        // The client left (or its connection failed) mid-body: the upstream must not wait
        // for the rest, holding a pooled connection, nor get a clean end.
        breakBody(bodyUpstream, new VertxException("the client's connection closed", true));
      }
      finish();
    });
  }

  /** What a fetch sends after the head. */
  enum Body {
    /** The client's body, streamed. */
    FORWARD,
    /** Nothing (a cache fill or revalidation is a bodiless GET). */
    NONE,
    /** Nothing, and the connection is handed over on 101 (a WebSocket upgrade). */
    UPGRADE
  }

  /**
   * How a fetch prepares the upstream request beyond the copied client headers, knowing which
   * upstream it goes to (fields between our tiers go to a shield only).
   */
  interface RequestShaper {
    RequestShaper NONE = (headers, upstream) -> { };

    void shape(MultiMap upstreamHeaders, Upstream upstream);
  }

  /**
   * Sends the client's request ({@code method}, its URI, its filtered headers and, as
   * {@code body} says, its body) to the plan's upstreams in order, moving on only while
   * connecting fails.
   */
  void fetch(int index, HttpMethod method, Body body, RequestShaper shaper,
      BiConsumer<HttpClientRequest, HttpClientResponse> onAnswer,
      Consumer<UpstreamFailure> onFailure) {
    List<Upstream> plan = plan();
    if (plan.isEmpty()) {
      refuse(503, "no-upstream", "site " + site.name() + " has no upstream");
      return;
    }
    Upstream upstream = plan.get(index);
    RequestOptions options = new RequestOptions()
        .setMethod(method)
        .setServer(SocketAddress.inetSocketAddress(
            upstream.address().port(), upstream.address().host()))
        .setHost(host)
        .setPort(upstream.tls() ? 443 : 80)
        .setSsl(upstream.tls())
        .setURI(upstreamUri == null ? request.uri() : upstreamUri)
        .setConnectTimeout(node.policy.connectTimeoutMillis())
        .setIdleTimeout(node.policy.responseTimeoutMillis());
    long sentNanos = System.nanoTime();
    Future<HttpClientRequest> requested;
    try {
      requested = node.client.request(options);
    } catch (RuntimeException e) {
      // The node is closing its client (shutdown): fail this exchange, not the event loop.
      requested = Future.failedFuture(e);
    }
    requested
        .onSuccess(upstreamRequest -> {
          // Its failures reach onFailure through the response; without a handler Vert.x would
          // also log each one (a client's aborted upload) at ERROR with a stack trace.
          upstreamRequest.exceptionHandler(error -> LOG.debug("{} site {}: request to {}: {}",
              node.cacheName, site.name(), upstream.name(), error.toString()));
          MultiMap headers = upstreamRequest.headers();
          try {
            HopByHop.copy(request.headers(), headers, node.skippedRequestHeaders(trusted, site));
            ForwardingHeaders.apply(request.headers(), headers, trusted, clientAddress, host,
                request.scheme() == null ? "http" : request.scheme(), node.cacheName);
            shaper.shape(headers, upstream);
          } catch (IllegalArgumentException e) {
            // A field HTTP/1.1 cannot carry (admission refuses the ones known): fail this
            // exchange through onFailure, so that a collapsed fill ends too.
            upstreamRequest.reset();
            onFailure.accept(new UpstreamFailure.ClientFault(upstream, "bad-request-field",
                "a request field cannot be forwarded: " + e.getMessage()));
            return;
          }
          // Interim 103 Early Hints go on to the client as they come (RFC 8297), unless its
          // final response has started; the preload links let browsers start early.
          upstreamRequest.earlyHintsHandler(hints -> {
            if (!response.headWritten() && !response.closed() && !finished) {
              response.writeEarlyHints(hints);
            }
          });
          Future<HttpClientResponse> answer;
          if (body == Body.UPGRADE) {
            answer = upstreamRequest.connect();
          } else if (body == Body.FORWARD && ForwardingHandler.hasBody(request)) {
            if (request.getHeader("Content-Length") == null) {
              upstreamRequest.setChunked(true);
            }
            answer = upstreamRequest.response();
            if (response.closed()) {
              breakBody(upstreamRequest, new VertxException("the client's connection closed",
                  true));
            } else {
              pumpBody(upstreamRequest);
            }
          } else {
            headers.remove("Content-Length");
            headers.remove("Content-Type");
            answer = upstreamRequest.send();
          }
          answer
              .onSuccess(upstreamResponse -> {
                long took = System.nanoTime() - sentNanos;
                upstreamNanos = took;
                answeredBy = upstream;
                node.metrics.upstream(site.name(), upstream.kind().wireName(),
                    NodeMetrics.codeClass(upstreamResponse.statusCode()), took);
                node.route.answered(site, upstream);
                onAnswer.accept(upstreamRequest, upstreamResponse);
              })
              .onFailure(error -> {
                UpstreamFailure failure = clientBodyBroken == null
                    ? UpstreamFailure.of(upstream, error)
                    : new UpstreamFailure.ClientFault(upstream, "client-body-broken",
                        "the request body broke off: " + clientBodyBroken.getMessage());
                recordFailure(upstream, failure, sentNanos);
                if (retryGarbled(method, body, error)) {
                  LOG.info("{} site {}: {} {}: the answer from {} could not be parsed ({}), "
                      + "asking again on another connection", node.cacheName, site.name(),
                      method, request.path(), upstream.name(), failure.reason());
                  fetch(index, method, body, shaper, onAnswer, onFailure);
                  return;
                }
                onFailure.accept(failure);
              });
        })
        .onFailure(error -> {
          UpstreamFailure failure = UpstreamFailure.of(upstream, error);
          recordFailure(upstream, failure, sentNanos);
          if (failure.retryable() && index + 1 < plan.size()) {
            LOG.debug("{} site {}: {} unreachable ({}), trying {}", node.cacheName, site.name(),
                upstream.name(), failure.reason(), plan.get(index + 1).name());
            fetch(index + 1, method, body, shaper, onAnswer, onFailure);
          } else {
            onFailure.accept(failure);
          }
        });
  }

  /**
   * Whether to send a request again, once, after its answer could not be parsed: a GET or HEAD
   * without a body (idempotent, RFC 9110 §9.2.2) whose answer failed in the decoder. Such an
   * answer is often the tail of the previous response on the same kept-alive connection, one
   * that sent more body than its {@code Content-Length} said: the next request on it, anyone's,
   * then failed with a 502 ("invalid version format"). The decoder's failure closes that
   * connection, so the second try takes another; nginx, for its part, stops reusing a
   * connection whose response overran.
   */
  private boolean retryGarbled(HttpMethod method, Body body, Throwable error) {
    if (retriedGarbled || !(method == HttpMethod.GET || method == HttpMethod.HEAD)
        || body == Body.UPGRADE || ForwardingHandler.hasBody(request) && body == Body.FORWARD
        || !(error instanceof IllegalArgumentException
            || error instanceof DecoderException)) {
      return false;
    }
    retriedGarbled = true;
    return true;
  }

  /**
   * The upstreams to try, chosen by the target that goes upstream (for a cached request its
   * normalized key target, so every spelling of a key goes to the same shield).
   */
  List<Upstream> plan() {
    if (plan == null) {
      plan = node.route.plan(site, host, upstreamUri == null ? request.uri() : upstreamUri);
    }
    return plan;
  }

  /** Forwards the request as is and relays whatever comes back (no caching). */
  void passThrough() {
    fetch(0, request.method(), Body.FORWARD, RequestShaper.NONE,
        (upstreamRequest, upstreamResponse) -> {
          clientBoundUpstream = upstreamRequest;
          relay(upstreamRequest, upstreamResponse);
        }, this::fail);
  }

  /**
   * Streams the client's body into {@code upstreamRequest} with back-pressure, ending it when
   * the body ends. Not {@code send(request)} nor a {@code Pipe}: those end the upstream request
   * when the client's body fails, so a cut-off or malformed upload reached the origin as a
   * whole one (and a body that never ended held a pooled connection until the response
   * timeout); and a pipe reports the upstream's write failures as its source's, which would
   * blame the client for a broken upstream. Here only the client's side calls
   * {@link #breakBody}; an upstream failure fails the response as any other.
   */
  private void pumpBody(HttpClientRequest upstreamRequest) {
    bodyUpstream = upstreamRequest;
    request.handler(chunk -> {
      upstreamRequest.write(chunk);
      if (upstreamRequest.writeQueueFull()) {
        request.pause();
        upstreamRequest.drainHandler(v -> resumeRequest());
      }
    });
    request.exceptionHandler(error -> breakBody(upstreamRequest, error));
    request.endHandler(v -> {
      bodyUpstream = null;
      upstreamRequest.end();
    });
    resumeRequest();
  }

  /**
   * Reads on from the client's request, paused on arrival; nothing to do once it has been read
   * whole. Vert.x's HTTP/2 request throws then ("Request has already been read"), which from an
   * upstream failure's callback left the client without its 502, waiting until it gave up.
   */
  private void resumeRequest() {
    if (!request.isEnded()) {
      request.resume();
    }
  }

  /**
   * The client's body failed before its end: the upstream must never see this request
   * complete. On HTTP/1.x the connection is closed, not only the request reset: a reset after
   * the upstream has answered (a 413 before the body, say) just forgets the request, and the
   * connection, with half a body on it, would go back to the pool for the upstream to read the
   * next request as the rest of this body.
   */
  private void breakBody(HttpClientRequest upstreamRequest, Throwable why) {
    bodyUpstream = null;
    if (clientBodyBroken == null) {
      clientBodyBroken = why;
    }
    request.handler(null);
    if (upstreamRequest.version() != HttpVersion.HTTP_2) {
      upstreamRequest.connection().close();
    }
    upstreamRequest.reset();
  }

  /** Writes the upstream's status and headers with this node's additions. */
  void writeHead(int status, String statusMessage, MultiMap upstreamHeaders) {
    response.setStatusCode(status);
    if (statusMessage != null) {
      response.setStatusMessage(statusMessage);
    }
    MultiMap out = response.headers();
    HopByHop.copy(upstreamHeaders, out, node.policy.stripCdnHeaders() ? CDN_ONLY : FieldNames.NONE);
    addViaAndStatus(out);
  }

  void addViaAndStatus(MultiMap out) {
    addViaAndStatus(out, node.ownVia, member);
  }

  /** This node's {@code Via} and {@code Cache-Status} members, after any already in {@code out}. */
  static void addViaAndStatus(MultiMap out, String ownVia, CacheStatusMember member) {
    String via = out.get(VIA);
    out.set(VIA, via == null ? ownVia : via + ", " + ownVia);
    CacheStatus.append(out, member.toString());
  }

  /** Streams the upstream's response to the client with back-pressure. */
  void relay(HttpClientRequest upstreamRequest, HttpClientResponse upstreamResponse) {
    if (response.closed() || response.ended()) {
      upstreamRequest.reset();
      return;
    }
    int status = upstreamResponse.statusCode();
    member.fwdStatus(status);
    writeHead(status, upstreamResponse.statusMessage(), upstreamResponse.headers());
    if (response.headers().get("Content-Length") == null && mayHaveBody(status)) {
      response.setChunked(true);
    }
    relayed = true;
    // Once the upstream response has been read whole, its connection goes back to the pool and
    // may carry another request at once: resetting this request then would close that
    // connection under someone else (seen as a WebSocket upgrade cut off after a client had
    // gone away mid-relay). So a client leaving after that point resets nothing upstream.
    upstreamResponse.end().onComplete(done -> {
      if (clientBoundUpstream == upstreamRequest) {
        clientBoundUpstream = null;
      }
      upstreamEnded = true;
    });
    upstreamResponse.pipe()
        .endOnFailure(false)
        .to(response)
        .onFailure(error -> breakBoth(upstreamRequest, error));
  }

  /** A cut-short body must look cut short: reset both sides instead of ending cleanly. */
  void breakBoth(HttpClientRequest upstreamRequest, Throwable error) {
    LOG.debug("{} site {}: response body broken: {}", node.cacheName, site.name(),
        error.toString());
    if (!upstreamEnded) {
      upstreamRequest.reset();
    }
    response.reset();
  }

  boolean mayHaveBody(int status) {
    return request.method() != HttpMethod.HEAD && status >= 200 && status != 204
        && status != 304;
  }

  void recordFailure(Upstream upstream, UpstreamFailure failure, long sentNanos) {
    if (failure.clientCaused()) {
      return;
    }
    node.metrics.upstream(site.name(), upstream.kind().wireName(), failure.detail(),
        System.nanoTime() - sentNanos);
    node.route.failed(site, upstream, failure);
  }

  void fail(UpstreamFailure failure) {
    if (failure.clientCaused()) {
      // The client's doing, not an operator's concern: no WARN per bad request.
      LOG.debug("{} site {}: {} {}: {}", node.cacheName, site.name(), request.method(),
          request.path(), failure.reason());
      resumeRequest();
      refuse(failure.status(), failure.detail(), failure.reason());
      return;
    }
    LOG.warn("{} site {}: {} {} failed at {} {}: {}", node.cacheName, site.name(),
        request.method(), request.path(), failure.upstream().kind().wireName(),
        failure.upstream().address(), failure.reason());
    phase = CachePhase.ERROR;
    resumeRequest();
    if (member.fwd() == null) {
      member.forwarded("miss");
    }
    member.detail(failure.detail());
    answerError(failure.status(), node.cacheName + " could not get an answer from "
        + failure.upstream().kind().wireName() + " " + failure.upstream().address() + ": "
        + failure.reason());
  }

  /** Answers {@code status} itself, for a reason of the request's; done when written. */
  Future<Void> refuse(int status, String detail, String reason) {
    phase = CachePhase.REJECTED;
    member.detail(detail);
    return answerError(status, reason);
  }

  /**
   * As {@link #refuse}, then closes an HTTP/1.x connection once the answer is written: after a
   * request whose end cannot be found, the bytes after it are not a request to wait for.
   */
  void refuseAndClose(int status, String detail, String reason) {
    if (request.version() == HttpVersion.HTTP_2) {
      refuse(status, detail, reason);
      return;
    }
    response.putHeader(HttpHeaders.CONNECTION, "close");
    // Note: a request the server had already read behind this one (hidden in this one's body,
    // say) is still served, to this same client; no other client's request is at stake.
    refuse(status, detail, reason).onComplete(done -> request.connection().close());
  }

  Future<Void> answerError(int status, String reason) {
    if (response.headWritten()) {
      response.reset();
      return Future.succeededFuture();
    }
    if (response.closed()) {
      return Future.succeededFuture();
    }
    response.setStatusCode(status);
    response.headers()
        .set("Content-Type", "text/plain; charset=utf-8")
        .set("Cache-Control", "no-store")
        .set(CacheStatus.HEADER, member.toString());
    return response.end(Buffer.buffer(status + " " + response.getStatusMessage() + ": " + reason
        + "\n"));
  }

  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    long now = System.nanoTime();
    String siteName = site == null ? "unknown" : site.name();
    long ttfb = (headNanos > 0 ? headNanos : now) - startNanos;
    long sent = response.bytesWritten();
    int status = tunnelled ? 101
        : response.headWritten() ? response.getStatusCode() : CLIENT_CLOSED_REQUEST;
    node.metrics.request(siteName, phase, status, ttfb, sent);
    if (answeredBy != null) {
      node.metrics.upstreamBytes(siteName, answeredBy.kind().wireName(),
          relayed ? sent : upstreamBodyBytes);
    }
    if (node.accessLog.enabled()) {
      // No entry is built for a log that is off: it cost every request an Instant and a string.
      node.accessLog.record(new AccessLogEntry(Instant.now(), node.cacheName, clientAddress,
          siteName, request.method().name(), request.uri(), status, sent, member.toString(),
          upstreamNanos < 0 ? -1 : upstreamNanos / 1_000_000, (now - startNanos) / 1_000_000));
    }
    if (observed()) {
      node.observer.finished(observation());
    }
  }

  /**
   * Sends the observer's 103 Early Hints for this request, if it has any, over HTTP/2 only, as
   * Fastly and the browsers do: an HTTP/1.1 intermediary that does not know 1xx answers may take
   * the 103 for the final response (RFC 8297 §3), and browsers act on it over HTTP/2 and later.
   */
  void sendEarlyHints() {
    if (!observed() || request.version() != HttpVersion.HTTP_2
        || !node.observer.sendsEarlyHints(site.name())) {
      return;
    }
    MultiMap hints = node.observer.earlyHints(observation());
    if (hints == null || hints.isEmpty()) {
      return;
    }
    // HTTP/2 field names are lower case, and Vert.x writes an interim response's names as
    // given (Netty then refuses "Link" and the stream hangs).
    MultiMap lowerCase = MultiMap.caseInsensitiveMultiMap();
    hints.forEach(field -> lowerCase.add(field.getKey().toLowerCase(Locale.ROOT),
        field.getValue()));
    response.writeEarlyHints(lowerCase);
  }

  /** Whether the node's {@link ExchangeObserver} hears of this exchange: GET/HEAD of a site. */
  private boolean observed() {
    return node.observer != ExchangeObserver.NONE && site != null
        && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
  }

  private ObservedExchange observation() {
    return new ObservedExchange(site.name(), host, request.method().name(), request.uri(),
        clientAddress, request.headers(), prefetch, response.getStatusCode(), phase,
        member.stored(), upstreamNanos < 0 ? -1 : upstreamNanos / 1_000_000,
        response.bytesWritten());
  }
}
