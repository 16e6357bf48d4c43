package org.edgecdn.launcher.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.HostPort;

/**
 * The whole network as one YAML file describes it (DESIGN §9): the PoPs (edges), the shields,
 * the DNS server, the sites and their origins, the client-location table. Values here are
 * already validated: {@link NetworkConfigLoader} only builds one when the file had no problem.
 * Each service builds its own options from its part (see {@code NodePlans} in the launcher).
 */
public record NetworkConfig(
    String zone,
    ClusterSection cluster,
    ProxySection proxy,
    AccessLog accessLog,
    Optional<HostPort> demoOrigin,
    DnsSection dns,
    List<ShieldSection> shields,
    List<PopSection> pops,
    List<LocationSection> locations,
    List<SiteSection> sites) {

  public NetworkConfig {
    shields = List.copyOf(shields);
    pops = List.copyOf(pops);
    locations = List.copyOf(locations);
    sites = List.copyOf(sites);
  }

  /** The embedded Hazelcast cluster every edge and shield joins (one member per node). */
  public record ClusterSection(String name) {}

  /** Upstream timeouts used by every proxying node. */
  public record ProxySection(Duration connectTimeout, Duration responseTimeout) {}

  /** Where each node writes one line per request. */
  public sealed interface AccessLog {
    record Off() implements AccessLog {}

    record Stdout() implements AccessLog {}

    record ToFile(String path) implements AccessLog {}
  }

  public record DnsSection(HostPort listen, HostPort admin, Duration ttl) {}

  public record ShieldSection(String name, HostPort listen, HostPort admin, HostPort cluster) {}

  public record PopSection(
      String name, HostPort listen, HostPort admin, HostPort cluster, GeoPoint location) {}

  /** A point on the globe with the region name used in logs and metrics. */
  public record GeoPoint(double lat, double lon, String region) {}

  /** One row of the client-location table: clients in {@code cidr} are at this place. */
  public record LocationSection(String cidr, double lat, double lon, String country, String region) {}

  public record SiteSection(
      String name, List<String> domains, List<URI> origins, Optional<HealthCheck> healthCheck) {
    public SiteSection {
      domains = List.copyOf(domains);
      origins = List.copyOf(origins);
    }
  }

  /** Active health probe of each origin of a site: GET {@code path} every {@code interval}. */
  public record HealthCheck(String path, Duration interval) {}
}
