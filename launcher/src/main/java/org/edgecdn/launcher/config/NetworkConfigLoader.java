package org.edgecdn.launcher.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.edge.prefetch.Hints;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.node.NodeServers;
import org.edgecdn.launcher.config.NetworkConfig.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig.CacheSection;
import org.edgecdn.launcher.config.NetworkConfig.ClusterSection;
import org.edgecdn.launcher.config.NetworkConfig.DnsSection;
import org.edgecdn.launcher.config.NetworkConfig.DomainsSection;
import org.edgecdn.launcher.config.NetworkConfig.GeoPoint;
import org.edgecdn.launcher.config.NetworkConfig.HealthCheck;
import org.edgecdn.launcher.config.NetworkConfig.HttpLoops;
import org.edgecdn.launcher.config.NetworkConfig.LlmRouteSection;
import org.edgecdn.launcher.config.NetworkConfig.LlmSection;
import org.edgecdn.launcher.config.NetworkConfig.LocationSection;
import org.edgecdn.launcher.config.NetworkConfig.OperatorTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.launcher.config.NetworkConfig.PrefetchBudgetSection;
import org.edgecdn.launcher.config.NetworkConfig.PrefetchSection;
import org.edgecdn.launcher.config.NetworkConfig.PrefetchSharingSection;
import org.edgecdn.launcher.config.NetworkConfig.ProxySection;
import org.edgecdn.launcher.config.NetworkConfig.PurgeSection;
import org.edgecdn.launcher.config.NetworkConfig.PurgeTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.RuleSection;
import org.edgecdn.launcher.config.NetworkConfig.ShieldSection;
import org.edgecdn.launcher.config.NetworkConfig.SiteCache;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads and validates a network YAML file into a {@link NetworkConfig}. */
public final class NetworkConfigLoader {

  /*
   * Loading the network file (DESIGN §9). An operator who starts a network wants to hear about
   * every mistake at once, each with the place it is at, rather than fix them one run at a time.
   *
   * 1. Parsing. SnakeYAML turns the text into plain maps, lists and scalars: the safe constructor
   *    only (no arbitrary classes), duplicate keys refused, aliases capped against "billion
   *    laughs". Its resolver is swapped for a YAML 1.2 style one: in YAML 1.1, `off`, `no` and `on`
   *    are booleans and `0755` is octal, so `access-log: off` or `country: NO` would quietly change
   *    meaning. Here only true/false are booleans and only plain decimals are numbers.
   * 2. Walking. The tree is read section by section against the schema. A reader returns the value
   *    or records a problem under the value's path and returns null; the walk always goes on. Only
   *    a walk without a problem builds a NetworkConfig.
   * 3. Cross-checks. Names, listening endpoints, domains and CIDRs are collected during the walk
   *    and compared afterwards, in file order: the later one gets the problem and names the first.
   * 4. Order. Problems are sorted by where their path is in the file (a missing key sits at the end
   *    of its mapping; a path deeper than the index goes where its nearest indexed parent is), so
   *    the report reads top to bottom whatever order the sections come in.
   *
   * 5. Secrets. A purge token or the operator token may be written as ${NAME} or
   *    ${NAME:-default}, resolved from the environment map the loader is given (System.getenv() by
   *    default), so a real token need not sit in a file under version control. Only token values
   *    are resolved: elsewhere a '$' means itself. Problems about tokens never quote the token.
   *    The operator token must differ from every purge token: a site's owner must not be able to
   *    take a PoP out of service.
   *
   * The value checks (addresses, origins, domain names, durations) are also used by QuickStart, so
   * that a network built from command-line flags obeys the same rules as one read from a file.
   */

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MIN_HEAD_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_HEAD_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration DEFAULT_DNS_TTL = Duration.ofSeconds(20);

  private static final String DEFAULT_RESOURCE = "default-network.yaml";
  private static final int MAX_ALIASES = 50;
  // The order index stops at this depth, so aliases nested under an unknown key cannot make it walk
  // an exploding tree. It reaches every key of a cache rule (sites[0].cache.rules[0].ttl is at
  // depth 6); the items of a rule's lists are ranked where their list is (see order()).
  private static final int MAX_INDEXED_DEPTH = 6;

  private static final List<String> ROOT_KEYS =
      List.of(
          "zone", "cluster", "operator-token", "proxy", "access-log", "cache", "demo-origin",
          "dns", "shields",
          "pops", "locations", "purge", "domains", "prefetch-budget", "prefetch-sharing",
          "http-loops", "sites");
  private static final List<String> CLUSTER_KEYS = List.of("name", "isolation-timeout");
  private static final List<String> PROXY_KEYS = List.of("connect-timeout", "response-timeout",
      "head-timeout");
  private static final List<String> CACHE_KEYS =
      List.of("edge-size", "shield-size", "max-object-size");
  private static final List<String> DEMO_ORIGIN_KEYS = List.of("listen");
  private static final List<String> DNS_KEYS =
      List.of("listen", "admin", "ttl", "latency", "rate-limit", "tcp");
  private static final List<String> DNS_RATE_LIMIT_KEYS =
      List.of("enabled", "answers-per-second", "errors-per-second", "slip");
  private static final List<String> DNS_TCP_KEYS =
      List.of("idle-timeout", "connections-per-client");
  private static final List<String> SHIELD_KEYS = List.of("name", "listen", "admin", "cluster");
  private static final List<String> POP_KEYS =
      List.of("name", "listen", "admin", "cluster", "location", "weight");
  private static final List<String> GEO_KEYS = List.of("lat", "lon", "region");
  private static final List<String> LOCATION_KEYS =
      List.of("cidr", "lat", "lon", "country", "region");
  private static final List<String> SITE_KEYS =
      List.of("name", "domains", "origins", "health-check", "purge-tokens", "cache", "llm",
          "prefetch");
  private static final List<String> PREFETCH_KEYS = List.of("enabled", "threshold",
      "min-support", "max-per-view", "hints", "session-cookie", "share", "weigh-size",
      "half-life", "visit-timeout");
  private static final List<String> PREFETCH_HINTS = Hints.wireNames();
  private static final List<String> PREFETCH_SHARE = List.of("none", "region");
  private static final List<String> LLM_KEYS = List.of("provider", "api-key",
      "pass-through-client-key", "per-user", "per-user-headers", "normalize-text", "routes");
  private static final List<String> LLM_ROUTE_KEYS = List.of("path", "deterministic", "ttl",
      "async", "task-ttl", "webhook");
  private static final List<String> PURGE_TOKEN_KEYS = List.of("token", "scopes");
  private static final List<String> PURGE_KEYS = List.of("rate", "burst");
  private static final List<String> PREFETCH_SHARING_KEYS = List.of("interval");
  /** What {@code per-origin-requests-per-second} was called before; still read. */
  private static final String PER_SITE_OLD_NAME = "per-site-requests-per-second";
  private static final List<String> PREFETCH_BUDGET_KEYS =
      List.of("requests-per-second", "bytes-per-second", "per-origin-requests-per-second",
          PER_SITE_OLD_NAME);
  private static final Duration MIN_SHARING_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_SHARING_INTERVAL = Duration.ofHours(1);
  /** A prefetch rate above this is a typo, not a budget. */
  private static final double MAX_PREFETCH_RATE = 1_000_000;
  /**
   * A model that forgets within a minute learns nothing between two visitors; one that keeps
   * half its weight after a month no longer follows the site.
   */
  private static final Duration MIN_HALF_LIFE = Duration.ofMinutes(1);
  private static final Duration MAX_HALF_LIFE = Duration.ofDays(30);
  /** A visit idle longer than a day is a new one however it is counted. */
  private static final Duration MIN_VISIT_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration MAX_VISIT_TIMEOUT = Duration.ofDays(1);
  private static final Duration MAX_DOMAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MAX_RECHECK_INTERVAL = Duration.ofDays(1);
  private static final List<String> PURGE_SCOPES = List.of("purge", "purge_all", "domains");
  private static final List<String> DOMAINS_KEYS = List.of("resolver", "timeout", "recheck-interval",
      "state-file");
  private static final int MIN_TOKEN_LENGTH = 16;
  private static final int MAX_BURST = 1_000_000;
  /** Responses per client network and second: far beyond any sane limit, still an int. */
  private static final List<String> HEALTH_CHECK_KEYS = List.of("path", "interval");
  private static final List<String> SITE_CACHE_KEYS =
      List.of("strip-set-cookie", "ignore-client-no-cache", "heuristic-fraction", "heuristic-cap",
          "dropped-query-params", "unkeyed-headers", "rules");
  private static final List<String> RULE_KEYS =
      List.of("path", "ttl", "force-ttl", "query-keep-only", "query-ignore", "pass");

