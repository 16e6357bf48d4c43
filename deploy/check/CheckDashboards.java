import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgecdn.launcher.run.StablePorts;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Proves the Grafana dashboards and the Prometheus alert rules against a real Prometheus
 * scraping a live demo network (run it through {@code deploy/check-dashboards}).
 *
 * <h2>1. What it starts, and stops</h2>
 * A demo network ({@code cdn up --config}) on free loopback ports, with one extra site whose
 * origin is a closed port (so 5xx answers and a down origin exist), and Debian's
 * {@code prometheus} scraping every node each second with {@code deploy/prometheus/alerts.yml}
 * loaded. Both are child processes of this one, stopped (SIGTERM, then SIGKILL) on every exit
 * path, including Ctrl-C and the overall deadline; nothing else is touched.
 *
 * <h2>2. What it checks</h2>
 * <ol>
 *   <li>{@code promtool check config}, {@code check rules} and {@code test rules} on the files in
 *       {@code deploy/prometheus/};
 *   <li>after a short mixed load (cache hits, misses, revalidations, passes, 4xx, 5xx, purges of
 *       every kind, chat completions, DNS queries from three regions and a burst that rate
 *       limiting holds back):
 *       {@code promtool check metrics} on each node's {@code /metrics}, and that every metric
 *       the design and the dashboards issue name is exported;
 *   <li>every query of every panel of every dashboard, variables substituted ({@code $pop} as
 *       "All"), through Prometheus's HTTP API: it must parse and return data (a result that is
 *       only NaN counts as none). A panel whose metric no node exports yet is reported as
 *       {@code pending} and fails only with {@code --strict};
 *   <li>every alert rule evaluated by Prometheus without error.
 * </ol>
 */
public final class CheckDashboards {

  /** Metrics other engineers are still building: reported as pending unless --strict. */
  static final Set<String> NOT_YET_BUILT = Set.of("cdn_llm_cache_total",
      "cdn_llm_tokens_saved_total", "cdn_llm_latency_saved_seconds_total");

  /** DESIGN §8 and the dashboards issue: each must be on some node's /metrics after the load. */
  static final List<String> REQUIRED = List.of("cdn_requests_total",
      "cdn_request_duration_seconds_bucket", "cdn_response_bytes_total", "cdn_upstream_bytes_total",
      "cdn_cache_bytes", "cdn_cache_entries", "cdn_cache_evictions_total",
      "cdn_upstream_requests_total", "cdn_upstream_duration_seconds_bucket", "cdn_purges_total",
      "cdn_purge_propagation_seconds_bucket", "cdn_purge_pending", "cdn_purge_gaps_total",
      "cdn_purge_failsafe", "cdn_purge_failsafe_events_total", "cdn_dns_queries_total",
      "cdn_dns_rrl_limited_total", "cdn_dns_failovers_total", "cdn_origin_up", "cdn_pop_healthy",
      "cdn_cluster_members", "cdn_build_info", "jvm_memory_used_bytes", "jvm_threads_live_threads",
      "cdn_prefetch_total", "cdn_predictor_model_bytes", "cdn_llm_cache_total",
      "cdn_llm_tokens_saved_total", "cdn_llm_latency_saved_seconds_total");

  /** Cache statuses the load must produce (the others need time or features not built yet). */
  static final List<String> STATUSES_SEEN = List.of("hit", "miss", "revalidated", "pass");

  static final String TOKEN = "demo-shop-token-change-me";
  static final Pattern METRIC = Pattern.compile("\\b(?:cdn|jvm|process|system)_[a-zA-Z0-9_]+");
  /** Well inside the 3 minutes .ci/run allows; a run takes about 40 s. */
  static final Duration DEADLINE = Duration.ofSeconds(150);

  final Path root;
  final boolean strict;
  final int loadSeconds;
  final Path work;
  final long startNanos = System.nanoTime();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  final List<Process> children = new ArrayList<>();
  int failures;
  int pending;

