package org.edgecdn.shield;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.node.NodeServers;

/**
 * What one origin shield needs to run.
 *
 * @param name the shield's name, also its {@code Cache-Status} member ({@code shield})
 * @param listen the address edges connect to
 * @param admin the admin address
 * @param sites the sites and their origins
 * @param trustedPeers addresses the edges connect from: their forwarding headers are kept
 * @param connectTimeoutMillis time allowed to connect to an origin
 * @param responseTimeoutMillis time an origin may stay silent
 * @param cache the shield's cache (the second level: larger than an edge's)
 * @param headTimeout time a client has for a request head, see {@link NodeServers}
 * @param loops how many event loops serve the traffic port (at least 1)
 */
public record ShieldOptions(
    String name, HostPort listen, HostPort admin, List<Site> sites, Set<String> trustedPeers,
    long connectTimeoutMillis, long responseTimeoutMillis, CacheOptions cache,
    Duration headTimeout, int loops) {

  public ShieldOptions {
    sites = List.copyOf(sites);
    trustedPeers = Set.copyOf(trustedPeers);
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1, not " + loops);
    }
  }

  /** A shield with the default head timeout, served from one event loop. */
  public ShieldOptions(String name, HostPort listen, HostPort admin, List<Site> sites,
      Set<String> trustedPeers, long connectTimeoutMillis, long responseTimeoutMillis,
      CacheOptions cache) {
    this(name, listen, admin, sites, trustedPeers, connectTimeoutMillis, responseTimeoutMillis,
        cache, NodeServers.DEFAULT_HEAD_TIMEOUT, 1);
  }
}
