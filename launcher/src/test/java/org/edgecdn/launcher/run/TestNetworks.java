package org.edgecdn.launcher.run;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

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

  /** Starts the whole of {@code config} in this JVM, as {@code cdn up} does. */
  static RunningNetwork startWhole(Vertx vertx, NetworkConfig config) {
    return Await.result(RunningNetwork.start(vertx, new NodePlans(config),
        new Role.WholeNetwork(), AccessLog.off()), Duration.ofSeconds(90));
  }

  /** Stops {@code network}, if it started, then {@code vertx}. */
  static void stop(RunningNetwork network, Vertx vertx) {
    if (network != null) {
      Await.result(network.close(), Duration.ofSeconds(20));
    }
    Await.result(vertx.close());
  }

  /**
   * Asks the DNS at {@code dns} for the A record of {@code name}, for a client in
   * {@code clientSubnet} (sent as EDNS Client Subnet) or, when null, from this machine.
   */
  static Message query(HostPort dns, String name, String clientSubnet, boolean tcp)
      throws Exception {
    SimpleResolver resolver = new SimpleResolver(
        new InetSocketAddress(InetAddress.getByName(dns.host()), dns.port()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    Message query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A,
        DClass.IN));
    if (clientSubnet != null) {
      String[] parts = clientSubnet.split("/");
      query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(
          Integer.parseInt(parts[1]), InetAddress.getByName(parts[0])))), Section.ADDITIONAL);
    }
    return resolver.send(query);
  }

  /** Below the ephemeral range: see {@link FreePorts#stable}. */
  private static HostPort free(String host) {
    return new HostPort(host, FreePorts.stable(host));
  }
}
