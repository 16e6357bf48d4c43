package org.edgecdn.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.edge.llm.LlmSiteConfig;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.forward.ForwardingPolicy;
import org.edgecdn.http.node.NodeServers;

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
 * @param llm the sites' LLM routes, by site
 * @param llmCacheBytes the byte budget of stored LLM answers
 * @param headTimeout time a client has for a request head, see {@link NodeServers}
 * @param loops how many event loops serve the traffic port (at least 1)
 */
public record EdgeOptions(
    String pop, HostPort listen, HostPort admin, List<Site> sites, List<ShieldAddress> shields,
    long connectTimeoutMillis, long responseTimeoutMillis, CacheOptions cache,
    Map<String, LlmSiteConfig> llm, long llmCacheBytes, Duration headTimeout, int loops) {

  /** Stored LLM answers per edge, apart from the HTTP cache: 64 MiB. */
  public static final long DEFAULT_LLM_CACHE_BYTES = 64L << 20;

  public EdgeOptions {
    sites = List.copyOf(sites);
    shields = List.copyOf(shields);
    llm = Map.copyOf(llm);
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1, not " + loops);
    }
  }

  /** An edge with the default head timeout, served from one event loop. */
  public EdgeOptions(String pop, HostPort listen, HostPort admin, List<Site> sites,
      List<ShieldAddress> shields, long connectTimeoutMillis, long responseTimeoutMillis,
      CacheOptions cache, Map<String, LlmSiteConfig> llm, long llmCacheBytes) {
    this(pop, listen, admin, sites, shields, connectTimeoutMillis, responseTimeoutMillis, cache,
        llm, llmCacheBytes, NodeServers.DEFAULT_HEAD_TIMEOUT, 1);
  }

  /** An edge without LLM routes, with the default head timeout, served from one event loop. */
  public EdgeOptions(String pop, HostPort listen, HostPort admin, List<Site> sites,
      List<ShieldAddress> shields, long connectTimeoutMillis, long responseTimeoutMillis,
      CacheOptions cache) {
    this(pop, listen, admin, sites, shields, connectTimeoutMillis, responseTimeoutMillis, cache,
        Map.of(), DEFAULT_LLM_CACHE_BYTES);
  }

  /** These options with another head timeout. */
  public EdgeOptions withHeadTimeout(Duration timeout) {
    return new EdgeOptions(pop, listen, admin, sites, shields, connectTimeoutMillis,
        responseTimeoutMillis, cache, llm, llmCacheBytes, timeout, loops);
  }

  /** This edge served from {@code loops} event loops. */
  public EdgeOptions withLoops(int loops) {
    return new EdgeOptions(pop, listen, admin, sites, shields, connectTimeoutMillis,
        responseTimeoutMillis, cache, llm, llmCacheBytes, headTimeout, loops);
  }

  /** A shield as an edge knows it: its name (stable across restarts) and its address. */
  public record ShieldAddress(String name, HostPort address) {}
}
