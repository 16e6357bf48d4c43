package org.edgecdn.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdn traffic stop|start|status NODE}: takes one edge or shield of a running network out
 * of service and brings it back, through its own admin port ({@code /api/v1/node}), with the
 * network file's {@code operator-token}. What stop and start do is the node's
 * ({@code TrafficPort}, docs/operations.md); this only finds the node and the token.
 *
 * <p>Exit codes: 0 done, 1 the node's admin port could not be reached, 2 bad arguments, a bad
 * network file or a refusal (401, 403, 409: the message says which).
 */
@Command(name = "traffic", mixinStandardHelpOptions = true,
    description = "Take one edge or shield of a running network out of service, or bring it"
        + " back (the operator's token from the network file).",
    subcommands = {TrafficCommand.Stop.class, TrafficCommand.Start.class,
        TrafficCommand.Status.class})
public final class TrafficCommand implements Runnable {

  static final int UNREACHABLE = 1;
  private static final String PATH = "/api/v1/node";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** What the three subcommands share: the node, the network file, the output. */
  abstract static class Base implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "a PoP's or a shield's name")
    String node;

    @Option(names = "--config", paramLabel = "FILE",
        description = "network YAML file (default: the built-in demo network)")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s",
        converter = PurgeCommand.DurationConverter.class,
        description = "how long to wait for the node (default ${DEFAULT-VALUE}; a stop waits"
            + " up to 5 s for responses in flight)")
    Duration timeout;

    NetworkConfig presetNetwork;
    PrintStream out = System.out;
    PrintStream err = System.err;

    abstract String name();

    abstract HttpResponse<String> send(AdminApiClient api) throws IOException;

    @Override
    public Integer call() {
      Optional<NetworkConfig> network = presetNetwork != null
          ? Optional.of(presetNetwork) : ConfigSource.load(config, err);
      if (network.isEmpty()) {
        return ExitCodes.BAD_CONFIG;
      }
      URI base;
      String token;
      try {
        base = AdminApiClient.base(node, adminOf(network.get(), node));
        token = network.get().operatorToken()
            .map(NetworkConfig.OperatorTokenSection::token)
            .orElseThrow(() -> new IllegalArgumentException("the network file has no"
                + " operator-token (e.g. operator-token: ${EDGECDN_OPERATOR_TOKEN}); the nodes"
                + " refuse node control without one"));
      } catch (IllegalArgumentException e) {
        err.println("cdn traffic " + name() + ": " + e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      AdminApiClient api = new AdminApiClient(base, token, timeout);
      HttpResponse<String> response;
      try {
        response = send(api);
      } catch (IOException e) {
        err.println("cdn traffic " + name() + ": " + api.unreachable(e));
        return UNREACHABLE;
      }
      if (response.statusCode() != 200) {
        err.println("cdn traffic " + name() + " " + node + ": HTTP " + response.statusCode()
            + ": " + AdminApiClient.message(response));
        return ExitCodes.BAD_CONFIG;
      }
      String traffic = AdminApiClient.json(response.body())
          .map(json -> json.getJsonObject("result"))
          .map(result -> result.getString("traffic"))
          .orElse("unknown");
      out.println(node + ": " + traffic);
      return ExitCodes.OK;
    }

    /** The admin address of the PoP or shield named {@code name}. */
    private static HostPort adminOf(NetworkConfig network, String name) {
      Map<String, HostPort> admins = new LinkedHashMap<>();
      network.pops().forEach(pop -> admins.put(pop.name(), pop.admin()));
      network.shields().forEach(shield -> admins.put(shield.name(), shield.admin()));
      HostPort admin = admins.get(name);
      if (admin == null) {
        throw new IllegalArgumentException("no PoP or shield named " + name + " (nodes: "
            + String.join(", ", admins.keySet()) + ")");
      }
      return admin;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Close the node's traffic port (open connections finish their responses,"
          + " /healthz says stopped, the DNS moves its clients); cache and cluster stay.")
  static final class Stop extends Base {
    @Override
    String name() {
      return "stop";
    }

    @Override
    HttpResponse<String> send(AdminApiClient api) throws IOException {
      return api.send("POST", PATH + "/stop", Optional.empty());
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Open the node's traffic port again, on the address it had.")
  static final class Start extends Base {
    @Override
    String name() {
      return "start";
    }

    @Override
    HttpResponse<String> send(AdminApiClient api) throws IOException {
      return api.send("POST", PATH + "/start", Optional.empty());
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Whether the node's traffic port is serving or stopped.")
  static final class Status extends Base {
    @Override
    String name() {
      return "status";
    }

    @Override
    HttpResponse<String> send(AdminApiClient api) throws IOException {
      return api.send("GET", PATH, Optional.empty());
    }
  }
}
