package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.anycast.AnycastSimulation;
import org.edgecdn.dns.anycast.SimulationOptions;
import org.edgecdn.dns.anycast.Topology;
import org.edgecdn.dns.health.ProbeOptions;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdn simulate ...}: models that print figures; nothing is started. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Models of the network that print figures; nothing is started.",
    subcommands = {SimulateCommand.Anycast.class, SimulateCacheCommand.class,
        SimulatePrefetch.class})
public final class SimulateCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * {@code cdn simulate anycast}: DNS steering against IP anycast for a seeded client population
   * placed around the network file's location rows, with the file's PoPs and DNS TTL.
   */
  @Command(name = "anycast", mixinStandardHelpOptions = true,
      description = {"Compare DNS steering with IP anycast for a seeded client population:",
          "share at the best PoP, mean and p95 RTT, load per PoP, and with --fail,",
          "clients moved and modelled convergence time."})
  static final class Anycast implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "10000",
        description = "clients to place (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--fail", paramLabel = "POP", description = "withdraw this PoP")
    String fail;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default 1)")
    long seed;

    @Option(names = "--mrai-seconds", defaultValue = "2",
        description = "modelled BGP delay per AS hop after a withdrawal (default ${DEFAULT-VALUE})")
    double mraiSeconds;

    @Option(names = "--config", paramLabel = "FILE",
        description = "the network file (default: the built-in demo network)")
    Path config;

    private final PrintStream out;
    private final PrintStream err;

    Anycast() {
      this(System.out, System.err);
    }

    /** Prints the report to {@code out} and problems to {@code err}. */
    Anycast(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      Optional<NetworkConfig> network = ConfigSource.load(config, err);
      if (network.isEmpty()) {
        return ExitCodes.BAD_CONFIG;
      }
      try {
        DnsOptions dns = new NodePlans(network.get()).dns();
        ProbeOptions probes = ProbeOptions.defaults();
        SimulationOptions options = SimulationOptions.defaults(clients, seed)
            .withMraiPerHop(Duration.ofMillis(Math.round(mraiSeconds * 1000)))
            .withDns(dns.ttl(), Duration.ofMillis(probes.intervalMillis() * probes.downAfter()));
        Topology topology = Topology.generate(dns.pops(), dns.locations(), options);
        out.print(
            AnycastSimulation.run(topology, options, Optional.ofNullable(fail), dns.steering())
                .text());
        return ExitCodes.OK;
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
    }
  }
}
