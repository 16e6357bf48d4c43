package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
            List.of(origin), Optional.empty(), s.cache(), s.purgeTokens(), s.llm(), s.prefetch())).toList(),
        // The benchmark drives purges faster than an operator would: no rate limit in its way.
        new NetworkConfig.PurgeSection(10_000, 10_000));
  }

  /**
   * A free port below the kernel's ephemeral range (10000-32767 unless the kernel says
   * otherwise): nodes bind some time after their ports are chosen, and an outgoing connection
   * made meanwhile (a cluster member connecting to the others) could take an ephemeral one.
   */
  static HostPort free(String host) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 10_000 + RANDOM.nextInt(22_000);
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        HANDED_OUT.add(port);
        return new HostPort(host, port);
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new UncheckedIOException("no free port on " + host, new IOException("200 tries"));
  }

  private static final Random RANDOM = new Random();
  /** Never the same port twice: nodes of one Vert.x instance would silently share it. */
  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
}
