package org.edgecdn.launcher.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdn edge|shield|dns|origin}: one role per process, for deployments over several machines
 * (and containers: {@code origin} runs the demo origin alone, for {@code deploy/compose.yaml}).
 */
abstract class NodeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "network YAML file (default: the built-in demo network)")
  Path config;

  @Option(names = "--no-rate-limits",
      description = "turn DNS and purge rate limits off, for a measurement run")
  boolean noRateLimits;

  abstract Role role(NetworkConfig network);

  /** Null when the role exists in the network, else why not. */
  abstract String missing(NetworkConfig network);

  @Override
  public Integer call() {
    var loaded = ConfigSource.load(config, System.err);
    if (loaded.isEmpty()) {
      return ExitCodes.BAD_CONFIG;
    }
    String missing = missing(loaded.get());
    if (missing != null) {
      System.err.println("cdn: " + missing);
      return ExitCodes.BAD_CONFIG;
    }
    return NetworkProcess.run(loaded.get(), role(loaded.get()), true, !noRateLimits, System.out,
        System.err);
  }

  @Command(name = "edge", mixinStandardHelpOptions = true, description = "Run one edge (PoP).")
  static final class Edge extends NodeCommand {
    @Option(names = "--name", required = true, paramLabel = "POP", description = "the PoP's name")
    String name;

    @Override
    Role role(NetworkConfig network) {
      return new Role.Edge(name);
    }

    @Override
    String missing(NetworkConfig network) {
      return network.pops().stream().anyMatch(p -> p.name().equals(name)) ? null
          : "no PoP named '" + name + "' (PoPs: "
              + String.join(", ", network.pops().stream().map(p -> p.name()).toList()) + ")";
    }
  }

  @Command(name = "shield", mixinStandardHelpOptions = true, description = "Run one shield.")
  static final class Shield extends NodeCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "the shield's name")
    String name;

    @Override
    Role role(NetworkConfig network) {
      return new Role.Shield(name);
    }

    @Override
    String missing(NetworkConfig network) {
      return network.shields().stream().anyMatch(s -> s.name().equals(name)) ? null
          : "no shield named '" + name + "' (shields: "
              + String.join(", ", network.shields().stream().map(s -> s.name()).toList()) + ")";
    }
  }

  @Command(name = "dns", mixinStandardHelpOptions = true, description = "Run the geo DNS server.",
      subcommands = {DnsExplainCommand.class})
  static final class Dns extends NodeCommand {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "dns",
        description = "the DNS node's name (one DNS node per network for now)")
    String name;

    @Override
    Role role(NetworkConfig network) {
      return new Role.Dns();
    }

    @Override
    String missing(NetworkConfig network) {
      return name.equals("dns") ? null : "no DNS node named '" + name + "' (the DNS node is 'dns')";
    }
  }

  @Command(name = "origin", mixinStandardHelpOptions = true,
      description = "Run the demo origin alone, at the network file's demo-origin address.")
  static final class Origin extends NodeCommand {
    @Override
    Role role(NetworkConfig network) {
      return new Role.DemoOrigin();
    }

    @Override
    String missing(NetworkConfig network) {
      return network.demoOrigin().isPresent() ? null : "the network file has no demo-origin";
    }
  }
}
