package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.geo.Cidr;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.resolve.Explanation;
import org.edgecdn.dns.resolve.SteeringExplainer;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdn dns explain NAME --client ADDR}: why DNS sends that client to that PoP, with every
 * PoP's cost (latency-matrix RTT, estimated RTT or distance), weight, effective cost and health.
 * Works from the network file alone; no network needs to run, so every PoP counts as healthy
 * unless {@code --down} says otherwise.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain which PoP DNS gives a client for a name, and why.",
        "Reads the network file only: PoPs count as healthy unless listed with --down."})
public final class DnsExplainCommand implements Callable<Integer> {

  @Parameters(paramLabel = "NAME", description = "the name queried, e.g. www.shop.example")
  String name;

  @Option(names = "--client", paramLabel = "ADDR", required = true,
      description = "the client's (or its resolver's) IP address, e.g. 127.0.2.9")
  String client;

  @Option(names = "--subnet", paramLabel = "CIDR",
      description = "an EDNS Client Subnet the query carries, e.g. 198.51.100.0/24")
  String subnet;

  @Option(names = "--down", paramLabel = "POP", split = ",",
      description = "PoPs to treat as down (repeat or separate with commas)")
  List<String> down = List.of();

  @Option(names = "--config", paramLabel = "FILE",
      description = "the network file (default: the built-in demo network)")
  Path config;

  private final PrintStream out;
  private final PrintStream err;

  public DnsExplainCommand() {
    this(System.out, System.err);
  }

  /** Writes the explanation to {@code out} and problems to {@code err}. */
  DnsExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Optional<NetworkConfig> network = ConfigSource.load(config, err);
    if (network.isEmpty()) {
      return ExitCodes.BAD_CONFIG;
    }
    Optional<InetAddress> address = IpLiteral.tryParse(client);
    if (address.isEmpty()) {
      err.println("--client '" + client + "' is not an IP address");
      return ExitCodes.BAD_CONFIG;
    }
    Optional<Cidr> clientSubnet;
    try {
      clientSubnet = Optional.ofNullable(subnet).map(Cidr::parse);
    } catch (IllegalArgumentException e) {
      err.println("--subnet: " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    DnsOptions options;
    try {
      options = new NodePlans(network.get()).dns();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    Set<String> downPops = Set.copyOf(down);
    List<String> known = options.pops().stream().map(PopAddress::name).toList();
    for (String pop : downPops) {
      if (!known.contains(pop)) {
        err.println("--down: no PoP named '" + pop + "' (PoPs: "
            + String.join(", ", known) + ")");
        return ExitCodes.BAD_CONFIG;
      }
    }
    Explanation explanation = SteeringExplainer.create(options, pop -> !downPops.contains(pop))
        .explain(name, address.get(), clientSubnet);
    out.print(explanation.text());
    return ExitCodes.OK;
  }
}
