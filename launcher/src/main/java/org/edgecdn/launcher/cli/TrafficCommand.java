package org.edgecdn.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    description = {"Take one edge or shield of a running network out of service, or bring it"
        + " back, with the operator's token from the network file.",
        "stop: close its traffic port (responses in flight finish, /healthz says stopped, the"
            + " DNS moves its clients; cache and cluster stay). start: open it again on the"
            + " address it had. status: serving or stopped."})
public final class TrafficCommand implements Callable<Integer> {

  static final int UNREACHABLE = 1;
  private static final String PATH = "/api/v1/node";

  /** What the command asks of the node: its method and path under {@value #PATH}. */
  enum Action {
    STOP("POST", "/stop"),
    START("POST", "/start"),
    STATUS("GET", "");

    final String method;
    final String path;

    Action(String method, String path) {
      this.method = method;
      this.path = PATH + path;
    }
  }

  @Parameters(index = "0", paramLabel = "ACTION", description = "stop, start or status")
  String action;

  @Parameters(index = "1", paramLabel = "NODE", description = "a PoP's or a shield's name")
  String node;

  @Mixin
  AdminCallOptions adminCall = new AdminCallOptions();

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    Action asked;
    try {
      asked = Action.valueOf(action.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("cdn traffic: unknown action " + action + " (stop, start or status)");
      return ExitCodes.BAD_CONFIG;
    }
    String name = "cdn traffic " + action;
    Optional<NetworkConfig> network = adminCall.network(err);
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
      err.println(name + ": " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    AdminApiClient api = new AdminApiClient(base, token, adminCall.timeout);
    HttpResponse<String> response;
    try {
      response = api.send(asked.method, asked.path, Optional.empty());
    } catch (IOException e) {
      err.println(name + ": " + api.unreachable(e));
      return UNREACHABLE;
    }
    if (response.statusCode() != 200) {
      err.println(name + " " + node + ": HTTP " + response.statusCode() + ": "
          + AdminApiClient.message(response));
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
