package org.edgecdn.http.forward;

import java.util.Set;
import org.edgecdn.http.NodeIdentity;

/**
 * How one node forwards: who it is, how long it waits for upstreams, whom it trusts.
 *
 * @param node this node
 * @param connectTimeoutMillis time allowed to open a connection to an upstream
 * @param responseTimeoutMillis time an upstream may stay silent (before and during the response)
 * @param trustedPeers addresses of the network's own nodes, whose forwarding headers are kept
 * @param stripCdnHeaders whether to drop CDN-only response headers ({@code CDN-Cache-Control},
 *     {@code Surrogate-Control}, {@code Surrogate-Key}, {@code Cache-Tag}) before the client sees
 *     them: the edge does; the shield passes them on, since edges need them (DESIGN §4 step 8)
 */
public record ForwardingPolicy(
    NodeIdentity node, long connectTimeoutMillis, long responseTimeoutMillis,
    Set<String> trustedPeers, boolean stripCdnHeaders) {

  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
  public static final long DEFAULT_RESPONSE_TIMEOUT_MILLIS = 30_000;

  public ForwardingPolicy {
    trustedPeers = Set.copyOf(trustedPeers);
  }
}
