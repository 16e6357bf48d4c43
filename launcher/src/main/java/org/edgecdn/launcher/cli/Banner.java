package org.edgecdn.launcher.cli;

import java.util.Locale;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.RunningNetwork;
import org.edgecdn.launcher.run.StartedNode;

/** What `cdn up` prints once the network runs: what is where, and commands to try. */
final class Banner {

  private Banner() {}

  /**
   * Parts that are not nodes of their own: cluster members and the DNS's cluster client, the
   * DNS's edge probes, the custom-domain watchers and rechecks.
   */
  private static boolean hidden(StartedNode node) {
    return switch (node.kind()) {
      case "cluster", "cluster-client", "probes", "domains" -> true;
      default -> false;
    };
  }

  static String render(NetworkConfig config, RunningNetwork network) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "%nedgecdn is up: %d nodes, cluster '%s' of %d members formed in %.1f s%n%n",
        network.nodes().stream().filter(n -> !hidden(n)).count(),
        config.cluster().name(), network.clusterSize(),
        network.clusterFormation().toMillis() / 1000.0));
    for (StartedNode node : network.nodes()) {
      if (hidden(node)) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "  %-7s %-7s %-28s %s%n", node.kind(), node.name(),
          node.address(), node.admin().isEmpty() ? "" : "admin " + node.admin()));
    }
    for (NetworkConfig.SiteSection site : config.sites()) {
      out.append(String.format(Locale.ROOT, "  %-7s %-7s %s -> %s%n", "site", site.name(),
          String.join(", ", site.domains()), site.origins()));
    }
    if (config.sites().isEmpty() || config.pops().isEmpty()) {
      return out.toString();
    }
    String domain = config.sites().get(0).domains().get(0);
    NetworkConfig.PopSection pop = config.pops().get(Math.min(1, config.pops().size() - 1));
    var dns = config.dns().listen();
    var clientSubnet = pop.listen().host().replaceAll("\\.\\d+$", ".0") + "/24";
    out.append("\nTry:\n");
    out.append(String.format(Locale.ROOT, "  dig @%s -p %d %s +subnet=%s%n", dns.host(),
        dns.port(), domain, clientSubnet));
    out.append(String.format(Locale.ROOT, "  curl -si http://%s/ -H 'Host: %s'%n", pop.listen(),
        domain));
    out.append(String.format(Locale.ROOT,
        "  curl -s http://%s/metrics | grep cdn_requests_total%n", pop.admin()));
    if (!config.sites().get(0).purgeTokens().isEmpty()) {
      out.append(String.format(Locale.ROOT, "  ./cdn purge --url http://%s/%n", domain));
    }
    out.append("\nCtrl-C stops everything.\n");
    return out.toString();
  }
}
