package org.edgecdn.launcher.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig;

/**
 * How the commands that talk to a running network ({@code cdn purge}, {@code cdn domains},
 * {@code cdn traffic}) reach its admin API: a node's admin port from the network file (the first
 * PoP's for the site APIs), a bearer token, JSON in Cloudflare's envelope, HTTP/1.1.
 */
final class AdminApiClient {

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient client;

  AdminApiClient(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    // HTTP/1.1: the admin port speaks it, and the JDK would otherwise try an h2c upgrade.
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).build();
  }

  /**
   * {@code http://host:port} of the first PoP's admin port; a wildcard listen address is
   * reached on loopback.
   *
   * @throws IllegalArgumentException when the port is 0 and so cannot be found
   */
  static URI base(NetworkConfig network) {
    return base("PoP " + network.pops().get(0).name(), network.pops().get(0).admin());
  }

  /**
   * {@code http://host:port} of {@code node}'s admin port {@code admin}; a wildcard listen
   * address is reached on loopback.
   *
   * @throws IllegalArgumentException when the port is 0 and so cannot be found
   */
  static URI base(String node, HostPort admin) {
    if (admin.port() == 0) {
      throw new IllegalArgumentException("the admin port of " + node
          + " is 0 (any free port), so it cannot be found: give a network file with a fixed"
          + " admin port");
    }
    String host = switch (admin.host()) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "0:0:0:0:0:0:0:0" -> "::1";
      default -> admin.host();
    };
    return URI.create("http://" + new HostPort(host, admin.port()));
  }

  /** Sends {@code method path} with an optional JSON body. */
  HttpResponse<String> send(String method, String path, Optional<JsonObject> body)
      throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .method(method, body.map(b -> HttpRequest.BodyPublishers.ofString(b.encode()))
            .orElse(HttpRequest.BodyPublishers.noBody()));
    body.ifPresent(b -> request.header("Content-Type", "application/json"));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Why the API could not be reached, for one line of output. */
  String unreachable(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer from the admin API at " + base + " within " + timeout.toMillis() + " ms";
    }
    String reason = e instanceof ConnectException ? "connection refused" : describe(e);
    return "cannot reach the admin API at " + base + ": " + reason
        + " (is the network running? cdn up)";
  }

  /** The API's error message, or the first line of whatever it answered. */
  static String message(HttpResponse<String> response) {
    return json(response.body())
        .map(j -> j.getJsonArray("errors"))
        .filter(errors -> !errors.isEmpty())
        .map(errors -> errors.getJsonObject(0).getString("message"))
        .orElseGet(() -> firstLine(response));
  }

  static Optional<JsonObject> json(String text) {
    try {
      return Optional.of(new JsonObject(text));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      return Optional.empty();
    }
  }

  static String firstLine(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip();
    return body.isEmpty() ? "(empty body)" : body.lines().findFirst().orElse("");
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