  CheckDashboards(Path root, boolean strict, int loadSeconds) throws IOException {
    this.root = root;
    this.strict = strict;
    this.loadSeconds = loadSeconds;
    this.work = Files.createTempDirectory("check-dashboards-");
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".").toAbsolutePath().normalize();
    boolean strict = false;
    int loadSeconds = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--strict" -> strict = true;
        case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--load-seconds" -> loadSeconds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: check-dashboards [--strict] [--load-seconds N]");
          System.exit(2);
        }
      }
    }
    CheckDashboards check = new CheckDashboards(root, strict, loadSeconds);
    Runtime.getRuntime().addShutdownHook(new Thread(check::stopChildren));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(DEADLINE.toMillis());
        System.err.println("check-dashboards: gave up after " + DEADLINE.toSeconds() + " s");
        System.exit(1); // the shutdown hook stops the children
      } catch (InterruptedException e) {
        // finished in time
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    int code;
    try {
      code = check.run();
    } catch (Exception e) {
      check.log("FAILED: " + e);
      code = 1;
    } finally {
      check.stopChildren();
    }
    check.log(code == 0 ? "passed" : "failed; logs kept in " + check.work);
    if (code == 0) {
      check.deleteWork();
    }
    System.exit(code);
  }

  int run() throws Exception {
    Path prometheusDir = root.resolve("deploy/prometheus");
    String promtool = tool("promtool");
    String prometheus = tool("prometheus");
    Path jar = root.resolve("launcher/target/cdn.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": build it first (mvn -B package)");
    }

    step("promtool check config/rules, test rules");
    expectRun(List.of(promtool, "check", "config", prometheusDir.resolve("prometheus.yml")
        .toString()), "check config");
    expectRun(List.of(promtool, "check", "rules", prometheusDir.resolve("alerts.yml").toString()),
        "check rules");
    expectRun(List.of(promtool, "test", "rules", prometheusDir.resolve("alerts.test.yml")
        .toString()), "test rules");

    List<Dashboard> dashboards = readDashboards(root.resolve("deploy/grafana/dashboards"));

    step("starting the demo network on free ports");
    Network net = Network.plan();
    Path netFile = work.resolve("net.yaml");
    Files.writeString(netFile, net.yaml(capture(List.of("java", "-jar", jar.toString(), "config",
        "print-default"))));
    start(List.of("java", "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString(), "up",
        "--config", netFile.toString()), work.resolve("network.log"));
    awaitNetwork(net);

    step("starting prometheus on 127.0.0.1:" + net.prometheus);
    Path promConfig = work.resolve("prometheus.yml");
    Files.writeString(promConfig, net.prometheusConfig(prometheusDir.resolve("alerts.yml")));
    start(List.of(prometheus, "--config.file=" + promConfig,
        "--storage.tsdb.path=" + work.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + net.prometheus, "--log.level=warn"),
        work.resolve("prometheus.log"));
    String api = "http://127.0.0.1:" + net.prometheus;
    awaitStatus(api + "/-/ready", 200, Duration.ofSeconds(30), "prometheus ready");

    step("mixed load for " + loadSeconds + " s (HTTP on 3 edges, purges, DNS)");
    new Load(net, http).run(Duration.ofSeconds(loadSeconds));
    Thread.sleep(3_000); // three more scrapes, so the last of the load is stored

    step("promtool check metrics on each node's /metrics");
    for (Map.Entry<String, String> node : net.admins().entrySet()) {
      String body = get("http://" + node.getValue() + "/metrics");
      ProcessResult lint = runTool(List.of(promtool, "check", "metrics"), body);
      if (lint.code != 0) {
        fail("metrics of " + node.getKey() + ": promtool check metrics: " + lint.output.trim());
      }
    }

    step("metrics exported");
    Set<String> names = new TreeSet<>();
    new JsonObject(get(api + "/api/v1/label/__name__/values")).getJsonArray("data")
        .forEach(n -> names.add((String) n));
    for (String name : REQUIRED) {
      if (!names.contains(name)) {
        pendingOrFail("metric " + name + " not exported by any node", name);
      }
    }
    JsonArray statuses = query(api, "count by (cache_status) (cdn_requests_total)")
        .getJsonObject("data").getJsonArray("result");
    Set<String> seen = new TreeSet<>();
    statuses.forEach(s -> seen.add(((JsonObject) s).getJsonObject("metric")
        .getString("cache_status")));
    log("  cache statuses seen: " + String.join(", ", seen));
    for (String status : STATUSES_SEEN) {
      if (!seen.contains(status)) {
        fail("no request counted with cache_status=\"" + status + "\"");
      }
    }

    step("panels: " + dashboards.stream().mapToInt(d -> d.queries.size()).sum()
        + " queries in " + dashboards.size() + " dashboards");
    for (Dashboard dashboard : dashboards) {
      int ok = 0;
      for (String variableQuery : dashboard.variableQueries) {
        checkVariable(api, dashboard, variableQuery);
      }
      for (PanelQuery q : dashboard.queries) {
        if (checkPanel(api, names, dashboard, q)) {
          ok++;
        }
      }
      log("  " + dashboard.file + ": " + ok + "/" + dashboard.queries.size() + " queries with data");
    }

    step("alert rules evaluated by prometheus");
    JsonArray groups = new JsonObject(get(api + "/api/v1/rules")).getJsonObject("data")
        .getJsonArray("groups");
    int rules = 0;
    for (Object g : groups) {
      for (Object r : ((JsonObject) g).getJsonArray("rules")) {
        JsonObject rule = (JsonObject) r;
        rules++;
        if (!"ok".equals(rule.getString("health"))) {
          fail("alert " + rule.getString("name") + ": " + rule.getString("health") + " "
              + rule.getString("lastError", ""));
        }
        if ("firing".equals(rule.getString("state"))) {
          log("  alert " + rule.getString("name") + " is firing (expected for the broken site)");
        }
      }
    }
    if (rules == 0) {
      fail("prometheus loaded no alert rules");
    }
    log("  " + rules + " rules evaluated");

    log("summary: " + failures + " failed, " + pending + " pending"
        + (strict ? " (strict: pending fails)" : ""));
    return failures == 0 && (!strict || pending == 0) ? 0 : 1;
  }

  // ---- dashboards ----

  record PanelQuery(String panel, String expr) {}

  record Dashboard(String file, List<String> variableQueries, List<PanelQuery> queries) {}

  List<Dashboard> readDashboards(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no dashboards in " + dir);
    }
    Set<String> uids = new LinkedHashSet<>();
    List<Dashboard> out = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      JsonObject json = new JsonObject(Files.readString(file));
      if (!uids.add(json.getString("uid", ""))) {
        fail(name + ": uid missing or used twice");
      }
      if (json.getInteger("schemaVersion", 0) < 39) {
        fail(name + ": schemaVersion " + json.getInteger("schemaVersion") + ", want 39 or later");
      }
      List<String> variables = new ArrayList<>();
      boolean hasPop = false;
      for (Object v : json.getJsonObject("templating", new JsonObject())
          .getJsonArray("list", new JsonArray())) {
        JsonObject variable = (JsonObject) v;
        if ("pop".equals(variable.getString("name"))) {
          hasPop = true;
        }
        if ("query".equals(variable.getString("type"))) {
          Object q = variable.getValue("query");
          variables.add(q instanceof JsonObject o ? o.getString("query") : String.valueOf(q));
        }
      }
      if (!hasPop) {
        fail(name + ": no pop variable");
      }
      List<PanelQuery> queries = new ArrayList<>();
      collectPanels(json.getJsonArray("panels", new JsonArray()), name, queries);
      out.add(new Dashboard(name, variables, queries));
    }
    return out;
  }

  void collectPanels(JsonArray panels, String file, List<PanelQuery> into) {
    for (Object p : panels) {
      JsonObject panel = (JsonObject) p;
      if ("row".equals(panel.getString("type"))) {
        collectPanels(panel.getJsonArray("panels", new JsonArray()), file, into);
        continue;
      }
      String title = panel.getString("title", "(untitled)");
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      if (targets.isEmpty()) {
        fail(file + " / " + title + ": panel has no query");
      }
      for (Object t : targets) {
        String expr = ((JsonObject) t).getString("expr");
        if (expr == null || expr.isBlank()) {
          fail(file + " / " + title + ": a query without expr");
        } else {
          into.add(new PanelQuery(title, expr));
        }
      }
    }
  }

  /** Grafana's variables as the check sets them: every PoP, and windows that fit the run. */
  static String substitute(String expr) {
    return expr.replace("${pop:regex}", ".*").replace("${pop}", ".*").replace("$pop", ".*")
        .replace("$__rate_interval", "1m").replace("$__interval", "15s")
        .replace("$__range", "5m");
  }

  void checkVariable(String api, Dashboard dashboard, String variableQuery) throws Exception {
    Matcher m = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)").matcher(variableQuery);
    if (!m.matches()) {
      fail(dashboard.file + ": variable query not understood: " + variableQuery);
      return;
    }
    String url = api + "/api/v1/label/" + m.group(2) + "/values?match[]="
        + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    if (new JsonObject(get(url)).getJsonArray("data").isEmpty()) {
      fail(dashboard.file + ": variable " + variableQuery + " has no values");
    }
  }

  boolean checkPanel(String api, Set<String> names, Dashboard dashboard, PanelQuery q)
      throws Exception {
    String where = dashboard.file + " / " + q.panel;
    String expr = substitute(q.expr);
    if (expr.contains("$")) {
      fail(where + ": unknown variable left in " + expr);
      return false;
    }
    JsonObject answer = query(api, expr);
    if (!"success".equals(answer.getString("status"))) {
      fail(where + ": " + answer.getString("errorType") + ": " + answer.getString("error")
          + "\n      in " + expr);
      return false;
    }
    JsonArray result = answer.getJsonObject("data").getJsonArray("result");
    boolean data = false;
    for (Object r : result) {
      JsonArray value = ((JsonObject) r).getJsonArray("value");
      if (value != null && !"NaN".equals(value.getString(1))) {
        data = true;
      }
    }
    if (data) {
      return true;
    }
    Matcher m = METRIC.matcher(expr);
    Set<String> missing = new TreeSet<>();
    while (m.find()) {
      if (!names.contains(m.group())) {
        missing.add(m.group());
      }
    }
    if (!missing.isEmpty()) {
      for (String metric : missing) {
        pendingOrFail(where + ": metric " + metric + " not exported by any node", metric);
      }
    } else {
      fail(where + ": no data" + (result.isEmpty() ? "" : " (only NaN)") + "\n      in " + expr);
    }
    return false;
  }

  void pendingOrFail(String message, String metric) {
    if (NOT_YET_BUILT.contains(metric)) {
      pending++;
      log("  pending: " + message);
      if (strict) {
        failures++;
      }
    } else {
      fail(message);
    }
  }

  JsonObject query(String api, String expr) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/query"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
        .build();
    return new JsonObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  // ---- the network and prometheus ----

  /** Every address of the network, each on a port that was free a moment ago. */
  record Network(int origin, int dns, int dnsAdmin, int shield, int shieldAdmin,
      int[] cluster, int[] edge, int[] edgeAdmin, int deadOrigin, int prometheus) {

    static final String[] POPS = {"us", "eu", "ap"};

    static Network plan() throws IOException {
      int[] cluster = new int[4];
      for (int i = 0; i < 4; i++) {
        cluster[i] = free("127.0.0.1");
      }
      int[] edge = new int[3];
      int[] edgeAdmin = new int[3];
      for (int i = 0; i < 3; i++) {
        edge[i] = free(edgeHost(i));
        edgeAdmin[i] = free(edgeHost(i));
      }
      return new Network(free("127.0.0.1"), free("127.0.0.1"), free("127.0.0.1"),
          free("127.0.0.1"), free("127.0.0.1"), cluster, edge, edgeAdmin, free("127.0.0.1"),
          free("127.0.0.1"));
    }

    static String edgeHost(int i) {
      return "127.0." + (i + 1) + ".1";
    }

    /** A free port on {@code host}, planned as the benchmarks' networks plan theirs. */
    static int free(String host) {
      return StablePorts.free(host).port();
    }

    /** The demo network file with every address moved, access logs off and a broken site. */
    String yaml(String demo) {
      Map<String, String> moves = new LinkedHashMap<>();
      moves.put("127.0.0.1:8000", "127.0.0.1:" + origin);
      moves.put("127.0.0.1:5353", "127.0.0.1:" + dns);
      moves.put("127.0.0.1:9053", "127.0.0.1:" + dnsAdmin);
      moves.put("127.0.0.1:8090", "127.0.0.1:" + shield);
      moves.put("127.0.0.1:9090", "127.0.0.1:" + shieldAdmin);
      for (int i = 0; i < 4; i++) {
        moves.put("127.0.0.1:570" + (i + 1), "127.0.0.1:" + cluster[i]);
      }
      for (int i = 0; i < 3; i++) {
        moves.put(edgeHost(i) + ":8080", edgeHost(i) + ":" + edge[i]);
        moves.put(edgeHost(i) + ":9080", edgeHost(i) + ":" + edgeAdmin[i]);
      }
      String out = demo;
      for (Map.Entry<String, String> move : moves.entrySet()) {
        if (!out.contains(move.getKey())) {
          throw new IllegalStateException("the demo network file no longer has "
              + move.getKey() + "; update deploy/check/CheckDashboards.java");
        }
        out = out.replace(move.getKey(), move.getValue());
      }
      out = out.replace("access-log: stdout", "access-log: off");
      if (!Pattern.compile("(?m)^sites:").matcher(out).find()
          || Pattern.compile("(?ms)^sites:.*^[a-z]").matcher(out).find()) {
        throw new IllegalStateException("sites: is no longer the last section of the demo file");
      }
      return out.stripTrailing() + "\n"
          + "  - name: broken\n"
          + "    domains: [www.broken.example]\n"
          + "    origins: [http://127.0.0.1:" + deadOrigin + "]\n";
    }

    Map<String, String> admins() {
      Map<String, String> admins = new LinkedHashMap<>();
      admins.put("shield", "127.0.0.1:" + shieldAdmin);
      for (int i = 0; i < 3; i++) {
        admins.put(POPS[i], edgeHost(i) + ":" + edgeAdmin[i]);
      }
      admins.put("dns", "127.0.0.1:" + dnsAdmin);
      return admins;
    }

    String prometheusConfig(Path alerts) {
      StringBuilder targets = new StringBuilder();
      for (String admin : admins().values()) {
        targets.append(targets.length() == 0 ? "" : ", ").append('\'').append(admin).append('\'');
      }
      return "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
          + "rule_files: ['" + alerts + "']\n"
          + "scrape_configs:\n  - job_name: edgecdn\n    static_configs:\n"
          + "      - targets: [" + targets + "]\n";
    }
  }

  void awaitNetwork(Network net) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (Map.Entry<String, String> node : net.admins().entrySet()) {
      awaitStatus("http://" + node.getValue() + "/healthz", 200,
          Duration.ofNanos(Math.max(0, until - System.nanoTime())), node.getKey() + " healthy");
    }
    // Healthy edges may still be alone: wait until every member sees all four.
    for (Map.Entry<String, String> node : net.admins().entrySet()) {
      if (node.getKey().equals("dns")) {
        continue;
      }
      while (true) {
        String health = get("http://" + node.getValue() + "/healthz");
        if (new JsonObject(health).getInteger("cluster_members", 0) == 4) {
          break;
        }
        if (System.nanoTime() > until) {
          throw new IllegalStateException(node.getKey() + " never saw 4 members: " + health);
        }
        Thread.sleep(200);
      }
    }
  }

  void awaitStatus(String url, int status, Duration within, String what) throws Exception {
    long until = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == status) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      for (Process child : children) {
        if (!child.isAlive()) {
          throw new IllegalStateException("a child process exited (code " + child.exitValue()
              + ") while waiting for " + what + "; see " + work);
        }
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("timed out waiting for " + what + " (" + url + ")");
      }
      Thread.sleep(250);
    }
  }

  // ---- load ----

  /** A short mix that makes every panel's series exist. */
  static final class Load {
    final Network net;
    final HttpClient http;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong purges = new AtomicLong();
    final AtomicLong dnsQueries = new AtomicLong();

    Load(Network net, HttpClient http) {
      this.net = net;
      this.http = http;
    }

    static final String[] PATHS = {"/", "/products", "/about", "/static/app.css",
        "/static/app.js", "/static/img/logo.svg", "/api/products", "/api/products?page=2",
        "/api/products/999", "/no-such-page", "/cart", "/api/time"};

    void run(Duration length) throws Exception {
      long until = System.nanoTime() + length.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int edge = i;
        threads.add(new Thread(() -> http(edge, until), "load-http-" + edge));
      }
      threads.add(new Thread(() -> purges(until), "load-purges"));
      threads.add(new Thread(() -> llm(until), "load-llm"));
      threads.add(new Thread(() -> visitors(until), "load-visitors"));
      threads.add(new Thread(() -> dns(until), "load-dns"));
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(length.toMillis() + 30_000);
      }
      System.out.printf("  load: %d HTTP requests, %d purges, %d DNS queries%n", requests.get(),
          purges.get(), dnsQueries.get());
    }

    void http(int edge, long until) {
      String base = "http://" + Network.edgeHost(edge) + ":" + net.edge[edge];
      int round = 0;
      while (System.nanoTime() < until) {
        for (String path : PATHS) {
          send(base, path, "www.shop.example", null);
        }
        send(base, "/", "www.shop.example", "no-cache"); // revalidated (304 upstream)
        send(base, "/products", "www.shop.example", "max-age=0");
        send(base, "/", "www.unknown.example", null); // 421
        if (round++ % 3 == 0) {
          send(base, "/", "www.broken.example", null); // 502: its origin is a closed port
        }
        pause(100);
      }
    }

    /**
     * Page views as browsers make them (Accept: text/html, Sec-Fetch-Dest: document, a Referer),
     * by visitors told apart by their User-Agent, each round on every edge walking a tour that
     * no other load touches: home, products, about. Once the edges have seen the path a few
     * times they predict it; from the fourth round the tour's later pages are purged before the
     * walk, so the edge prefetches them after the first page and the walk's next request is a
     * prefetch hit.
     */
    void visitors(long until) {
      String[] tour = {"/?tour", "/products?tour", "/about?tour"};
      int round = 0;
      while (System.nanoTime() < until) {
        if (round >= 3) {
          purgeTour(round % 3, tour);
        }
        for (int edge = 0; edge < 3; edge++) {
          String base = "http://" + Network.edgeHost(edge) + ":" + net.edge[edge];
          String previous = null;
          for (String page : tour) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + page))
                .timeout(Duration.ofSeconds(5)).header("Host", "www.shop.example")
                .header("Accept", "text/html").header("Sec-Fetch-Dest", "document")
                .header("User-Agent", "check-dashboards visitor " + round + "-" + edge);
            if (previous != null) {
              request.header("Referer", "http://www.shop.example" + previous);
            }
            try {
              http.send(request.build(), HttpResponse.BodyHandlers.discarding());
              requests.incrementAndGet();
            } catch (IOException e) {
              // counted on the node's side
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            previous = page;
            pause(150); // a visitor reads before clicking; the prefetch lands meanwhile
          }
        }
        round++;
        pause(500);
      }
    }

    private void purgeTour(int edge, String[] tour) {
      String url = "http://" + Network.edgeHost(edge) + ":" + net.edgeAdmin[edge]
          + "/api/v1/purge";
      String body = "{\"files\":[\"http://www.shop.example" + tour[1]
          + "\",\"http://www.shop.example" + tour[2] + "\"]}";
      try {
        http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.discarding());
        purges.incrementAndGet();
      } catch (IOException e) {
        System.out.println("  tour purge failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pause(200); // the purge reaches every edge in milliseconds
    }

    void send(String base, String path, String host, String cacheControl) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(5)).header("Host", host);
      if (cacheControl != null) {
        request.header("Cache-Control", cacheControl);
      }
      try {
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        requests.incrementAndGet();
      } catch (IOException e) {
        // a reset (the broken site) still counts on the node's side
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Chat completions: repeated questions at temperature 0 (the edge may answer them), one at
     * temperature 1 (never shared). The demo origin takes about 0.8 s per answer.
     */
    void llm(long until) {
      String[] questions = {"What is an edge?", "What is a shield?", "What is a purge?"};
      int i = 0;
      while (System.nanoTime() < until) {
        int edge = i % 3;
        String temperature = i % 4 == 3 ? "1" : "0";
        String body = "{\"model\":\"demo-1\",\"temperature\":" + temperature
            + ",\"messages\":[{\"role\":\"user\",\"content\":\""
            + questions[i % questions.length] + "\"}]}";
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://" + Network.edgeHost(edge) + ":"
                      + net.edge[edge] + "/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(5)).header("Host", "www.shop.example")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.discarding());
          requests.incrementAndGet();
        } catch (IOException e) {
          // counted on the node's side
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        i++;
        pause(300);
      }
    }

    void purges(long until) {
      String[] bodies = {"{\"files\":[\"http://www.shop.example/about\"]}",
          "{\"tags\":[\"products\"]}", "{\"prefixes\":[\"www.shop.example/static/\"]}",
          "{\"hosts\":[\"shop.example\"]}", "{\"everything\":true}",
          "{\"files\":[\"http://www.shop.example/\"],\"soft\":true}"};
      int i = 0;
      pause(1_000); // let the caches fill first
      while (System.nanoTime() < until) {
        int edge = i % 3;
        String url = "http://" + Network.edgeHost(edge) + ":" + net.edgeAdmin[edge]
            + "/api/v1/purge";
        try {
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(bodies[i % bodies.length])).build(),
              HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() / 100 == 2) {
            purges.incrementAndGet();
          } else {
            System.out.println("  purge answered " + answer.statusCode() + ": " + answer.body());
          }
        } catch (IOException e) {
          System.out.println("  purge failed: " + e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        i++;
        pause(1_500);
      }
    }

    void dns(long until) {
      try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
        socket.setSoTimeout(1_000);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", net.dns);
        boolean burst = false;
        while (System.nanoTime() < until) {
          for (int region = 1; region <= 3; region++) {
            ask(socket, server, "www.shop.example.", "127.0." + region + ".0", true);
          }
          ask(socket, server, "nothing-here.shop.example.", null, true);
          ask(socket, server, "www.not-ours.example.", null, true);
          if (!burst) {
            // 400 answers in a moment from one /24: rate limiting drops or truncates most.
            for (int i = 0; i < 400; i++) {
              ask(socket, server, "www.shop.example.", null, false);
            }
            drain(socket);
            burst = true;
          }
          pause(200);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void ask(DatagramSocket socket, InetSocketAddress server, String name, String subnet,
        boolean await) throws IOException {
      Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
      if (subnet != null) {
        query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(
            new ClientSubnetOption(24, InetAddress.getByName(subnet)))), 3 /* additional */);
      }
      byte[] wire = query.toWire();
      socket.send(new DatagramPacket(wire, wire.length, server));
      dnsQueries.incrementAndGet();
      if (await) {
        try {
          socket.receive(new DatagramPacket(new byte[1500], 1500));
        } catch (SocketTimeoutException e) {
          // dropped by rate limiting, or lost: the server counted it either way
        }
      }
    }

    static void drain(DatagramSocket socket) throws IOException {
      int before = socket.getSoTimeout();
      socket.setSoTimeout(200);
      try {
        while (true) {
          socket.receive(new DatagramPacket(new byte[1500], 1500));
        }
      } catch (SocketTimeoutException e) {
        // drained
      } finally {
        socket.setSoTimeout(before);
      }
    }

    static void pause(long millis) {
      try {
        Thread.sleep(millis + ThreadLocalRandom.current().nextInt(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- processes ----

  record ProcessResult(int code, String output) {}

  String tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(name + " not found: apt-get install prometheus (Debian)");
  }

  void start(List<String> command, Path log) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    synchronized (children) {
      children.add(process);
    }
  }

  /** Stops what this program started, newest first: SIGTERM, then SIGKILL after 15 s. */
  void stopChildren() {
    List<Process> stopping;
    synchronized (children) {
      stopping = new ArrayList<>(children);
      children.clear();
    }
    for (int i = stopping.size() - 1; i >= 0; i--) {
      Process process = stopping.get(i);
      if (!process.isAlive()) {
        continue;
      }
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
    }
  }

  ProcessResult runTool(List<String> command, String stdin) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    return new ProcessResult(process.exitValue(), output);
  }

  void expectRun(List<String> command, String what) throws Exception {
    ProcessResult result = runTool(command, null);
    if (result.code != 0) {
      fail("promtool " + what + ":\n" + result.output.trim());
    } else {
      log("  promtool " + what + ": ok");
    }
  }

  String capture(List<String> command) throws Exception {
    ProcessResult result = runTool(command, null);
    if (result.code != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + result.output);
    }
    return result.output;
  }

  String get(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return response.body();
  }

  // ---- reporting ----

  void step(String what) {
    log(what);
  }

  void fail(String message) {
    failures++;
    log("  FAIL: " + message);
  }

  void log(String message) {
    System.out.printf("[%5.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
  }

  void deleteWork() {
    try (Stream<Path> walk = Files.walk(work)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
