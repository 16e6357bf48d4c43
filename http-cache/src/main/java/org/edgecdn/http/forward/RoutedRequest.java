package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import org.edgecdn.http.Site;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.http.status.CacheStatusMember;

/**
 * A request handed to a {@link RouteHandler}: the admitted request, its site and host, and the
 * node's record of it (its cache phase, counted in {@code cdn_requests_total}, and its
 * {@code Cache-Status} member).
 */
public final class RoutedRequest {

  private final Exchange exchange;

  RoutedRequest(Exchange exchange) {
    this.exchange = exchange;
  }

  public HttpServerRequest request() {
    return exchange.request;
  }

  public Site site() {
    return exchange.site;
  }

  /** The request's host, normalized. */
  public String host() {
    return exchange.host;
  }

  /** The node's cache name, as {@code Cache-Status} and {@code Via} name it ({@code edge-eu}). */
  public String cacheName() {
    return exchange.node.cacheName;
  }

  /** This node's {@code Cache-Status} member for the request, to fill in. */
  public CacheStatusMember member() {
    return exchange.member;
  }

  /** How the request is counted when it ends. */
  public void phase(CachePhase phase) {
    exchange.phase = phase;
  }

  /** Adds this node's {@code Via} and {@code Cache-Status} to the response headers. */
  public void addViaAndStatus(MultiMap responseHeaders) {
    exchange.addViaAndStatus(responseHeaders);
  }

  /** Refuses the request (a client's mistake: 400, 413) with a page naming the reason. */
  public void refuse(int status, String detail, String reason) {
    exchange.refuse(status, detail, reason);
  }

  /** Answers 502/504 after an upstream failure, naming the reason; counted as an error. */
  public void upstreamFailed(int status, String detail, String reason) {
    exchange.phase = CachePhase.ERROR;
    exchange.member.detail(detail);
    exchange.answerError(status, reason);
  }
}
