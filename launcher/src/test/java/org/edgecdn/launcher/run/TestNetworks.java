package org.edgecdn.launcher.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.testkit.FreePorts;

/**
 * The demo network moved to free ports, so tests never clash with a running {@code cdn up} or
 * with each other. PoPs keep their own loopback addresses (127.0.1.1, 127.0.2.1, 127.0.3.1) so
 * that DNS answers and client locations mean what they mean in the demo.
 */
final class TestNetworks {

  private TestNetworks() {}

  /** The demo on free ports, checking custom domains through {@code resolver}. */
  static NetworkConfig demoOnFreePorts(HostPort resolver) {
    return demoOnFreePorts(resolver, Optional.empty(), "edgecdn-demo");
  }

  /** The same, keeping onboarded domains in {@code stateFile}, as cluster {@code cluster}. */
  static NetworkConfig demoOnFreePorts(HostPort resolver, Optional<String> stateFile,
      String cluster) {
    NetworkConfig demo = demoOnFreePorts();
    return new NetworkConfig(demo.zone(), new NetworkConfig.ClusterSection(cluster),
        demo.proxy(), demo.accessLog(), demo.cache(), demo.demoOrigin(), demo.dns(),
        demo.shields(), demo.pops(), demo.locations(), demo.sites(), demo.purge(),
        new NetworkConfig.DomainsSection(Optional.of(resolver), Duration.ofSeconds(2),
            NetworkConfig.DomainsSection.DEFAULT_RECHECK, stateFile));
  }

  static NetworkConfig demoOnFreePorts() {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    HostPort origin = free("127.0.0.1");
    List<NetworkConfig.ShieldSection> shields = demo.shields().stream()
        .map(s -> new NetworkConfig.ShieldSection(s.name(), free(s.listen().host()),
            free(s.admin().host()), free(s.cluster().host())))
        .toList();
    List<NetworkConfig.PopSection> pops = demo.pops().stream()
        .map(p -> new NetworkConfig.PopSection(p.name(), free(p.listen().host()),
            free(p.admin().host()), free(p.cluster().host()), p.location(), p.weight()))
        .toList();
    List<NetworkConfig.SiteSection> sites = demo.sites().stream()
        .map(s -> new NetworkConfig.SiteSection(s.name(), s.domains(),
            List.of(URI.create("http://" + origin)), s.healthCheck(), s.cache(),
            s.purgeTokens(), s.llm(), s.prefetch()))
        .toList();
    return new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(),
        new NetworkConfig.AccessLog.Off(), demo.cache(), Optional.of(origin),
        new NetworkConfig.DnsSection(free("127.0.0.1"), free("127.0.0.1"), demo.dns().ttl(),
            demo.dns().latencyMs()),
        shields, pops, demo.locations(), sites, demo.purge());
  }

  /** Below the ephemeral range: see {@link FreePorts#stable}. */
  private static HostPort free(String host) {
    return new HostPort(host, FreePorts.stable(host));
  }
}
