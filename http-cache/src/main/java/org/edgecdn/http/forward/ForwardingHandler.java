package org.edgecdn.http.forward;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.accesslog.AccessLogEntry;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.http.status.CacheStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of a node that forwards: admit, plan, forward, answer. Edge and shield share
 * it and differ only in their {@link UpstreamRoute} and {@link ForwardingPolicy}.
 *
 * <h2>Admission</h2>
 * A request needs a Host that a site claims (DESIGN §4 step 1); otherwise 400 or 421 is answered
 * here and nothing is forwarded. Oversized request lines and headers are refused by the server
 * (414, 431) before they reach this handler.
 *
 * <h2>Forwarding</h2>
 * Every method is forwarded with its body. The body streams with back-pressure: the request is
 * paused until an upstream connection exists, then piped into it; the response is piped back the
 * same way. Connection-specific headers are dropped (RFC 9110 §7.6.1) and the network's own
 * forwarding headers replace the client's ({@link ForwardingHeaders}). The upstream receives the
 * Host the client asked for, so name-based origins keep working behind the network.
 *
 * <h2>Failures</h2>
 * The plan lists upstreams in order. A failure to connect sends the same request to the next
 * one; any later failure cannot be retried (the body may be consumed, the origin may have acted),
 * so the client gets 502 or 504 with the reason in the body and in {@code Cache-Status}. A failure
 * in the middle of a response resets the client's connection instead of ending the body cleanly,
 * so no cache downstream mistakes a truncated body for a whole one.
 *
 * <h2>Upgrades</h2>
 * A WebSocket upgrade is forwarded as such; on 101 both connections become one byte tunnel,
 * piped both ways with back-pressure.
 */
