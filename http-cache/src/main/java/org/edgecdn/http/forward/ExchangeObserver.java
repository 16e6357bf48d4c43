package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;

/**
 * A hook into a node's request path for features that watch traffic without being part of the
 * cache (the edge's prefetcher). Both methods run on the request's event loop and must return
 * quickly; neither may change what the cache stores or serves, except for extra response fields
 * given by {@link #beforeHead}. Default methods do nothing, so an observer overrides only what
 * it needs (as Vert.x's {@code ProxyInterceptor} does).
 *
 * <p>Called for GET and HEAD requests of a known site only.
 */
public interface ExchangeObserver {

  ExchangeObserver NONE = new ExchangeObserver() {};

  /**
   * When a GET arrives, before the cache lookup: fields to send at once in a 103 Early Hints
   * response (RFC 8297), or null for none. The exchange's status and phase are not known yet.
   */
  default MultiMap earlyHints(ObservedExchange arrival) {
    return null;
  }

  /** Whether {@link #earlyHints} may answer for {@code site}: asked first, per request, cheaply. */
  default boolean sendsEarlyHints(String site) {
    return false;
  }

  /**
   * Just before the response head is written: fields to add to it (e.g. {@code Link} hints),
   * or null for none, as {@link #earlyHints}. Returned rather than written into the response's
   * fields, so that an answer the observer adds nothing to (most: every asset) costs no map.
   */
  default MultiMap beforeHead(ObservedExchange exchange) {
    return null;
  }

  /** After the response ended, or the client went away. */
  default void finished(ObservedExchange exchange) {}
}
