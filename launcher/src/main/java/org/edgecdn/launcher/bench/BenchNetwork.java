package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.run.StablePorts.free;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;

/**
 * The demo network moved to free ports, with its own cluster name and an origin of the
 * benchmark's choosing, so a benchmark runs beside a running {@code cdn up} without touching it.
 */
final class BenchNetwork {

  private BenchNetwork() {}

  static NetworkConfig demoOnFreePorts(String clusterName, URI origin) {
    NetworkConfig demo = NetworkConfigLoader.defaultNetwork();
    return new NetworkConfig(demo.zone(), new NetworkConfig.ClusterSection(clusterName),
        demo.proxy(), new NetworkConfig.AccessLog.Off(), demo.cache(), Optional.empty(),
        new NetworkConfig.DnsSection(free("127.0.0.1"), free("127.0.0.1"), demo.dns().ttl(),
            demo.dns().latencyMs()),
        demo.shields().stream().map(s -> new NetworkConfig.ShieldSection(s.name(),
            free(s.listen().host()), free(s.admin().host()), free(s.cluster().host()))).toList(),
        demo.pops().stream().map(p -> new NetworkConfig.PopSection(p.name(),
            free(p.listen().host()), free(p.admin().host()), free(p.cluster().host()),
            p.location(), p.weight())).toList(),
        demo.locations(),
        demo.sites().stream().map(s -> new NetworkConfig.SiteSection(s.name(), s.domains(),
            List.of(origin), Optional.empty(), s.cache(), s.purgeTokens(), s.llm(),
            s.prefetch())).toList(),
        // The benchmark drives purges faster than an operator would: no rate limit in its way.
        new NetworkConfig.PurgeSection(10_000, 10_000));
  }
}
