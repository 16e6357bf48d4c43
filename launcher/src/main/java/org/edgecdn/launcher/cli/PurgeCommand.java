package org.edgecdn.launcher.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PurgeTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code cdn purge}: submits a purge to the network's admin API and waits until every node has
 * applied it, printing each node's state.
 *
 * <p>Everything it needs comes from the network file (the built-in demo network without
 * {@code --config}): the site (the only one, the one {@code --site} names, or the one owning the
 * URLs' or hosts' domain), the site's first token with the needed scope, and the admin address
 * of the first PoP. So against {@code cdn up} it needs no other flag.
 *
 * <p>Exit codes: 0 when every node that is up has applied it (a down node catches up when it
 * returns), 1 when that did not happen within {@code --timeout} or the API could not be reached
 * or refused for a passing reason (429, 5xx), 2 for bad arguments, a bad network file or a
 * request the API refused (4xx).
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Purge cached content on every node, then wait until each has applied it.")
final class PurgeCommand implements Callable<Integer> {

  /** The purge was accepted but not applied everywhere in time, or the API is unreachable. */
  static final int NOT_COMPLETE = 1;

  private static final String API_PATH = "/api/v1/purge";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final String KINDS = "--url, --tag, --prefix, --host, --all";

  @Option(names = "--url", arity = "1..*", paramLabel = "URL",
      description = "absolute URLs to purge, every variant (https://www.shop.example/a)")
  List<String> urls = new ArrayList<>();

  @Option(names = "--tag", arity = "1..*", paramLabel = "TAG",
      description = "cache tags (from Surrogate-Key or Cache-Tag) to purge")
  List<String> tags = new ArrayList<>();

  @Option(names = "--prefix", arity = "1..*", paramLabel = "PREFIX",
      description = "path prefixes: host/path, http(s)://host/path, or /path on every host")
  List<String> prefixes = new ArrayList<>();

  @Option(names = "--host", arity = "1..*", paramLabel = "HOST",
      description = "host names whose content to purge entirely")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--all", description = "purge everything of the site (always hard)")
  boolean all;

  @Option(names = "--soft", description = "mark stale instead of dropping: revalidated on next "
      + "use, still usable if the origin fails")
  boolean soft;

  @Option(names = "--site", paramLabel = "NAME",
      description = "the site, when the network has several and the targets do not tell")
  String site;

