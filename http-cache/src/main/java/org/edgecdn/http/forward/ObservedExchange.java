package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import org.edgecdn.http.status.CachePhase;

/**
 * What an {@link ExchangeObserver} may know of one request.
 *
 * @param site the site's name
 * @param host the Host the client asked for (normalized)
 * @param method GET or HEAD
 * @param uri the request target as the client sent it
 * @param clientAddress the client's address
 * @param requestHeaders the client's request fields (read only)
 * @param prefetch whether the request is a speculative fetch ({@link PrefetchMarkers}): the
 *     edge's own prefetch or a browser's
 * @param status the response status (so far: final once finished)
 * @param phase how the cache handled it ({@link CachePhase#HIT}, {@link CachePhase#MISS}, ...)
 * @param stored whether this node stored the response (a fill or refresh that the cache kept)
 * @param upstreamMillis how long the upstream took to answer, or -1 when none was asked
 * @param bytesWritten body bytes sent to the client
 */
public record ObservedExchange(String site, String host, String method, String uri,
    String clientAddress, MultiMap requestHeaders, boolean prefetch, int status,
    CachePhase phase, boolean stored, long upstreamMillis, long bytesWritten) {}
