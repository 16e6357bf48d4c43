package org.edgecdn.http;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.edgecdn.cache.CacheSettings;

/**
 * A customer site: the names clients use for it, and the origins that serve it. The edge needs
 * the domains (to admit a request), the shield the origins (to fetch it).
 *
 * @param name short identifier used in DNS ({@code <name>.<zone>}), metrics and logs
 * @param domains host names the site answers to, lower-case, without port or trailing dot
 * @param origins base URLs of the origin servers ({@code http://host:port})
 * @param healthCheck active probe of each origin, when configured
 * @param cache how the site's responses are keyed and cached
 */
public record Site(
    String name, List<String> domains, List<URI> origins, Optional<HealthCheck> healthCheck,
    CacheSettings cache) {

  public Site {
    domains = List.copyOf(domains);
    origins = List.copyOf(origins);
  }

  /** A site cached by the RFC defaults. */
  public Site(String name, List<String> domains, List<URI> origins,
      Optional<HealthCheck> healthCheck) {
    this(name, domains, origins, healthCheck, CacheSettings.defaults());
  }

  /** Active health check: GET {@code path} on each origin every {@code intervalMillis}. */
  public record HealthCheck(String path, long intervalMillis) {}
}