  @Option(names = "--config", paramLabel = "FILE",
      description = "network YAML file (default: the built-in demo network)")
  Path config;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "how long to wait in all, e.g. 500ms, 10s, 1m (default ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--no-wait", description = "print the purge id and return without waiting")
  boolean noWait;

  private final NetworkConfig presetNetwork;
  private final PrintStream out;
  private final PrintStream err;

  /** As {@code cdn purge} runs it. */
  PurgeCommand() {
    this(null, System.out, System.err);
  }

  /**
   * For tests: {@code network}, when not null, stands for the network file (and
   * {@code --config} is then ignored); output goes to {@code out} and {@code err}.
   */
  PurgeCommand(NetworkConfig network, PrintStream out, PrintStream err) {
    this.presetNetwork = network;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    int kinds = (urls.isEmpty() ? 0 : 1) + (tags.isEmpty() ? 0 : 1)
        + (prefixes.isEmpty() ? 0 : 1) + (hosts.isEmpty() ? 0 : 1) + (all ? 1 : 0);
    if (kinds != 1) {
      err.println("cdn purge: give exactly one of " + KINDS);
      return ExitCodes.BAD_CONFIG;
    }
    Optional<NetworkConfig> network = presetNetwork != null
        ? Optional.of(presetNetwork)
        : ConfigSource.load(config, err);
    if (network.isEmpty()) {
      return ExitCodes.BAD_CONFIG;
    }
    try {
      SiteSection chosen = chooseSite(network.get());
      String token = token(chosen);
      URI api = adminApi(network.get());
      if (all && soft) {
        err.println("cdn purge: note: purging everything is always hard; --soft is ignored");
      }
      return new Session(api, token, System.nanoTime() + timeout.toNanos()).run(body());
    } catch (BadArguments e) {
      err.println("cdn purge: " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
  }

  // ---- Choosing what to send where ----

  /** The site: {@code --site}, the only one, or the one that owns the named domains. */
  private SiteSection chooseSite(NetworkConfig network) {
    List<SiteSection> sites = network.sites();
    String names = sites.stream().map(SiteSection::name).collect(Collectors.joining(", "));
    if (site != null) {
      return sites.stream().filter(s -> s.name().equals(site)).findFirst()
          .orElseThrow(() -> new BadArguments("no site named " + site + " in the network"
              + (sites.isEmpty() ? "" : " (sites: " + names + ")")));
    }
    if (sites.isEmpty()) {
      throw new BadArguments("the network has no sites to purge");
    }
    if (sites.size() == 1) {
      return sites.get(0);
    }
    Set<String> named = namedHosts();
    if (named.isEmpty()) {
      throw new BadArguments("the network has several sites (" + names
          + "): name one with --site");
    }
    Set<SiteSection> owners = new LinkedHashSet<>();
    for (String host : named) {
      owners.add(sites.stream().filter(s -> s.domains().contains(host)).findFirst()
          .orElseThrow(() -> new BadArguments("no site serves " + host + " (sites: " + names
              + "); name one with --site")));
    }
    if (owners.size() > 1) {
      throw new BadArguments("the targets belong to several sites ("
          + owners.stream().map(SiteSection::name).collect(Collectors.joining(", "))
          + "): purge each site on its own");
    }
    return owners.iterator().next();
  }

  /** The host names the targets name, lower-cased, for finding their site. */
  private Set<String> namedHosts() {
    Set<String> named = new LinkedHashSet<>();
    for (String url : urls) {
      named.add(hostOf(url));
    }
    for (String host : hosts) {
      named.add(normalHost(host));
    }
    for (String prefix : prefixes) {
      String lower = prefix.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        named.add(hostOf(prefix));
      } else if (!prefix.startsWith("/")) {
        int slash = prefix.indexOf('/');
        named.add(normalHost(slash < 0 ? prefix : prefix.substring(0, slash)));
      }
    }
    return named;
  }

  private static String hostOf(String url) {
    try {
      String host = new URI(url).getHost();
      if (host != null) {
        return normalHost(host);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new BadArguments("bad URL " + url + ": give an absolute URL such as "
        + "https://www.shop.example/page");
  }

  private static String normalHost(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** The site's first token with the scope this purge needs. */
  private String token(SiteSection chosen) {
    String scope = all ? "purge_all" : "purge";
    return chosen.purgeTokens().stream().filter(t -> t.scopes().contains(scope))
        .map(PurgeTokenSection::token).findFirst()
        .orElseThrow(() -> new BadArguments("site " + chosen.name() + " has no purge token with"
            + " scope " + scope + " in " + (config == null || presetNetwork != null
            ? "the network" : config) + " (add one under sites[].purge-tokens)"));
  }

  /** The purge API of the first PoP. */
  private static URI adminApi(NetworkConfig network) {
    try {
      return URI.create(AdminApiClient.base(network) + API_PATH);
    } catch (IllegalArgumentException e) {
      throw new BadArguments(e.getMessage());
    }
  }

  /** The Cloudflare-style body of {@code POST /api/v1/purge}. */
  private JsonObject body() {
    JsonObject body = new JsonObject();
    if (all) {
      return body.put("everything", true);
    }
    if (!urls.isEmpty()) {
      body.put("files", new JsonArray(new ArrayList<Object>(urls)));
    } else if (!tags.isEmpty()) {
      body.put("tags", new JsonArray(new ArrayList<Object>(tags)));
    } else if (!prefixes.isEmpty()) {
      body.put("prefixes", new JsonArray(new ArrayList<Object>(prefixes)));
    } else {
      body.put("hosts", new JsonArray(new ArrayList<Object>(hosts)));
    }
    return soft ? body.put("soft", true) : body;
  }

  // ---- Talking to the API ----

  /** One purge: submit, then poll its status until complete or the deadline. */
  private final class Session {
    private final URI api;
    private final String token;
    private final long deadline;
    private final HttpClient client;

    Session(URI api, String token, long deadline) {
      this.api = api;
      this.token = token;
      this.deadline = deadline;
      // HTTP/1.1: the admin port speaks it, and the JDK would otherwise try an h2c upgrade.
      this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofNanos(Math.max(1, remaining()))).build();
    }

    int run(JsonObject body) {
      HttpResponse<String> response;
      try {
        response = send(HttpRequest.newBuilder(api)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
      } catch (IOException e) {
        err.println("cdn purge: " + unreachable(e));
        return NOT_COMPLETE;
      }
      if (response.statusCode() != 202) {
        return refused(response);
      }
      JsonObject result = json(response.body()).map(j -> j.getJsonObject("result")).orElse(null);
      if (result == null || result.getString("id") == null) {
        err.println("cdn purge: unexpected answer from " + api + ": " + firstLine(response));
        return NOT_COMPLETE;
      }
      String id = result.getString("id");
      out.println("purge " + id + " (seq " + result.getValue("seq") + ") accepted");
      return noWait ? ExitCodes.OK : await(id);
    }

    /** Polls the purge's status every 50 ms until it is complete or the deadline passes. */
    private int await(String id) {
      URI status = URI.create(api + "/" + id);
      JsonObject last = null;
      String problem = null;
      while (true) {
        try {
          HttpResponse<String> response = send(HttpRequest.newBuilder(status).GET());
          Optional<JsonObject> json = json(response.body());
          if (response.statusCode() == 200 && json.isPresent()) {
            last = json.get();
            if (Boolean.TRUE.equals(last.getBoolean("complete"))) {
              printNodes(last);
              out.println(summary(last));
              return ExitCodes.OK;
            }
          } else {
            // A status may not be readable at once everywhere: keep asking until the deadline.
            problem = "HTTP " + response.statusCode() + ": " + message(response);
          }
        } catch (IOException e) {
          problem = unreachable(e);
        }
        if (remaining() <= 0) {
          break;
        }
        sleep(Math.min(POLL_INTERVAL.toNanos(), remaining()));
      }
      if (last == null) {
        err.println("cdn purge: no status for purge " + id + " within " + format(timeout) + ": "
            + problem);
        return NOT_COMPLETE;
      }
      printNodes(last);
      out.println(incomplete(last));
      return NOT_COMPLETE;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
      long left = remaining();
      if (left <= 0) {
        throw new HttpTimeoutException("no time left");
      }
      try {
        return client.send(request.timeout(Duration.ofNanos(left))
                .header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    /** Prints a refusal; 4xx is the request's fault (2) except 429, which passes (1). */
    private int refused(HttpResponse<String> response) {
      int code = response.statusCode();
      String retry = response.headers().firstValue("Retry-After")
          .map(s -> "; retry in " + s + " s").orElse("");
      err.println("cdn purge: refused (HTTP " + code + "): " + message(response) + retry);
      return code >= 400 && code < 500 && code != 429 ? ExitCodes.BAD_CONFIG : NOT_COMPLETE;
    }

    private String unreachable(IOException e) {
      if (e instanceof HttpTimeoutException) {
        return "no answer from the admin API at " + api + " within " + format(timeout);
      }
      String reason = e instanceof ConnectException ? "connection refused" : describe(e);
      return "cannot reach the admin API at " + api + ": " + reason
          + " (is the network running? cdn up)";
    }

    private long remaining() {
      return deadline - System.nanoTime();
    }
  }

  // ---- Output ----

  /** One line per node: {@code   eu      applied  12 ms}, {@code   ap      down}. */
  private void printNodes(JsonObject status) {
    List<JsonObject> nodes = nodes(status);
    int width = nodes.stream().mapToInt(n -> n.getString("node", "").length()).max().orElse(0);
    for (JsonObject node : nodes) {
      String name = String.format("%-" + Math.max(1, width) + "s", node.getString("node", ""));
      String state = node.getString("state", "?");
      Long took = node.getLong("took_ms");
      out.println(("  " + name + "  " + (took == null ? state
          : String.format("%-7s  %d ms", state, took))).stripTrailing());
    }
  }

  /** {@code applied on 4/4 nodes in 23 ms}, naming the down nodes if any. */
  private static String summary(JsonObject status) {
    List<JsonObject> nodes = nodes(status);
    List<String> down = named(nodes, "down");
    long applied = nodes.stream().filter(n -> "applied".equals(n.getString("state"))).count();
    long slowest = nodes.stream().map(n -> n.getLong("took_ms")).filter(t -> t != null)
        .mapToLong(Long::longValue).max().orElse(0);
    return "applied on " + applied + "/" + nodes.size() + " nodes in " + slowest + " ms"
        + (down.isEmpty() ? "" : "; down: " + String.join(", ", down)
            + " (a down node applies it when it returns)");
  }

  /** Which nodes are holding the purge up, and why. */
  private String incomplete(JsonObject status) {
    List<JsonObject> nodes = nodes(status);
    List<String> pending = named(nodes, "pending");
    List<String> down = named(nodes, "down");
    return "not applied everywhere within " + format(timeout) + ": pending on "
        + String.join(", ", pending) + " (up, not applied yet)"
        + (down.isEmpty() ? "" : "; down: " + String.join(", ", down)
            + " (applies it when it returns)");
  }

  private static List<JsonObject> nodes(JsonObject status) {
    JsonArray nodes = status.getJsonArray("nodes", new JsonArray());
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      out.add(nodes.getJsonObject(i));
    }
    return out;
  }

  private static List<String> named(List<JsonObject> nodes, String state) {
    return nodes.stream().filter(n -> state.equals(n.getString("state")))
        .map(n -> n.getString("node")).toList();
  }

  private static String message(HttpResponse<String> response) {
    return AdminApiClient.message(response);
  }

  private static Optional<JsonObject> json(String text) {
    return AdminApiClient.json(text);
  }

  private static String firstLine(HttpResponse<String> response) {
    return AdminApiClient.firstLine(response);
  }

  private static String describe(Throwable e) {
    return AdminApiClient.describe(e);
  }

  private static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A mistake in the arguments or the network file, with the whole message. */
  private static final class BadArguments extends RuntimeException {
    BadArguments(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads {@code --timeout} as network files write durations. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return NetworkConfigLoader.duration(value);
    }
  }
}