  private static final String MISSING = "missing (required)";
  private static final Pattern NODE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9-]+");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  // InetAddress parses text as a literal, never looking the name up, when it starts with a hex
  // digit or ':' and contains a ':'. Zone ids (%eth0) are not accepted.
  private static final Pattern IPV6_CHARS = Pattern.compile("(?=.*:)[0-9a-fA-F:][0-9a-fA-F:.]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
  // Binary units only: whether "MB" means 10^6 or 2^20 depends on who wrote it.
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})(KiB|MiB|GiB)?");
  // field-name = token (RFC 9110 §5.1, tchar in §5.6.2).
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  // ${NAME} or ${NAME:-default}, as a POSIX shell writes them.
  private static final Pattern ENV_REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  // Visible ASCII: what an Authorization header can carry without quoting (RFC 9110 §5.5).
  private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern PREFIX_LENGTH = Pattern.compile("[0-9]{1,3}");
  /** An RTT written with its unit: 12ms, 0.8ms. */
  private static final Pattern RTT_MS = Pattern.compile("(-?[0-9]{1,9}(?:\\.[0-9]{1,9})?)ms");

  private NetworkConfigLoader() {}

  /** Reads {@code file}; a file that cannot be read is one problem with path {@code (file)}. */
  public static ConfigResult load(Path file) {
    return load(file, System.getenv());
  }

  /** As {@link #load(Path)}, resolving token references from {@code env}. */
  public static ConfigResult load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return single("(file)", "cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      return single("(file)", "cannot read " + file + ": permission denied");
    } catch (MalformedInputException e) {
      return single("(file)", "cannot read " + file + ": not UTF-8 text");
    } catch (IOException e) {
      return single("(file)", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString(), env);
  }

  /** Parses and validates YAML text; {@code sourceName} only labels syntax error positions. */
  public static ConfigResult parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, System.getenv());
  }

  /**
   * As {@link #parse(String, String)}, resolving {@code ${NAME}} and {@code ${NAME:-default}} in
   * purge tokens and the operator token from {@code env}.
   */
  public static ConfigResult parse(String yaml, String sourceName, Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    Object root;
    try {
      root = newYaml().load(yaml);
    } catch (MarkedYAMLException e) {
      return single("(yaml)", describe(e, sourceName));
    } catch (YAMLException e) {
      return single("(yaml)", e.getMessage());
    }
    if (root == null) {
      return single("(yaml)", "the file is empty");
    }
    if (!(root instanceof Map)) {
      return single("(yaml)", "expected a mapping at the top level");
    }
    return new Walk(root, env).network();
  }

  /** The built-in demo network, as {@code cdn config print-default} prints it. */
  public static String defaultNetworkYaml() {
    try (InputStream in = NetworkConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in demo network that {@code cdn up} starts when no file is given. */
  public static NetworkConfig defaultNetwork() {
    ConfigResult result = parse(defaultNetworkYaml(), DEFAULT_RESOURCE);
    if (result instanceof ConfigResult.Invalid invalid) {
      throw new IllegalStateException("built-in " + DEFAULT_RESOURCE + " is invalid: "
          + invalid.problems());
    }
    return ((ConfigResult.Valid) result).config();
  }

  private static ConfigResult single(String path, String reason) {
    return new ConfigResult.Invalid(List.of(new ConfigProblem(path, reason)));
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    DumperOptions unused = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options), new Representer(unused), unused, options, new CoreResolver());
  }

  /** One line: "while parsing ...: problem (source, line L, column C)". */
  private static String describe(MarkedYAMLException e, String sourceName) {
    String context = e.getContext() == null ? "" : e.getContext() + ": ";
    String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String where =
        mark == null
            ? ""
            : " (" + sourceName + ", line " + (mark.getLine() + 1) + ", column "
                + (mark.getColumn() + 1) + ")";
    return context + problem + where;
  }

  /**
   * Scalars as YAML 1.2 types them: booleans are only true/false, integers only plain decimals,
   * floats need a '.' or an exponent, and no timestamps.
   */
  private static final class CoreResolver extends Resolver {
    private static final Pattern CORE_BOOL =
        Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern CORE_INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
    private static final Pattern CORE_FLOAT = Pattern.compile(
        "^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?$");
    private static final Pattern CORE_NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

    @Override
    protected void addImplicitResolvers() {
      // The strings are the first characters each pattern can match ("\0": the empty scalar).
      addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
      addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, CORE_NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  // ---- Value checks: each returns the value or throws with the whole reason text. ----

  /** A listening address: host:port with an IP literal or host name; port 0 means any. */
  static HostPort address(String text) {
    HostPort address;
    try {
      address = HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw bad("bad address", text, e.getMessage());
    }
    if (!isHost(address.host())) {
      throw bad("bad address", text, quote(address.host()) + " is not an IP address or host name");
    }
    return address;
  }

  /** An origin: http(s)://host[:port][/], nothing else, since request paths pass through. */
  static URI origin(String text) {
    String value = text.trim();
    String lower = value.toLowerCase(Locale.ROOT);
    // Checked on the text first: URI would call the 127.0.0.1 of "127.0.0.1:8000" a bad scheme.
    if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
      throw bad("bad origin", text, "the scheme must be http or https, e.g. http://127.0.0.1:8000");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw bad("bad origin", text, e.getReason() + " at index " + e.getIndex());
    }
    if (uri.getRawAuthority() == null) {
      throw bad("bad origin", text, "a host is required, e.g. http://example.com:8080");
    }
    if (uri.getRawUserInfo() != null) {
      throw bad("bad origin", text, "user info (user:password@) is not supported");
    }
    // URI leaves the host null when it is not a valid host name (under_score, 1.2.3).
    String host = uri.getHost() != null
        ? uri.getHost()
        : uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!isHost(bare)) {
      throw bad("bad origin", text, quote(bare) + " is not an IP address or host name");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw bad("bad origin", text, "port " + uri.getPort() + " is outside 1-65535");
    }
    String path = uri.getRawPath();
    if (!(path.isEmpty() || path.equals("/"))) {
      throw bad("bad origin", text, "no path allowed (requests keep their own path)");
    }
    if (uri.getRawQuery() != null) {
      throw bad("bad origin", text, "no query allowed");
    }
    if (uri.getRawFragment() != null) {
      throw bad("bad origin", text, "no fragment allowed");
    }
    return uri;
  }

  /**
   * Where finished LLM tasks are posted: an http or https URL with a host; unlike an origin it
   * may have a path and a query.
   */
  static URI webhook(String text) {
    String value = text.trim();
    String why = "use an http or https URL such as https://hooks.example.com/llm";
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw bad("bad webhook", text, e.getReason() + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw bad("bad webhook", text, why);
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw bad("bad webhook", text, "no user info or fragment allowed");
    }
    return uri;
  }

  /** A site domain, lower-cased: a host name (letters, digits, '-', dots), no trailing dot. */
  static String domain(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (!isHostName(lower)) {
      throw new IllegalArgumentException("bad domain name " + quote(text));
    }
    return lower;
  }

  /** A site or node name. */
  static String name(String text) {
    if (!NODE_NAME.matcher(text).matches()) {
      throw badName(text);
    }
    return text;
  }

  /**
   * 500ms, 2s, 1m, 1h or 1d: a positive whole number of one unit. Public so that command-line
   * options read durations as network files do.
   *
   * @throws IllegalArgumentException with the reason, if {@code text} is not one
   */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount <= 0) {
      throw bad("bad duration", text, "use e.g. 500ms, 2s, 1m");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** {@code d} as the file would say it, in its largest whole unit: 30d, 1m, 1500ms. */
  static String shortText(Duration d) {
    long ms = d.toMillis();
    for (var unit : List.of(Map.entry(86_400_000L, "d"), Map.entry(3_600_000L, "h"),
        Map.entry(60_000L, "m"), Map.entry(1_000L, "s"))) {
      if (ms % unit.getKey() == 0) {
        return ms / unit.getKey() + unit.getValue();
      }
    }
    return ms + "ms";
  }

  /** 512KiB, 256MiB, 1GiB or a plain number of bytes; positive. */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    long bytes = 0;
    if (m.matches()) {
      int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
        case "KiB" -> 10;
        case "MiB" -> 20;
        default -> 30;
      };
      long amount = Long.parseLong(m.group(1));
      // Beyond 2^63 bytes is a typo, not a cache; refused like zero.
      bytes = amount <= Long.MAX_VALUE >> shift ? amount << shift : 0;
    }
    if (bytes <= 0) {
      throw bad("bad size", text, "use e.g. 256MiB");
    }
    return bytes;
  }

  /**
   * An IPv4 or IPv6 CIDR with no host bits set; returns a canonical form, so that two spellings
   * of one network compare equal.
   */
  static String cidr(String text) {
    String value = text.trim();
    int slash = value.indexOf('/');
    byte[] network = slash < 0 ? null : ipLiteral(value.substring(0, slash));
    String length = slash < 0 ? "" : value.substring(slash + 1);
    if (network == null || !PREFIX_LENGTH.matcher(length).matches()
        || Integer.parseInt(length) > network.length * 8) {
      throw new IllegalArgumentException("bad CIDR " + quote(text));
    }
    int bits = Integer.parseInt(length);
    for (int bit = bits; bit < network.length * 8; bit++) {
      if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException("bad CIDR " + quote(text) + ": host bits are set");
      }
    }
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // a 4 or 16 byte array is always accepted
    }
  }

  private static boolean isHost(String host) {
    return ipLiteral(host) != null || isHostName(host.toLowerCase(Locale.ROOT));
  }

  private static boolean isHostName(String lower) {
    if (lower.isEmpty() || lower.length() > 253 || DIGITS_AND_DOTS.matcher(lower).matches()) {
      return false;
    }
    String[] labels = lower.split("\\.", -1);
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // An all-digit top label would read as a mistyped address.
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /**
   * The address bytes of an IPv4 (exactly a.b.c.d, 0-255, no leading zeros) or IPv6 literal, or
   * null. Digits and dots only is always taken as IPv4, never as a host name.
   */
  private static byte[] ipLiteral(String text) {
    if (DIGITS_AND_DOTS.matcher(text).matches()) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String part = parts[i];
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.startsWith("0"))
            || Integer.parseInt(part) > 255) {
          return null;
        }
        bytes[i] = (byte) Integer.parseInt(part);
      }
      return bytes;
    }
    if (!IPV6_CHARS.matcher(text).matches()) {
      return null;
    }
    try {
      InetAddress parsed = InetAddress.getByName(text);
      // IPv4-mapped forms come back as IPv4; refuse them rather than guess the family.
      return parsed instanceof Inet6Address ? parsed.getAddress() : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Text that may stand in a request target: no control characters, spaces or {@code forbidden}
   * characters, and each {@code %} followed by two hex digits (RFC 3986 §2.1).
   */
  private static boolean isUriText(String text, String forbidden) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f || forbidden.indexOf(c) >= 0) {
        return false;
      }
      if (c == '%' && !(i + 2 < text.length() && isHex(text.charAt(i + 1))
          && isHex(text.charAt(i + 2)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }

  private static IllegalArgumentException bad(String what, String value, String why) {
    return new IllegalArgumentException(what + " " + quote(value) + ": " + why);
  }

  private static IllegalArgumentException badName(String value) {
    return bad("bad name", value, "use lower-case letters, digits and '-'");
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }

  /**
   * One pass over a parsed tree: readers return a value or null after recording a problem.
   * Cross-checks collect claims while reading and compare them at the end.
   */
  private static final class Walk {
    private final Object root;
    private final Map<String, Integer> start = new HashMap<>();
    private final Map<String, Integer> end = new HashMap<>();
    private int counter;
    private final List<Ranked> problems = new ArrayList<>();
    private final List<Claim> nodeNames = new ArrayList<>();
    private final List<Claim> siteNames = new ArrayList<>();
    private final List<Claim> domains = new ArrayList<>();
    private final List<Claim> cidrs = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Claim> tokens = new ArrayList<>();
    private Optional<Claim> operatorClaim = Optional.empty();
    private final List<Claim> latencyRegions = new ArrayList<>();
    private final List<Claim> latencyPops = new ArrayList<>();
    private final List<String> locationRegions = new ArrayList<>();
    // Set when a PoP name or a location region is itself wrong: the matrix is then not checked
    // against them, since that would only repeat the problem already reported.
    private boolean popNameUnreadable;
    private boolean locationRegionUnreadable;
    private final Map<String, String> env;

    Walk(Object root, Map<String, String> env) {
      this.root = root;
      this.env = env;
    }

    ConfigResult network() {
      index(root, "", 0);
      Section s = section(root, "", ROOT_KEYS);
      String zone = s.required("zone", this::zone);
      ClusterSection cluster = s.required("cluster", this::cluster);
      Optional<OperatorTokenSection> operatorToken =
          s.optional("operator-token", this::operatorToken, Optional.empty());
      ProxySection proxy = s.optional("proxy", this::proxy,
          new ProxySection(DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT,
              NodeServers.DEFAULT_HEAD_TIMEOUT));
      AccessLog accessLog = s.optional("access-log", this::accessLog, new AccessLog.Stdout());
      HttpLoops httpLoops = s.optional("http-loops", this::httpLoops, new HttpLoops.Auto());
      CacheSection cache = s.optional("cache", this::cacheSizes, CacheSection.defaults());
      Optional<HostPort> demoOrigin = s.optional("demo-origin", this::demoOrigin, Optional.empty());
      DnsSection dns = s.required("dns", this::dns);
      List<ShieldSection> shields =
          s.optional("shields", (v, p) -> list(v, p, this::shield, null), List.of());
      List<PopSection> pops =
          s.required("pops", (v, p) -> list(v, p, this::pop, "at least one PoP is required"));
      List<LocationSection> locations =
          s.optional("locations", (v, p) -> list(v, p, this::location, null), List.of());
      PurgeSection purge = s.optional("purge", this::purge, PurgeSection.defaults());
      List<SiteSection> sites = s.required("sites", (v, p) -> list(v, p, this::site, null));
      DomainsSection domains = s.optional("domains", this::domains, DomainsSection.defaults());
      PrefetchBudgetSection prefetchBudget = s.optional("prefetch-budget", this::prefetchBudget,
          PrefetchBudgetSection.defaults());
      PrefetchSharingSection prefetchSharing = s.optional("prefetch-sharing",
          this::prefetchSharing, PrefetchSharingSection.defaults());
      crossCheck();
      if (!problems.isEmpty()) {
        // List.sort is stable: problems on one path keep the order they were found in.
        problems.sort(Comparator.comparingInt(Ranked::order));
        return new ConfigResult.Invalid(problems.stream().map(Ranked::problem).toList());
      }
      return new ConfigResult.Valid(new NetworkConfig(
          zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields, pops, locations,
          sites, purge, domains, prefetchBudget, prefetchSharing, operatorToken, httpLoops));
    }

    // ---- Sections ----

    private String zone(Object value, String path) {
      String text = text(value, path);
      if (text == null) {
        return null;
      }
      // A fully qualified name may end with a dot; the zone is kept without it.
      String bare = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
      try {
        return domain(bare);
      } catch (IllegalArgumentException e) {
        problem(path, "bad domain name " + quote(text));
        return null;
      }
    }

    private ClusterSection cluster(Object value, String path) {
      Section s = section(value, path, CLUSTER_KEYS);
      if (s == null) {
        return null;
      }
      String name = s.required("name", this::clusterName);
      Duration isolation = s.optional("isolation-timeout", this::duration,
          ClusterSection.DEFAULT_ISOLATION_TIMEOUT);
      return name == null || isolation == null ? null : new ClusterSection(name, isolation);
    }

    private ProxySection proxy(Object value, String path) {
      Section s = section(value, path, PROXY_KEYS);
      if (s == null) {
        return null;
      }
      Duration connect = s.optional("connect-timeout", this::duration, DEFAULT_CONNECT_TIMEOUT);
      Duration response = s.optional("response-timeout", this::duration, DEFAULT_RESPONSE_TIMEOUT);
      // A client's time for a request head, or for the next bytes of a body (nginx's
      // client_header_timeout): too short cuts slow mobile links, too long lets slow clients
      // hold connections.
      Duration head = s.optional("head-timeout", (v, p) -> within(v, p, "the head timeout",
          MIN_HEAD_TIMEOUT, MAX_HEAD_TIMEOUT), NodeServers.DEFAULT_HEAD_TIMEOUT);
      return connect == null || response == null || head == null ? null
          : new ProxySection(connect, response, head);
    }

    private AccessLog accessLog(Object value, String path) {
      if (!(value instanceof String text) || text.isBlank()) {
        problem(path, "expected \"off\", \"stdout\" or a file path");
        return null;
      }
      return switch (text) {
        case "off" -> new AccessLog.Off();
        case "stdout" -> new AccessLog.Stdout();
        default -> new AccessLog.ToFile(text);
      };
    }

    /** {@code auto} or a whole number of event loops, 1 to {@link HttpLoops#MAX}. */
    private HttpLoops httpLoops(Object value, String path) {
      if ("auto".equals(value)) {
        return new HttpLoops.Auto();
      }
      if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
        problem(path, "expected \"auto\" or a whole number of event loops");
        return null;
      }
      Integer loops = wholeNumber(value, path, 1, HttpLoops.MAX, "http-loops");
      return loops == null ? null : new HttpLoops.Fixed(loops);
    }

    private CacheSection cacheSizes(Object value, String path) {
      Section s = section(value, path, CACHE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      CacheSection defaults = CacheSection.defaults();
      Long edge = s.optional("edge-size", this::size, defaults.edgeSizeBytes());
      Long shield = s.optional("shield-size", this::size, defaults.shieldSizeBytes());
      Long maxObject = s.optional("max-object-size", this::size, defaults.maxObjectBytes());
      return clean(mark) ? new CacheSection(edge, shield, maxObject) : null;
    }

    private Optional<HostPort> demoOrigin(Object value, String path) {
      Section s = section(value, path, DEMO_ORIGIN_KEYS);
      HostPort listen = s == null ? null : s.required("listen", this::endpoint);
      return listen == null ? null : Optional.of(listen);
    }

    private DnsSection dns(Object value, String path) {
      Section s = section(value, path, DNS_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      HostPort listen = s.required("listen", this::endpoint);
      HostPort admin = s.required("admin", this::endpoint);
      Duration ttl = s.optional("ttl", this::ttl, DEFAULT_DNS_TTL);
      Map<String, Map<String, Double>> latency =
          s.optional("latency", this::latencyMatrix, Map.of());
      RrlOptions rateLimit = s.optional("rate-limit", this::rateLimit, RrlOptions.defaults());
      TcpOptions tcp = s.optional("tcp", this::dnsTcp, TcpOptions.defaults());
      return clean(mark) ? new DnsSection(listen, admin, ttl, latency, rateLimit, tcp) : null;
    }

    /**
     * {@code {idle-timeout, connections-per-client}}, each optional with the default of
     * {@link TcpOptions#defaults()}; the timeout at most 10 s (RFC 7766 §6.2.3, issue 5).
     */
    private TcpOptions dnsTcp(Object value, String path) {
      Section s = section(value, path, DNS_TCP_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      TcpOptions defaults = TcpOptions.defaults();
      Duration idle = s.optional("idle-timeout", (v, p) -> within(v, p, "the idle timeout",
          TcpOptions.MIN_IDLE_TIMEOUT, TcpOptions.MAX_IDLE_TIMEOUT), defaults.idleTimeout());
      Integer perClient = s.optional("connections-per-client",
          (v, p) -> wholeNumber(v, p, 1, TcpOptions.MAX_CONNECTIONS_PER_CLIENT,
              "connections-per-client"), defaults.connectionsPerClient());
      return clean(mark) ? new TcpOptions(idle, perClient) : null;
    }

    /**
     * {@code {enabled, answers-per-second, errors-per-second, slip}}, each optional with the
     * default of {@link RrlOptions#defaults()}; the rates per client /24 (/56) and second.
     */
    private RrlOptions rateLimit(Object value, String path) {
      Section s = section(value, path, DNS_RATE_LIMIT_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      RrlOptions defaults = RrlOptions.defaults();
      Boolean enabled = s.optional("enabled", this::flag, defaults.enabled());
      Integer answers = s.optional("answers-per-second",
          (v, p) -> wholeNumber(v, p, 1, RrlOptions.MAX_RATE, "answers-per-second"),
          defaults.answersPerSecond());
      Integer errors = s.optional("errors-per-second",
          (v, p) -> wholeNumber(v, p, 1, RrlOptions.MAX_RATE, "errors-per-second"),
          defaults.errorsPerSecond());
      Integer slip = s.optional("slip",
          (v, p) -> wholeNumber(v, p, 0, RrlOptions.MAX_SLIP, "slip"),
          defaults.slip());
      return clean(mark) ? new RrlOptions(enabled, answers, errors, slip) : null;
    }

    /**
     * {@code {region: {pop: rtt}}}: measured RTTs from the clients of a location region to PoPs.
     * The names are checked against the locations and the PoPs in {@link #crossCheck()}.
     */
    private Map<String, Map<String, Double>> latencyMatrix(Object value, String path) {
      if (!(value instanceof Map<?, ?> map)) {
        problem(path, "expected a mapping of client regions to RTTs by PoP, e.g."
            + " {eu-west: {eu: 12ms, us: 85ms}}");
        return null;
      }
      int mark = problems.size();
      Map<String, Map<String, Double>> matrix = new LinkedHashMap<>();
      map.forEach((key, row) -> {
        String region = String.valueOf(key);
        String regionPath = join(path, region);
        if (region(region, regionPath) == null) {
          return;
        }
        latencyRegions.add(new Claim(region, regionPath, "latency"));
        if (!(row instanceof Map<?, ?> rtts)) {
          problem(regionPath, "expected a mapping of PoP names to RTTs, e.g. {eu: 12ms, us: 85ms}");
          return;
        }
        if (rtts.isEmpty()) {
          problem(regionPath, "no PoP listed: give the RTTs measured from this region, or leave"
              + " the region out to steer it by distance");
          return;
        }
        Map<String, Double> byPop = new LinkedHashMap<>();
        rtts.forEach((pop, rtt) -> {
          String popPath = join(regionPath, String.valueOf(pop));
          latencyPops.add(new Claim(String.valueOf(pop), popPath, "latency"));
          Double ms = rttMs(rtt, popPath);
          if (ms != null) {
            byPop.put(String.valueOf(pop), ms);
          }
        });
        matrix.put(region, byPop);
      });
      return clean(mark) ? matrix : null;
    }

    private ShieldSection shield(Object value, String path) {
      Section s = section(value, path, SHIELD_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String name = s.required("name", (v, p) -> nodeName(v, p, "shield"));
      HostPort listen = s.required("listen", this::endpoint);
      HostPort admin = s.required("admin", this::endpoint);
      HostPort cluster = s.required("cluster", this::endpoint);
      return clean(mark) ? new ShieldSection(name, listen, admin, cluster) : null;
    }

    private PopSection pop(Object value, String path) {
      Section s = section(value, path, POP_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String name = s.required("name", (v, p) -> nodeName(v, p, "PoP"));
      popNameUnreadable |= name == null;
      HostPort listen = s.required("listen", this::endpoint);
      HostPort admin = s.required("admin", this::endpoint);
      HostPort cluster = s.required("cluster", this::endpoint);
      GeoPoint location = s.required("location", this::geoPoint);
      Double weight = s.optional("weight", this::weight, PopSection.DEFAULT_WEIGHT);
      return clean(mark) ? new PopSection(name, listen, admin, cluster, location, weight) : null;
    }

    private GeoPoint geoPoint(Object value, String path) {
      Section s = section(value, path, GEO_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      Double lat = s.required("lat", this::latitude);
      Double lon = s.required("lon", this::longitude);
      String region = s.required("region", this::region);
      return clean(mark) ? new GeoPoint(lat, lon, region) : null;
    }

    private LocationSection location(Object value, String path) {
      Section s = section(value, path, LOCATION_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String cidr = s.required("cidr", this::cidr);
      Double lat = s.required("lat", this::latitude);
      Double lon = s.required("lon", this::longitude);
      String country = s.required("country", this::country);
      String region = s.required("region", this::region);
      if (region != null) {
        locationRegions.add(region);
      } else {
        locationRegionUnreadable = true;
      }
      return clean(mark) ? new LocationSection(cidr, lat, lon, country, region) : null;
    }

    private SiteSection site(Object value, String path) {
      Section s = section(value, path, SITE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String name = s.required("name", this::siteName);
      String noDomain = "missing: a site needs at least one domain";
      List<String> siteDomains = s.required("domains",
          (v, p) -> list(v, p, (dv, dp) -> siteDomain(dv, dp, path), noDomain), noDomain);
      String noOrigin = "missing: a site needs at least one origin";
      List<URI> origins = s.required("origins",
          (v, p) -> list(v, p, this::origin, noOrigin), noOrigin);
      Optional<HealthCheck> healthCheck =
          s.optional("health-check", this::healthCheck, Optional.empty());
      List<PurgeTokenSection> purgeTokens = s.optional("purge-tokens",
          (v, p) -> list(v, p, (tv, tp) -> purgeToken(tv, tp, path), null), List.of());
      SiteCache cache = s.optional("cache", this::siteCache, SiteCache.defaults());
      Optional<LlmSection> llm = s.optional("llm", (v, p) -> Optional.ofNullable(llm(v, p)),
          Optional.empty());
      Optional<PrefetchSection> prefetch = s.optional("prefetch",
          (v, p) -> Optional.ofNullable(prefetch(v, p)), Optional.empty());
      return clean(mark)
          ? new SiteSection(name, siteDomains, origins, healthCheck, cache, purgeTokens, llm,
              prefetch)
          : null;
    }

    private PrefetchSection prefetch(Object value, String path) {
      Section s = section(value, path, PREFETCH_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      PlannerOptions defaults = PlannerOptions.defaults();
      Boolean enabled = s.optional("enabled", this::flag, true);
      Double threshold = s.optional("threshold", (v, p) -> {
        Double t = number(v, p);
        if (t != null && !(t > 0 && t <= 1)) {
          problem(p, "out of range: threshold is a probability, more than 0 and at most 1");
          return null;
        }
        return t;
      }, defaults.threshold());
      Double support = s.optional("min-support", (v, p) -> {
        Double n = number(v, p);
        if (n != null && !(n >= 0 && n <= 1e6)) {
          problem(p, "out of range: min-support must be within 0..1000000");
          return null;
        }
        return n;
      }, defaults.minSupport());
      Integer perView = s.optional("max-per-view", (v, p) -> {
        if (!(v instanceof Integer n) || n < 0 || n > 20) {
          problem(p, "expected a whole number within 0..20");
          return null;
        }
        return n;
      }, defaults.maxPerView());
      String hints = s.optional("hints", (v, p) -> {
        String text = text(v, p);
        if (text != null && !PREFETCH_HINTS.contains(text)) {
          problem(p, "unknown hints " + quote(text) + " (expected one of: "
              + String.join(", ", PREFETCH_HINTS) + ")");
          return null;
        }
        return text;
      }, "none");
      Optional<String> cookie = s.optional("session-cookie",
          (v, p) -> Optional.ofNullable(text(v, p)), Optional.empty());
      String share = s.optional("share", (v, p) -> oneOf(v, p, "share", PREFETCH_SHARE),
          PrefetchSection.SHARE_NONE);
      Boolean weighSize = s.optional("weigh-size", this::flag, defaults.weighSize());
      Duration halfLife = s.optional("half-life", (v, p) -> within(v, p, "the half-life",
          MIN_HALF_LIFE, MAX_HALF_LIFE), PrefetchSection.DEFAULT_HALF_LIFE);
      Duration visitTimeout = s.optional("visit-timeout", (v, p) -> within(v, p,
          "the visit timeout", MIN_VISIT_TIMEOUT, MAX_VISIT_TIMEOUT),
          PrefetchSection.DEFAULT_VISIT_TIMEOUT);
      return clean(mark)
          ? new PrefetchSection(enabled, threshold, support, perView, hints, cookie, share,
              weighSize, halfLife, visitTimeout)
          : null;
    }

    /** A duration from {@code min} to {@code max}, else a problem saying so. */
    private Duration within(Object value, String path, String what, Duration min,
        Duration max) {
      Duration d = duration(value, path);
      if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
        problem(path, "out of range: " + what + " must be within " + shortText(min) + ".."
            + shortText(max));
        return null;
      }
      return d;
    }

    /** {@code value} if it is one of {@code allowed}, else a problem naming them. */
    private String oneOf(Object value, String path, String what, List<String> allowed) {
      String text = text(value, path);
      if (text != null && !allowed.contains(text)) {
        problem(path, "unknown " + what + " " + quote(text) + " (expected one of: "
            + String.join(", ", allowed) + ")");
        return null;
      }
      return text;
    }

    private LlmSection llm(Object value, String path) {
      Section s = section(value, path, LLM_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      Optional<URI> provider = s.optional("provider", (v, p) -> Optional.ofNullable(origin(v, p)),
          Optional.empty());
      Optional<String> apiKey = s.optional("api-key", (v, p) -> {
        String text = text(v, p);
        String resolved = text == null ? null : resolveEnvironment(text, p);
        return resolved == null ? null : Optional.of(resolved).filter(k -> !k.isEmpty());
      }, Optional.empty());
      Boolean passThrough = s.optional("pass-through-client-key", this::flag, false);
      Boolean perUser = s.optional("per-user", this::flag, true);
      List<String> perUserHeaders = s.optional("per-user-headers",
          (v, p) -> list(v, p, this::unkeyedHeader, null), List.of());
      Boolean normalize = s.optional("normalize-text", this::flag, false);
      List<LlmRouteSection> routes = s.optional("routes",
          (v, p) -> list(v, p, this::llmRoute, "at least one route is required"),
          LlmRoute.defaults().stream()
              .map(r -> new LlmRouteSection(r.path(), r.deterministic(), r.ttl(), r.async(),
                  r.taskTtl(), r.webhook())).toList());
      return clean(mark) ? new LlmSection(provider, apiKey, passThrough, perUser,
          perUserHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList(), normalize,
          routes) : null;
    }

    private LlmRouteSection llmRoute(Object value, String path) {
      Section s = section(value, path, LLM_ROUTE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String routePath = s.required("path", this::probePath);
      Boolean deterministic = s.optional("deterministic", this::flag, false);
      Duration ttl = s.optional("ttl", this::duration, LlmRoute.DEFAULT_TTL);
      Boolean async = s.optional("async", this::flag, false);
      Duration taskTtl = s.optional("task-ttl", this::duration, LlmRoute.DEFAULT_TASK_TTL);
      Optional<URI> webhook = s.optional("webhook", (v, p) -> {
        String text = text(v, p);
        URI url = text == null ? null : check(p, () -> NetworkConfigLoader.webhook(text));
        return url == null ? null : Optional.of(url);
      }, Optional.empty());
      return clean(mark)
          ? new LlmRouteSection(routePath, deterministic, ttl, async, taskTtl, webhook) : null;
    }

    /** One purge token of the site at {@code sitePath}. */
    private PurgeTokenSection purgeToken(Object value, String path, String sitePath) {
      Section s = section(value, path, PURGE_TOKEN_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String token = s.required("token", (v, p) -> token(v, p, sitePath));
      String noScope = "missing: a token needs at least one scope (" + String.join(", ",
          PURGE_SCOPES) + ")";
      List<String> scopes = s.required("scopes",
          (v, p) -> list(v, p, this::purgeScope, noScope), noScope);
      return clean(mark) ? new PurgeTokenSection(token, new LinkedHashSet<>(scopes)) : null;
    }

    private String token(Object value, String path, String sitePath) {
      String token = secret(value, path);
      if (token != null) {
        tokens.add(new Claim(token, path, sitePath));
      }
      return token;
    }

    private Optional<OperatorTokenSection> operatorToken(Object value, String path) {
      String token = secret(value, path);
      if (token == null) {
        return null;
      }
      operatorClaim = Optional.of(new Claim(token, path, "operator"));
      return Optional.of(new OperatorTokenSection(token));
    }

    /** A bearer token, resolved from the environment and checked; null after a problem. */
    private String secret(Object value, String path) {
      String text = text(value, path);
      String token = text == null ? null : resolveEnvironment(text, path);
      if (token == null) {
        return null;
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        problem(path, "too short: a token needs at least " + MIN_TOKEN_LENGTH + " characters");
        return null;
      }
      if (!TOKEN_CHARS.matcher(token).matches()) {
        problem(path, "bad token: use visible ASCII characters only, without spaces");
        return null;
      }
      return token;
    }

    /** {@code text} with each {@code ${NAME}} or {@code ${NAME:-default}} replaced. */
    private String resolveEnvironment(String text, String path) {
      Matcher m = ENV_REFERENCE.matcher(text);
      if (m.replaceAll("").contains("${")) {
        problem(path, "bad environment reference: write ${NAME} or ${NAME:-default}");
        return null;
      }
      m.reset();
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String value = env.get(name);
        // As in a shell, the default also stands in for a variable that is set but empty.
        if (m.group(2) != null && (value == null || value.isEmpty())) {
          value = m.group(2);
        }
        if (value == null) {
          problem(path, "environment variable " + name + " is not set");
          return null;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }

    private String purgeScope(Object value, String path) {
      String text = text(value, path);
      if (text != null && !PURGE_SCOPES.contains(text)) {
        problem(path, "unknown scope " + quote(text) + " (expected one of: "
            + String.join(", ", PURGE_SCOPES) + ")");
        return null;
      }
      return text;
    }

    private PurgeSection purge(Object value, String path) {
      Section s = section(value, path, PURGE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      PurgeSection defaults = PurgeSection.defaults();
      Double rate = s.optional("rate", this::purgeRate, defaults.ratePerSecond());
      Integer burst = s.optional("burst", this::burst, defaults.burst());
      return clean(mark) ? new PurgeSection(rate, burst) : null;
    }

    private DomainsSection domains(Object value, String path) {
      Section s = section(value, path, DOMAINS_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      DomainsSection defaults = DomainsSection.defaults();
      Optional<HostPort> resolver = s.optional("resolver", this::resolver, Optional.empty());
      Duration timeout = s.optional("timeout", (v, p) -> positive(v, p, MAX_DOMAIN_TIMEOUT),
          defaults.timeout());
      Duration recheck = s.optional("recheck-interval",
          (v, p) -> positive(v, p, MAX_RECHECK_INTERVAL), defaults.recheckInterval());
      Optional<String> stateFile = s.optional("state-file", (v, p) -> {
        String text = text(v, p);
        if (text != null && text.isBlank()) {
          problem(p, "empty: give a file path, or leave state-file out");
          return null;
        }
        return text == null ? null : Optional.of(text);
      }, Optional.empty());
      return clean(mark) ? new DomainsSection(resolver, timeout, recheck, stateFile) : null;
    }

    /** {@code system} (the machine's resolver) or host:port. */
    private Optional<HostPort> resolver(Object value, String path) {
      String text = text(value, path);
      if (text == null) {
        return null;
      }
      if (text.equals("system")) {
        return Optional.empty();
      }
      HostPort address = check(path, () -> address(text));
      if (address != null && address.port() == 0) {
        problem(path, "the resolver needs a port (53 for a usual resolver)");
        return null;
      }
      return address == null ? null : Optional.of(address);
    }

    private Duration positive(Object value, String path, Duration max) {
      Duration d = duration(value, path);
      if (d != null && (d.isZero() || d.compareTo(max) > 0)) {
        problem(path, "out of range: must be more than 0 and at most " + max.toSeconds() + "s");
        return null;
      }
      return d;
    }

    private PrefetchBudgetSection prefetchBudget(Object value, String path) {
      Section s = section(value, path, PREFETCH_BUDGET_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      PrefetchBudgetSection defaults = PrefetchBudgetSection.defaults();
      Double requests = s.optional("requests-per-second", this::prefetchRate,
          defaults.requestsPerSecond());
      Long bytes = s.optional("bytes-per-second", this::size, defaults.bytesPerSecond());
      Double perOrigin = s.optional("per-origin-requests-per-second", this::prefetchRate,
          null);
      Double perSite = s.optional(PER_SITE_OLD_NAME, this::prefetchRate, null);
      if (perOrigin != null && perSite != null) {
        problem(join(path, PER_SITE_OLD_NAME), "the older name of "
            + "per-origin-requests-per-second: give one of the two");
      }
      Double perOriginOrOld = perOrigin != null ? perOrigin
          : perSite != null ? perSite : defaults.perOriginRequestsPerSecond();
      return clean(mark) ? new PrefetchBudgetSection(requests, bytes, perOriginOrOld) : null;
    }

    private PrefetchSharingSection prefetchSharing(Object value, String path) {
      Section s = section(value, path, PREFETCH_SHARING_KEYS);
      if (s == null) {
        return null;
      }
      Duration interval = s.optional("interval", (v, p) -> within(v, p, "the sharing interval",
          MIN_SHARING_INTERVAL, MAX_SHARING_INTERVAL), PrefetchSharingSection.DEFAULT_INTERVAL);
      return interval == null ? null : new PrefetchSharingSection(interval);
    }

    private Double prefetchRate(Object value, String path) {
      Double rate = number(value, path);
      // 0 is allowed: it stops prefetching on every edge without touching the sites' sections.
      if (rate != null && !(rate >= 0 && rate <= MAX_PREFETCH_RATE)) {
        problem(path, "out of range: prefetches per second, from 0 to " + (long) MAX_PREFETCH_RATE);
        return null;
      }
      return rate;
    }

    private Double purgeRate(Object value, String path) {
      Double rate = number(value, path);
      // Written so that NaN is out of range too; infinity would turn the limit off unseen.
      if (rate != null && !(rate > 0 && rate <= MAX_BURST)) {
        problem(path, "out of range: rate is purges per second per site, more than 0 and at most "
            + MAX_BURST);
        return null;
      }
      return rate;
    }

    private Integer burst(Object value, String path) {
      return wholeNumber(value, path, 1, MAX_BURST, "burst");
    }

    /** A whole number within {@code min..max}; {@code what} names it in the problem. */
    private Integer wholeNumber(Object value, String path, int min, int max, String what) {
      if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
        problem(path, "expected a whole number");
        return null;
      }
      Number n = (Number) value;
      if (n.doubleValue() < min || n.doubleValue() > max) {
        problem(path, "out of range: " + what + " must be within " + min + ".." + max);
        return null;
      }
      return n.intValue();
    }

    private Optional<HealthCheck> healthCheck(Object value, String path) {
      Section s = section(value, path, HEALTH_CHECK_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String probePath = s.required("path", this::probePath);
      Duration interval = s.required("interval", this::duration);
      return clean(mark) ? Optional.of(new HealthCheck(probePath, interval)) : null;
    }

    private SiteCache siteCache(Object value, String path) {
      Section s = section(value, path, SITE_CACHE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      SiteCache defaults = SiteCache.defaults();
      Boolean stripSetCookie =
          s.optional("strip-set-cookie", this::flag, defaults.stripSetCookie());
      Boolean ignoreClientNoCache =
          s.optional("ignore-client-no-cache", this::flag, defaults.ignoreClientNoCache());
      Double heuristicFraction =
          s.optional("heuristic-fraction", this::fraction, defaults.heuristicFraction());
      Duration heuristicCap = s.optional("heuristic-cap", this::duration, defaults.heuristicCap());
      // A list given here replaces the default one, so a site can also keep a tracker in its keys.
      List<String> dropped = s.optional("dropped-query-params",
          (v, p) -> list(v, p, this::queryParam, null), defaults.droppedQueryParams());
      List<String> unkeyed = s.optional("unkeyed-headers",
          (v, p) -> list(v, p, this::unkeyedHeader, null), defaults.unkeyedHeaders());
      Map<String, String> patterns = new HashMap<>();
      List<RuleSection> rules = s.optional("rules",
          (v, p) -> list(v, p, (rv, rp) -> rule(rv, rp, patterns), null), defaults.rules());
      return clean(mark)
          ? new SiteCache(stripSetCookie, ignoreClientNoCache, heuristicFraction, heuristicCap,
              dropped, unkeyed, rules)
          : null;
    }

    /** One cache rule; {@code patterns} maps each pattern seen so far in the site to its path. */
    private RuleSection rule(Object value, String path, Map<String, String> patterns) {
      Section s = section(value, path, RULE_KEYS);
      if (s == null) {
        return null;
      }
      int mark = problems.size();
      String pattern = s.required("path", (v, p) -> pathPattern(v, p, patterns));
      Optional<Duration> ttl = s.optional("ttl", this::cacheTtl, Optional.empty());
      Boolean forceTtl = s.optional("force-ttl", this::flag, false);
      Optional<List<String>> keepOnly = s.optional("query-keep-only", (v, p) -> {
        List<String> names = list(v, p, this::queryParam, null);
        return names == null ? null : Optional.of(names);
      }, Optional.empty());
      List<String> ignore = s.optional("query-ignore",
          (v, p) -> list(v, p, this::queryParam, null), List.of());
      Boolean pass = s.optional("pass", this::flag, false);
      // A null value already has its problem; these checks are about valid values that clash.
      if (Boolean.TRUE.equals(forceTtl) && ttl != null && ttl.isEmpty()) {
        problem(join(path, "force-ttl"), "force-ttl needs a ttl to force");
      }
      if (Boolean.TRUE.equals(pass) && ttl != null && ttl.isPresent()) {
        problem(join(path, "pass"), "contradicts ttl: a pass rule never stores anything");
      }
      if (keepOnly != null && keepOnly.isPresent() && ignore != null) {
        for (int i = 0; i < ignore.size(); i++) {
          if (keepOnly.get().contains(ignore.get(i))) {
            problem(join(path, "query-ignore") + "[" + i + "]", quote(ignore.get(i))
                + " is also in query-keep-only: keep it or ignore it, not both");
          }
        }
      }
      return clean(mark)
          ? new RuleSection(pattern, ttl, forceTtl, keepOnly, ignore, pass)
          : null;
    }

    // ---- Values ----

    private String text(Object value, String path) {
      // Numbers are text too where text is expected (a name 123 is then a bad name, not a type
      // error); booleans, lists and mappings are not.
      if (value instanceof String || value instanceof Number) {
        return value.toString();
      }
      problem(path, "expected a string");
      return null;
    }

    private Double number(Object value, String path) {
      if (value instanceof Number n) {
        return n.doubleValue();
      }
      problem(path, "expected a number");
      return null;
    }

    private Boolean flag(Object value, String path) {
      if (value instanceof Boolean flag) {
        return flag;
      }
      problem(path, "expected true or false");
      return null;
    }

    private Double fraction(Object value, String path) {
      Double fraction = number(value, path);
      // Written so that NaN is out of range too.
      if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
        problem(path, "out of range: heuristic-fraction must be within 0..1");
        return null;
      }
      return fraction;
    }

    private Long size(Object value, String path) {
      String text = text(value, path);
      return text == null ? null : check(path, () -> NetworkConfigLoader.size(text));
    }

    private Optional<Duration> cacheTtl(Object value, String path) {
      Duration ttl = duration(value, path);
      if (ttl != null && ttl.toMillis() % 1000 != 0) {
        problem(path, "bad TTL " + quote(value.toString()) + ": cache TTLs are whole seconds");
        return null;
      }
      return ttl == null ? null : Optional.of(ttl);
    }

    /** A rule's path pattern, unique within its site: a later duplicate could never match. */
    private String pathPattern(Object value, String path, Map<String, String> patterns) {
      String text = text(value, path);
      if (text == null) {
        return null;
      }
      if (!(text.startsWith("/") || text.startsWith("*"))) {
        problem(path, "bad path pattern " + quote(text) + ": start with / or *, e.g. /static/* or"
            + " *.css");
        return null;
      }
      // Rules match the path alone, so ? and # could never match; escapes must be decodable.
      if (!isUriText(text, "?#")) {
        problem(path, "bad path pattern " + quote(text)
            + ": a path only, without ?, #, spaces or bad %-escapes");
        return null;
      }
      String first = patterns.putIfAbsent(text, path);
      if (first != null) {
        problem(path, "duplicate rule path " + quote(text) + " (also " + first + ")");
        return null;
      }
      return text;
    }

    private String queryParam(Object value, String path) {
      String text = text(value, path);
      if (text != null && (text.isEmpty() || !isUriText(text, "?#&="))) {
        problem(path, "bad query parameter " + quote(text)
            + ": a name without =, &, ?, #, spaces or bad %-escapes");
        return null;
      }
      return text;
    }

    /** A header name, lower-cased: headers compare without case (RFC 9110 §5.1). */
    private String unkeyedHeader(Object value, String path) {
      String text = text(value, path);
      if (text == null) {
        return null;
      }
      if (!HEADER_NAME.matcher(text).matches()) {
        problem(path, "bad header name " + quote(text) + ": use a token such as X-Debug");
        return null;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.equals("host")) {
        // Unkeyed headers are not forwarded, and without Host no origin knows the site.
        problem(path, "bad header name " + quote(text) + ": Host is always forwarded and keyed");
        return null;
      }
      return lower;
    }

    /** A DNS steering weight: 0 or more, finite. */
    private Double weight(Object value, String path) {
      Double weight = number(value, path);
      // Written so that NaN is out of range too.
      if (weight != null && !(weight >= 0 && !weight.isInfinite())) {
        problem(path, "out of range: weight must be a finite number of 0 or more (0 drains the"
            + " PoP, 1 is the default)");
        return null;
      }
      return weight;
    }

    /** An RTT in milliseconds: a number, or a number followed by ms (12, 12ms, 0.8ms). */
    private Double rttMs(Object value, String path) {
      Double ms = null;
      if (value instanceof Number n) {
        ms = n.doubleValue();
      } else if (value instanceof String text) {
        Matcher m = RTT_MS.matcher(text.trim());
        ms = m.matches() ? Double.valueOf(m.group(1)) : null;
      }
      if (ms == null) {
        problem(path, "expected an RTT in milliseconds, e.g. 12, 12ms or 0.8ms");
        return null;
      }
      // Written so that NaN is out of range too.
      if (!(ms >= 0 && !ms.isInfinite())) {
        problem(path, "out of range: an RTT must be a finite number of 0 ms or more");
        return null;
      }
      return ms;
    }

    private Double latitude(Object value, String path) {
      return inRange(number(value, path), path, "latitude", 90);
    }

    private Double longitude(Object value, String path) {
      return inRange(number(value, path), path, "longitude", 180);
    }

    private Double inRange(Double degrees, String path, String what, int limit) {
      // Written so that NaN (an explicit !!float .nan) is out of range too.
      if (degrees != null && !(degrees >= -limit && degrees <= limit)) {
        problem(path, "out of range: " + what + " must be within -" + limit + ".." + limit);
        return null;
      }
      return degrees;
    }

    private String clusterName(Object value, String path) {
      String text = text(value, path);
      if (text != null && !CLUSTER_NAME.matcher(text).matches()) {
        problem(path, badName(text).getMessage());
        return null;
      }
      return text;
    }

    private String nodeName(Object value, String path, String kind) {
      String text = text(value, path);
      String name = text == null ? null : check(path, () -> name(text));
      if (name != null) {
        nodeNames.add(new Claim(name, path, kind));
      }
      return name;
    }

    private String siteName(Object value, String path) {
      String text = text(value, path);
      String name = text == null ? null : check(path, () -> name(text));
      if (name != null) {
        siteNames.add(new Claim(name, path, "site"));
      }
      return name;
    }

    private String siteDomain(Object value, String path, String sitePath) {
      String text = text(value, path);
      String domain = text == null ? null : check(path, () -> domain(text));
      if (domain != null) {
        domains.add(new Claim(domain, path, sitePath));
      }
      return domain;
    }

    private HostPort endpoint(Object value, String path) {
      String text = text(value, path);
      HostPort address = text == null ? null : check(path, () -> address(text));
      if (address != null) {
        endpoints.add(new Endpoint(path, address, hostKey(address.host())));
      }
      return address;
    }

    private URI origin(Object value, String path) {
      String text = text(value, path);
      return text == null ? null : check(path, () -> NetworkConfigLoader.origin(text));
    }

    private Duration duration(Object value, String path) {
      String text = text(value, path);
      return text == null ? null : check(path, () -> NetworkConfigLoader.duration(text));
    }

    private Duration ttl(Object value, String path) {
      Duration ttl = duration(value, path);
      if (ttl != null && ttl.toMillis() % 1000 != 0) {
        problem(path, "bad TTL " + quote(value.toString()) + ": DNS TTLs are whole seconds");
        return null;
      }
      return ttl;
    }

    private String cidr(Object value, String path) {
      String text = text(value, path);
      String canonical = text == null ? null : check(path, () -> NetworkConfigLoader.cidr(text));
      if (canonical == null) {
        return null;
      }
      cidrs.add(new Claim(canonical, path, "location"));
      return text.trim();
    }

    private String country(Object value, String path) {
      String text = text(value, path);
      if (text != null && !COUNTRY.matcher(text).matches()) {
        problem(path, "bad country " + quote(text) + ": use a two-letter code such as US");
        return null;
      }
      return text;
    }

    private String region(Object value, String path) {
      String text = text(value, path);
      if (text != null && !REGION.matcher(text).matches()) {
        problem(path, "bad region " + quote(text) + ": use lower-case letters, digits and '-'");
        return null;
      }
      return text;
    }

    private String probePath(Object value, String path) {
      String text = text(value, path);
      if (text == null) {
        return null;
      }
      boolean ok = text.startsWith("/") && !text.startsWith("//");
      try {
        ok = ok && new URI(text).getRawFragment() == null;
      } catch (URISyntaxException e) {
        ok = false;
      }
      if (!ok) {
        problem(path, "bad path " + quote(text) + ": use an absolute path such as /healthz");
        return null;
      }
      return text;
    }

    /** Runs a value check, turning its exception into a problem at {@code path}. */
    private <T> T check(String path, Supplier<T> valueCheck) {
      try {
        return valueCheck.get();
      } catch (IllegalArgumentException e) {
        problem(path, e.getMessage());
        return null;
      }
    }

    // ---- Structure ----

    /** A mapping of the schema; its unknown keys are reported when it is opened. */
    private final class Section {
      private final Map<?, ?> map;
      private final String path;

      Section(Map<?, ?> map, String path) {
        this.map = map;
        this.path = path;
      }

      <T> T required(String key, Reader<T> reader) {
        return required(key, reader, MISSING);
      }

      <T> T required(String key, Reader<T> reader, String missingReason) {
        if (!map.containsKey(key)) {
          // No position in the file: report it where its mapping ends.
          problems.add(new Ranked(end.getOrDefault(path, Integer.MAX_VALUE),
              new ConfigProblem(join(path, key), missingReason)));
          return null;
        }
        return reader.read(map.get(key), join(path, key));
      }

      <T> T optional(String key, Reader<T> reader, T fallback) {
        return map.containsKey(key) ? reader.read(map.get(key), join(path, key)) : fallback;
      }
    }

    private Section section(Object value, String path, List<String> keys) {
      if (!(value instanceof Map<?, ?> map)) {
        problem(path, "expected a mapping");
        return null;
      }
      for (Object key : map.keySet()) {
        if (!keys.contains(key)) {
          problem(join(path, String.valueOf(key)),
              "unknown key (expected one of: " + String.join(", ", keys) + ")");
        }
      }
      return new Section(map, path);
    }

    private <T> List<T> list(Object value, String path, Reader<T> item, String emptyReason) {
      if (!(value instanceof List<?> items)) {
        problem(path, "expected a list");
        return null;
      }
      if (items.isEmpty() && emptyReason != null) {
        problem(path, emptyReason);
        return null;
      }
      int mark = problems.size();
      List<T> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(item.read(items.get(i), path + "[" + i + "]"));
      }
      return clean(mark) ? out : null;
    }

    private boolean clean(int mark) {
      return problems.size() == mark;
    }

    private void problem(String path, String reason) {
      problems.add(new Ranked(order(path), new ConfigProblem(path, reason)));
    }

    /**
     * Where {@code path} starts in the file. A path below the indexed depth is where its nearest
     * indexed parent starts; a path the index never saw at all goes after everything.
     */
    private int order(String path) {
      String at = path;
      while (true) {
        Integer order = start.get(at);
        if (order != null) {
          return order;
        }
        int parent = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
        if (parent <= 0) {
          return Integer.MAX_VALUE;
        }
        at = at.substring(0, parent);
      }
    }

    /** Numbers every path in file order: where it starts, and where it ends after its children. */
    private void index(Object node, String path, int depth) {
      start.put(path, counter++);
      if (depth < MAX_INDEXED_DEPTH) {
        if (node instanceof Map<?, ?> map) {
          map.forEach((k, v) -> index(v, join(path, String.valueOf(k)), depth + 1));
        } else if (node instanceof List<?> list) {
          for (int i = 0; i < list.size(); i++) {
            index(list.get(i), path + "[" + i + "]", depth + 1);
          }
        }
      }
      end.put(path, counter++);
    }

    private static String join(String path, String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    // ---- Cross-checks ----

    private void crossCheck() {
      firstClaimWins(nodeNames, (later, first) -> (later.owner().equals(first.owner())
          ? "duplicate " + later.owner() + " name "
          : "duplicate node name ") + quote(later.key()) + " (also " + first.path() + ")");
      firstClaimWins(siteNames, (later, first) ->
          "duplicate site name " + quote(later.key()) + " (also " + first.path() + ")");
      firstClaimWins(domains, (later, first) -> later.owner().equals(first.owner())
          ? "duplicate domain " + quote(later.key()) + " (also " + first.path() + ")"
          : "domain " + quote(later.key()) + " is also claimed by " + first.owner());
      firstClaimWins(cidrs, (later, first) ->
          "duplicate CIDR " + quote(later.key()) + " (also " + first.path() + ")");
      // A request names its site by its token, so a token can belong to one site only. The
      // reasons never quote the token itself.
      firstClaimWins(tokens, (later, first) -> later.owner().equals(first.owner())
          ? "duplicate token (also " + first.path() + ")"
          : "the same token is also given to another site (" + first.path()
              + "): a token belongs to one site");
      operatorClaim.ifPresent(operator -> tokens.stream()
          .filter(token -> token.key().equals(operator.key())).findFirst()
          .ifPresent(token -> problem(operator.path(), "the same token is a purge token ("
              + token.path() + "): the operator's token must be its own, or a site could stop"
              + " PoPs")));
      portClashes();
      steeringNames();
    }

    /**
     * The latency matrix names PoPs and location regions: a typo would otherwise quietly leave
     * the region steered by distance, or fail only when DNS starts.
     */
    private void steeringNames() {
      List<String> pops = nodeNames.stream().filter(c -> c.owner().equals("PoP"))
          .map(Claim::key).toList();
      for (Claim pop : latencyPops) {
        // No PoP at all is reported on its own; every name would be unknown then.
        if (!popNameUnreadable && !pops.isEmpty() && !pops.contains(pop.key())) {
          problem(pop.path(), "unknown PoP " + quote(pop.key()) + " (PoPs: "
              + String.join(", ", pops) + ")");
        }
      }
      List<String> regions = locationRegions.stream().distinct().toList();
      for (Claim region : latencyRegions) {
        if (!locationRegionUnreadable && !regions.contains(region.key())) {
          problem(region.path(), "no location row has region " + quote(region.key())
              + (regions.isEmpty()
                  ? " (there are no locations)"
                  : " (regions: " + String.join(", ", regions) + ")"));
        }
      }
    }

    /** Reports each claim whose key an earlier claim (in file order) already has. */
    private void firstClaimWins(List<Claim> claims, BiFunction<Claim, Claim, String> reason) {
      claims.sort(Comparator.comparingInt(c -> order(c.path())));
      Map<String, Claim> first = new HashMap<>();
      for (Claim claim : claims) {
        Claim earlier = first.putIfAbsent(claim.key(), claim);
        if (earlier != null) {
          problem(claim.path(), reason.apply(claim, earlier));
        }
      }
    }

    private void portClashes() {
      endpoints.sort(Comparator.comparingInt(e -> order(e.path())));
      Map<Integer, List<Endpoint>> byPort = new HashMap<>();
      for (Endpoint endpoint : endpoints) {
        int port = endpoint.address().port();
        if (port == 0) {
          continue; // any free port: the system never hands out a taken one
        }
        List<Endpoint> samePort = byPort.computeIfAbsent(port, p -> new ArrayList<>());
        samePort.stream().filter(earlier -> earlier.clashesWith(endpoint)).findFirst()
            .ifPresent(earlier -> problem(endpoint.path(), "port clash: " + endpoint.address()
                + " is also " + earlier.path()));
        samePort.add(endpoint);
      }
    }

    /**
     * How a host compares for port clashes: IP literals in canonical form (so 0:0::1 and ::1
     * are one), names lower-cased. Names are not resolved: localhost and 127.0.0.1 differ here.
     */
    private static String hostKey(String host) {
      byte[] ip = ipLiteral(host);
      if (ip == null) {
        return host.toLowerCase(Locale.ROOT);
      }
      try {
        return InetAddress.getByAddress(ip).getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // a 4 or 16 byte array is always accepted
      }
    }
  }

  @FunctionalInterface
  private interface Reader<T> {
    /** The value at {@code path}, or null after recording why it is not usable. */
    T read(Object value, String path);
  }

  private record Ranked(int order, ConfigProblem problem) {}

  /** A name, domain or CIDR claimed at {@code path} by {@code owner} (a kind or a site path). */
  private record Claim(String key, String path, String owner) {}

  private record Endpoint(String path, HostPort address, String hostKey) {
    private static final List<String> WILDCARDS = List.of("0.0.0.0", "0:0:0:0:0:0:0:0");

    boolean clashesWith(Endpoint other) {
      return hostKey.equals(other.hostKey)
          || WILDCARDS.contains(hostKey)
          || WILDCARDS.contains(other.hostKey);
    }
  }
}
