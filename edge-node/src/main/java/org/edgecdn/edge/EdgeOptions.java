package org.edgecdn.edge;

import java.util.List;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.forward.ForwardingPolicy;

/**
 * What one edge (one PoP) needs to run.
 *
 * @param pop the PoP's name ({@code eu}); the edge calls itself {@code edge-<pop>}
 * @param listen the client-facing address
 * @param admin the admin address ({@code /healthz}, {@code /metrics})
 * @param sites the sites it serves
 * @param shields the shields it forwards to, in configuration order
 * @param connectTimeoutMillis see {@link ForwardingPolicy}
 * @param responseTimeoutMillis see {@link ForwardingPolicy}
 * @param cache the edge's cache (its byte budget, the per-object limit)
 */
public record EdgeOptions(
    String pop, HostPort listen, HostPort admin, List<Site> sites, List<ShieldAddress> shields,
    long connectTimeoutMillis, long responseTimeoutMillis, CacheOptions cache) {

  public EdgeOptions {
    sites = List.copyOf(sites);
    shields = List.copyOf(shields);
  }

  /** A shield as an edge knows it: its name (stable across restarts) and its address. */
  public record ShieldAddress(String name, HostPort address) {}
}