public final class ForwardingHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingHandler.class);

  /** Response fields meant for this network only (RFC 9213, Surrogate-Control, purge tags). */
  private static final Set<String> CDN_ONLY_RESPONSE_HEADERS =
      Set.of("cdn-cache-control", "surrogate-control", "surrogate-key", "cache-tag");

  /** Request fields a node sets itself and never copies from a trusted peer. */
  private static final Set<String> SKIP_FROM_PEER = Set.of("host", "expect");

  /** ... and from a client, which may not set the forwarding headers either. */
  private static final Set<String> SKIP_FROM_CLIENT = union(SKIP_FROM_PEER,
      ForwardingHeaders.CLIENT_MAY_NOT_SET);

  private final HttpClient client;
  private final SiteRouter sites;
  private final UpstreamRoute route;
  private final ForwardingPolicy policy;
  private final NodeMetrics metrics;
  private final AccessLog accessLog;
  private final String cacheName;

  public ForwardingHandler(HttpClient client, SiteRouter sites, UpstreamRoute route,
      ForwardingPolicy policy, NodeMetrics metrics, AccessLog accessLog) {
    this.client = client;
    this.sites = sites;
    this.route = route;
    this.policy = policy;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.cacheName = policy.node().cacheName();
  }

  @Override
  public void handle(HttpServerRequest request) {
    Exchange exchange = new Exchange(request);
    HostAndPort authority = request.authority();
    if (authority == null || authority.host().isEmpty()) {
      exchange.refuse(400, "missing-host", "the request has no Host header");
      return;
    }
    String host = SiteRouter.normalize(authority.host());
    Optional<Site> site = sites.route(host);
    if (site.isEmpty()) {
      exchange.refuse(421, "unknown-host", "no site of this network serves host " + host);
      return;
    }
    exchange.site = site.get();
    exchange.host = host;
    exchange.trusted = policy.trustedPeers().contains(exchange.clientAddress);
    if (exchange.trusted
        && ForwardingHeaders.loops(request.getHeader("Via"), cacheName)) {
      exchange.refuse(508, "loop", "the request passed through " + cacheName + " before");
      return;
    }
    List<Upstream> plan = route.plan(exchange.site, host, request.uri());
    if (plan.isEmpty()) {
      exchange.refuse(503, "no-upstream", "site " + exchange.site.name() + " has no upstream");
      return;
    }
    exchange.tunnel = request.canUpgradeToWebSocket();
    if (exchange.tunnel) {
      exchange.phase = CachePhase.TUNNEL;
    } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      exchange.phase = CachePhase.METHOD;
    } else {
      exchange.phase = CachePhase.BYPASS;
    }
    exchange.hasBody = hasBody(request);
    if (exchange.hasBody) {
      // Hold the body until an upstream connection exists; the pipe resumes it.
      request.pause();
    }
    exchange.attempt(plan, 0);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeader("Transfer-Encoding") != null;
  }

  /** One request from arrival to the last byte of its answer. */
  private final class Exchange {
    final HttpServerRequest request;
    final HttpServerResponse response;
    final long startNanos = System.nanoTime();
    final String clientAddress;
    Site site;
    String host;
    boolean trusted;
    boolean tunnel;
    boolean hasBody;
    CachePhase phase = CachePhase.REJECTED;
    String member;
    long headNanos = -1;
    long upstreamNanos = -1;
    HttpClientRequest upstreamRequest;
    boolean finished;

    Exchange(HttpServerRequest request) {
      this.request = request;
      this.response = request.response();
      SocketAddress remote = request.remoteAddress();
      this.clientAddress = remote == null ? "unknown" : remote.hostAddress();
      response.headersEndHandler(v -> headNanos = System.nanoTime());
      response.endHandler(v -> finish());
      response.closeHandler(v -> {
        if (upstreamRequest != null && !finished) {
          upstreamRequest.reset();
        }
        finish();
      });
    }

    void attempt(List<Upstream> plan, int index) {
      Upstream upstream = plan.get(index);
      RequestOptions options = new RequestOptions()
          .setMethod(request.method())
          .setServer(SocketAddress.inetSocketAddress(
              upstream.address().port(), upstream.address().host()))
          .setHost(host)
          .setPort(upstream.tls() ? 443 : 80)
          .setSsl(upstream.tls())
          .setURI(request.uri())
          .setConnectTimeout(policy.connectTimeoutMillis())
          .setIdleTimeout(policy.responseTimeoutMillis());
      long sentNanos = System.nanoTime();
      client.request(options)
          .onSuccess(upstreamRequest -> send(upstream, upstreamRequest, sentNanos))
          .onFailure(error -> {
            UpstreamFailure failure = UpstreamFailure.of(upstream, error);
            recordFailure(upstream, failure, sentNanos);
            if (failure.retryable() && index + 1 < plan.size()) {
              LOG.debug("{} site {}: {} unreachable ({}), trying {}", cacheName, site.name(),
                  upstream.name(), failure.reason(), plan.get(index + 1).name());
              attempt(plan, index + 1);
            } else {
              fail(failure);
            }
          });
    }

    void send(Upstream upstream, HttpClientRequest upstreamRequest, long sentNanos) {
      this.upstreamRequest = upstreamRequest;
      MultiMap headers = upstreamRequest.headers();
      HopByHop.copy(request.headers(), headers, trusted ? SKIP_FROM_PEER : SKIP_FROM_CLIENT);
      ForwardingHeaders.apply(request.headers(), headers, trusted, clientAddress, host,
          request.scheme() == null ? "http" : request.scheme(), cacheName);
      if (tunnel) {
        headers.set("Connection", "Upgrade");
        headers.set("Upgrade", request.getHeader("Upgrade"));
      }
      Future<HttpClientResponse> answer;
      if (tunnel) {
        answer = upstreamRequest.connect();
      } else if (hasBody) {
        if (request.getHeader("Content-Length") == null) {
          upstreamRequest.setChunked(true);
        }
        answer = upstreamRequest.send(request);
      } else {
        answer = upstreamRequest.send();
      }
      answer
          .onSuccess(upstreamResponse -> {
            upstreamNanos = System.nanoTime() - sentNanos;
            metrics.upstream(site.name(), upstream.kind().wireName(),
                NodeMetrics.codeClass(upstreamResponse.statusCode()), upstreamNanos);
            route.answered(site, upstream);
            relay(upstreamResponse);
          })
          .onFailure(error -> {
            UpstreamFailure failure = UpstreamFailure.of(upstream, error);
            recordFailure(upstream, failure, sentNanos);
            fail(failure);
          });
    }

    void relay(HttpClientResponse upstreamResponse) {
      if (response.closed() || response.ended()) {
        upstreamRequest.reset();
        return;
      }
      int status = upstreamResponse.statusCode();
      response.setStatusCode(status);
      response.setStatusMessage(upstreamResponse.statusMessage());
      MultiMap out = response.headers();
      Set<String> skip = policy.stripCdnHeaders() ? CDN_ONLY_RESPONSE_HEADERS : Set.of();
      HopByHop.copy(upstreamResponse.headers(), out, skip);
      String via = upstreamResponse.getHeader("Via");
      String ownVia = "1.1 " + cacheName + " (edgecdn)";
      out.set("Via", via == null ? ownVia : via + ", " + ownVia);
      member = CacheStatus.member(cacheName, phase, status, null);
      CacheStatus.append(out, member);
      if (tunnel && status == 101) {
        out.set("Connection", "Upgrade");
        out.set("Upgrade", upstreamResponse.getHeader("Upgrade"));
        openTunnel(upstreamResponse);
        return;
      }
      if (out.get("Content-Length") == null && mayHaveBody(status)) {
        response.setChunked(true);
      }
      upstreamResponse.pipe()
          .endOnFailure(false)
          .to(response)
          .onFailure(error -> {
            // A cut-short body must look cut short: reset instead of ending cleanly.
            LOG.debug("{} site {}: response body broken: {}", cacheName, site.name(),
                error.toString());
            upstreamRequest.reset();
            response.reset();
          });
    }

    void openTunnel(HttpClientResponse upstreamResponse) {
      NetSocket upstreamSocket = upstreamResponse.netSocket();
      request.toNetSocket()
          .onSuccess(clientSocket -> {
            // pipeTo ends the other side when one side ends: closing either closes both.
            clientSocket.pipeTo(upstreamSocket);
            upstreamSocket.pipeTo(clientSocket);
          })
          .onFailure(error -> {
            LOG.debug("{} site {}: tunnel failed: {}", cacheName, site.name(), error.toString());
            upstreamSocket.close();
          });
    }

    boolean mayHaveBody(int status) {
      return request.method() != HttpMethod.HEAD && status >= 200 && status != 204
          && status != 304;
    }

    void recordFailure(Upstream upstream, UpstreamFailure failure, long sentNanos) {
      metrics.upstream(site.name(), upstream.kind().wireName(), failure.detail(),
          System.nanoTime() - sentNanos);
      route.failed(site, upstream, failure);
    }

    void fail(UpstreamFailure failure) {
      LOG.warn("{} site {}: {} {} failed at {} {}: {}", cacheName, site.name(), request.method(),
          request.path(), failure.upstream().kind().wireName(), failure.upstream().address(),
          failure.reason());
      phase = CachePhase.ERROR;
      request.resume();
      answerError(failure.status(), failure.detail(), cacheName + " could not get an answer from "
          + failure.upstream().kind().wireName() + " " + failure.upstream().address() + ": "
          + failure.reason());
    }

    void refuse(int status, String detail, String reason) {
      phase = CachePhase.REJECTED;
      answerError(status, detail, reason);
    }

    void answerError(int status, String detail, String reason) {
      if (response.headWritten()) {
        response.reset();
        return;
      }
      if (response.closed()) {
        return;
      }
      member = CacheStatus.member(cacheName, phase, -1, detail);
      response.setStatusCode(status);
      response.headers()
          .set("Content-Type", "text/plain; charset=utf-8")
          .set("Cache-Control", "no-store")
          .set(CacheStatus.HEADER, member);
      response.end(Buffer.buffer(status + " " + response.getStatusMessage() + ": " + reason + "\n"));
    }

    void finish() {
      if (finished) {
        return;
      }
      finished = true;
      long now = System.nanoTime();
      String siteName = site == null ? "unknown" : site.name();
      long ttfb = (headNanos > 0 ? headNanos : now) - startNanos;
      metrics.request(siteName, phase, response.getStatusCode(), ttfb);
      accessLog.record(new AccessLogEntry(Instant.now(), cacheName, clientAddress, siteName,
          request.method().name(), request.uri(), response.getStatusCode(),
          response.bytesWritten(), member == null ? cacheName : member,
          upstreamNanos < 0 ? -1 : upstreamNanos / 1_000_000, (now - startNanos) / 1_000_000));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    HashSet<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
