package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigWriter;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;
import org.edgecdn.launcher.run.StablePorts;

/**
 * Cache hits side by side with the anchors (issue 6): our edge, nginx's {@code proxy_cache}
 * (plain and with {@code open_file_cache}) and Varnish, each in front of the same origin, measured
 * in the same run under {@code wrk}.
 *
 * <h2>1. What runs</h2>
 * This JVM runs the origin (objects of 1 KiB, 16 KiB and 256 KiB, cacheable for a day) and the
 * network's shield, both on 127.0.0.1. Our edge is {@code cdn edge} forked from this jar, a JVM of
 * its own with every feature of a real edge on: metrics, {@code Cache-Status}, the purge
 * generation check against its cluster replica; only the access log is off, as it is for the
 * others. nginx and Varnish come from Debian's packages when installed; a missing one is skipped
 * with a note ({@link HitsContenders}).
 *
 * <h2>2. How it measures</h2>
 * Servers are pinned to CPU 0 and wrk to CPU 1 with {@code taskset}, so each server has one core
 * and the load generator another. Each object is fetched once through each server (a fill, then
 * checked: status, length, cache status), then each server is warmed under load, unreported. A
 * round runs every cell (size x connections) against every server in turn, A B C A B C..., the
 * order rotated each round, so a drift of the machine hits all alike; medians over rounds give
 * the table, and each server's ratio to nginx in the same cell. Per run: requests per second,
 * p50 and p99 ({@code wrk --latency}), the server's CPU per request (utime + stime of its process
 * tree over the run, {@link ProcStat}) and wrk's own CPU (to see when the load generator, not the
 * server, is the limit). With {@code --revalidations}, one more cell per connection count asks
 * for the 1 KiB object with its ETag in {@code If-None-Match}: a browser's reload, answered
 * with a 304 by every server (checked before the load).
 *
 * <h2>3. Misses</h2>
 * One connection asks for URLs never asked before ({@link Wrk#UNIQUE_URLS_SCRIPT}), so every
 * request is a miss all the way: through our edge that is edge, shield, origin; through nginx
 * and Varnish one tier. The origin asked directly is the baseline; the table gives each one's
 * p50 and what it adds to the direct p50. The shield asked directly (from wrk, as if it were an
 * edge) splits what our two tiers add between them. Every server's miss path is warmed first
 * with misses at 16 connections for {@code --miss-warmup} seconds: the JVMs compile the miss
 * path only after some ten thousand misses, and until then a miss through the edge costs several
 * times more (0.6-1.0 ms added instead of 0.15 ms in the same run, measured with a 2 s
 * warm-up), the edge's JIT compiler competing with its event loop for the one CPU it is pinned to.
 *
 * <h2>4. Bounds</h2>
 * Everything listens on loopback; every run has a length and wrk is killed if it overstays;
 * every process started is stopped by its PID at the end, on failure or on Ctrl-C
 * ({@link BenchChildren}), and the scratch directory is deleted.
 */
public final class HitsBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofSeconds(120);

  /** The exit code when wrk is missing or the edge cannot be forked. */
  public static final int EXIT_MISSING_TOOLS = 2;
  static final int SERVER_CPU = 0;
  static final int WRK_CPU = 1;
  /** Every contender's ratio is to this one, in the same cell. */
  static final String REFERENCE = "nginx";
  /** The row of edge eu in a whole {@code cdn up} network. */
  static final String NETWORK = "cdn-up";
  /** The edge of the {@value #NETWORK} network that is measured, as the issue states its goal. */
  static final String MEASURED_POP = "eu";
  static final List<Integer> SIZES = List.of(1 << 10, 16 << 10, 256 << 10);
  static final String MISS_DIRECT = "origin (direct)";
  /** The shield asked directly: what the shield tier adds, apart from the edge's. */
  static final String MISS_SHIELD = "shield (direct)";

  private HitsBench() {}

  /** A baseline edge's label: {@code edge@} and its jar's name without {@code .jar}. */
  static String baselineLabel(Path jar) {
    return "edge@" + jar.getFileName().toString().replaceFirst("\\.jar$", "");
  }

  /**
   * What to run.
   *
   * @param rounds measured runs per server and cell, alternating servers
   * @param seconds length of each run
   * @param warmupSeconds an unreported run per server and size first
   * @param missSeconds length of each miss run (one per server and round); 0 to skip misses
   * @param missWarmupSeconds an unreported miss run per server first, at 16 connections: long
   *     enough for the JIT to compile the miss path (see {@link HitsBench} section 3)
   * @param threads wrk threads
   * @param connections the connection counts of the cells
   * @param only the servers to run (labels); empty for all
   * @param edgeJvmArgs the forked edge's JVM options
   * @param baselineJars other builds of the runnable jar, each run as an edge of its own
   *     ({@code edge@<file name>}) in the same run: before and after side by side
   * @param missesOnly skip the hit cells: only the fills and the miss runs
   * @param accessLogs every server writes an access log to a file in memory (tmpfs): ours as
   *     the network file's {@code access-log}, nginx buffered ({@link HitsContenders#nginxConf})
   */
  public record Options(int rounds, int seconds, int warmupSeconds, int missSeconds,
      int missWarmupSeconds, int threads, List<Integer> connections, List<String> only,
      List<String> edgeJvmArgs, List<Path> baselineJars, boolean missesOnly,
      boolean accessLogs, boolean revalidations) {

    public static final List<String> DEFAULT_EDGE_JVM_ARGS =
        List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");
    /** Connections of the miss warm-up: a higher rate than the measured single connection. */
    static final int MISS_WARMUP_CONNECTIONS = 16;

    public Options {
      connections = List.copyOf(connections);
      only = List.copyOf(only);
      edgeJvmArgs = List.copyOf(edgeJvmArgs);
      baselineJars = List.copyOf(baselineJars);
      if (rounds <= 0 || seconds <= 0 || threads <= 0 || warmupSeconds < 0 || missSeconds < 0
          || missWarmupSeconds < 0) {
        throw new IllegalArgumentException("bench hits: --rounds, --seconds and --threads must be "
            + "positive, --warmup, --miss-seconds and --miss-warmup not negative");
      }
      if (connections.isEmpty() || connections.stream().anyMatch(c -> c < threads)) {
        throw new IllegalArgumentException("bench hits: each connection count must be at least "
            + "--threads");
      }
    }

    /** About how long the run takes with {@code servers} servers. */
    public int plannedSeconds(int servers) {
      // Each server, the origin and the shield asked directly.
      int misses = missSeconds > 0 ? (servers + 2) * (missWarmupSeconds + rounds * missSeconds)
          : 0;
      int sizes = SIZES.size() + (revalidations ? 1 : 0);
      int hits = missesOnly ? 0
          : servers * sizes * (warmupSeconds + rounds * connections.size() * seconds);
      return hits + misses + 20;
    }
  }

  /**
   * One cell of the table.
   *
   * @param revalidation every request revalidates the object with its ETag
   *     ({@code If-None-Match}), as a browser's reload does: the answer is a 304
   */
  public record Cell(int sizeBytes, int connections, boolean revalidation) {

    public Cell(int sizeBytes, int connections) {
      this(sizeBytes, connections, false);
    }

    String sizeLabel() {
      String size = sizeBytes >= 1 << 10 ? (sizeBytes >> 10) + " KiB" : sizeBytes + " B";
      return revalidation ? "304 " + size : size;
    }

    /** The validator a request of this cell sends, or null for a plain GET. */
    String validator() {
      return revalidation ? "If-None-Match: " + etag(sizeBytes) : null;
    }
  }

  /** The ETag the bench's origin gives the object of {@code sizeBytes}. */
  static String etag(int sizeBytes) {
    return "\"" + sizeBytes + "\"";
  }

  /** One measured run. */
  public record Run(int round, String server, Cell cell, Wrk.Figures figures,
      double serverCpuSeconds, double wrkCpuSeconds, double otherCpuSeconds) {

    /** Server CPU per request, microseconds. */
    double serverMicrosPerRequest() {
      return figures.requests() == 0 ? Double.NaN
          : serverCpuSeconds * 1e6 / figures.requests();
    }

    /** wrk's CPU per request, microseconds. */
    double wrkMicrosPerRequest() {
      return figures.requests() == 0 ? Double.NaN : wrkCpuSeconds * 1e6 / figures.requests();
    }

    /** CPUs wrk kept busy on average: near 1 with one thread, the load generator is the limit. */
    double wrkCores() {
      return wrkCpuSeconds / figures.seconds();
    }

    /** CPUs kept busy by everything but the server and wrk: the machine's noise. */
    double otherCores() {
      return Math.max(0, otherCpuSeconds) / figures.seconds();
    }
  }

  /** One miss run (one connection, every URL new). */
  public record MissRun(int round, String server, Wrk.Figures figures) {}

  /**
   * The figures of one benchmark.
   *
   * @param setup lines on tools, versions, pinning, printed before the table
   * @param servers the servers that ran, in table order
   */
  public record Result(Options options, List<String> setup, List<String> servers,
      List<Run> runs, List<MissRun> misses, List<String> notes) {

    public List<Cell> cells() {
      List<Cell> cells = new ArrayList<>();
      for (int size : SIZES) {
        for (int connections : options.connections()) {
          cells.add(new Cell(size, connections));
        }
      }
      if (options.revalidations()) {
        for (int connections : options.connections()) {
          cells.add(new Cell(SIZES.get(0), connections, true));
        }
      }
      return cells;
    }

    /** The median of one figure over a server's rounds in a cell. */
    public double median(String server, Cell cell, ToDoubleFunction<Run> figure) {
      return Stats.median(runs.stream()
          .filter(r -> r.server().equals(server) && r.cell().equals(cell))
          .mapToDouble(figure).toArray());
    }

    /** {@code server}'s median of {@code figure} over nginx's in the same cell, or NaN. */
    public double ratio(String server, Cell cell, ToDoubleFunction<Run> figure) {
      return Stats.ratio(median(server, cell, figure), median(REFERENCE, cell, figure));
    }

    /**
     * Requests per CPU-second of {@code server} over nginx's in the same cell: nginx's median CPU
     * per request over the server's. On a machine shared with other work, req/s follow each
     * server's share of the CPU (nginx's two workers get two shares to our one event loop);
     * this ratio does not.
     */
    public double cpuRatio(String server, Cell cell) {
      return Stats.ratio(median(REFERENCE, cell, Run::serverMicrosPerRequest),
          median(server, cell, Run::serverMicrosPerRequest));
    }

    public double missMedian(String server, ToDoubleFunction<Wrk.Figures> figure) {
      return Stats.median(misses.stream().filter(m -> m.server().equals(server))
          .mapToDouble(m -> figure.applyAsDouble(m.figures())).toArray());
    }
  }

  /** Medians and ratios. */
  static final class Stats {
    private Stats() {}

    /** The median; the mean of the middle two for an even count; NaN for none. */
    static double median(double[] values) {
      if (values.length == 0) {
        return Double.NaN;
      }
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int mid = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** {@code value / reference}; NaN when either is missing or the reference is 0. */
    static double ratio(double value, double reference) {
      if (Double.isNaN(value) || Double.isNaN(reference) || reference == 0) {
        return Double.NaN;
      }
      return value / reference;
    }
  }

  /**
   * The whole command: checks wrk (one line on {@code progress} and exit code
   * {@value #EXIT_MISSING_TOOLS} when missing), runs, prints the table on {@code out}, writes
   * {@code json} if given. Returns the exit code.
   */
  public static int execute(Options options, Optional<Path> json, PrintStream out,
      PrintStream progress) throws Exception {
    Optional<String> missing = Wrk.missing();
    if (missing.isPresent()) {
      progress.println(missing.get());
      return EXIT_MISSING_TOOLS;
    }
    Path jar = Path.of(HitsBench.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    if (!jar.toString().endsWith(".jar")) {
      progress.println("bench hits: the edge is forked from the runnable jar: run it as "
          + "java -jar launcher/target/cdn.jar bench hits");
      return EXIT_MISSING_TOOLS;
    }
    Result result = run(options, jar, progress);
    print(result, out);
    if (json.isPresent()) {
      Files.writeString(json.get(), toJson(result).encodePrettily());
      progress.println("bench hits: figures written to " + json.get());
    }
    return 0;
  }

  /** Runs the benchmark with the edge forked from {@code jar}. */
  static Result run(Options options, Path jar, PrintStream progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (BenchChildren children = new BenchChildren("edgecdn-bench-hits-")) {
      return new Bench(vertx, options, jar, children, progress).execute();
    } finally {
      await(vertx.close(), Duration.ofSeconds(20));
    }
  }

  private static final class Bench {
    private final Vertx vertx;
    private final Options options;
    private final Path jar;
    private final BenchChildren children;
    private final PrintStream progress;
    private final List<String> setup = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<HitsContenders.Contender> servers = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private final List<MissRun> misses = new ArrayList<>();
    private final Map<Integer, byte[]> bodies = new LinkedHashMap<>();
    private String siteHost;
    /** The shield's traffic address, or null when our edge does not run. */
    private HostPort shieldListen;
    private int serverCpu = -1;
    private int wrkCpu = -1;
    /** Where access logs go with {@link Options#accessLogs}: tmpfs when there is one. */
    private Path logRoot;

    Bench(Vertx vertx, Options options, Path jar, BenchChildren children, PrintStream progress) {
      this.vertx = vertx;
      this.options = options;
      this.jar = jar;
      this.children = children;
      this.progress = progress;
      Random random = new Random(6);
      for (int size : SIZES) {
        byte[] body = new byte[size];
        random.nextBytes(body);
        bodies.put(size, body);
      }
    }

    Result execute() throws Exception {
      if (DnsTools.canPin(children)) {
        serverCpu = SERVER_CPU;
        wrkCpu = WRK_CPU;
        setup.add("cpus: servers on CPU " + serverCpu + ", wrk on CPU " + wrkCpu
            + " (taskset); the origin and the shield run in the bench JVM, unpinned");
      } else {
        setup.add("cpus: nothing pinned (taskset missing or fewer than 2 CPUs: "
            + DnsTools.ownCpus() + "); servers and wrk share the CPUs");
      }
      setup.add("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs here, load "
          + "average (1, 5, 15 min) at the start: " + loadAverage());
      setup.add("load: " + Wrk.version(children) + ", " + options.threads()
          + " thread(s), closed model");
      if (options.accessLogs()) {
        logRoot = memoryDirectory("edgecdn-bench-logs-", "logs");
        setup.add("access logs on, to files in " + logRoot + ": ours batched (every 100 ms; "
            + "forked edges share one file, the shield in this JVM logs nothing), nginx's with "
            + "buffer=64k flush=1s; Varnish keeps its shared-memory log as always");
      }
      HttpServer origin = await(vertx.createHttpServer().requestHandler(this::origin)
          .listen(0, "127.0.0.1"), AWAIT);
      int originPort = origin.actualPort();
      RunningNetwork shield = null;
      try {
        shield = startOurs(originPort);
        startOthers(originPort);
        progress.printf(Locale.ROOT, "bench hits: %d servers up; about %d s to go%n",
            servers.size(), options.plannedSeconds(servers.size()));
        setup.add("started in (process start to ready; an edge: to its cache trusted): "
            + String.join(", ", servers.stream().map(s -> s.label() + " " + s.startMillis()
                + " ms").toList()));
        warm();
        if (!options.missesOnly()) {
          measureHits();
        }
        if (options.missSeconds() > 0) {
          measureMisses(originPort);
        }
      } finally {
        for (HitsContenders.Contender server : servers) {
          children.stop(server.process());
        }
        if (shield != null) {
          await(shield.close().recover(e -> Future.succeededFuture()), AWAIT);
        }
        await(origin.close(), AWAIT);
      }
      notes.add("load average (1, 5, 15 min) at the end: " + loadAverage());
      return new Result(options, setup, servers.stream().map(HitsContenders.Contender::label)
          .toList(), runs, misses, notes);
    }

    private static String loadAverage() {
      try {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
      } catch (IOException | RuntimeException e) {
        return "unknown";
      }
    }

    private boolean wanted(String label) {
      return options.only().isEmpty() || options.only().contains(label);
    }

    /**
     * The whole network forked ({@value #NETWORK}); the shield here, our edge (and baseline
     * edges) forked; returns the shield.
     */
    private RunningNetwork startOurs(int originPort) throws Exception {
      if (wanted(NETWORK)) {
        forkNetwork(originPort);
      }
      if (!wanted("edge") && options.baselineJars().isEmpty()) {
        return null;
      }
      NetworkConfig demo = BenchNetwork.demoOnFreePorts("edgecdn-bench-hits-" + System.nanoTime(),
          URI.create("http://127.0.0.1:" + originPort));
      // Our edge is the demo's first PoP; each baseline gets a PoP like it on ports of its own.
      // The demo's other PoPs stay in the file (its DNS section names them) but do not run.
      NetworkConfig.PopSection first = demo.pops().get(0);
      List<NetworkConfig.PopSection> pops = new ArrayList<>(demo.pops());
      for (int i = 1; i <= options.baselineJars().size(); i++) {
        pops.add(new NetworkConfig.PopSection(first.name() + "-b" + i,
            StablePorts.free(first.listen().host()), StablePorts.free(first.admin().host()),
            StablePorts.free(first.cluster().host()), first.location()));
      }
      int firstBaseline = demo.pops().size();
      NetworkConfig config = new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(),
          accessLog("edge"), demo.cache(), demo.demoOrigin(), demo.dns(), demo.shields(), pops,
          demo.locations(), demo.sites(), demo.purge(), demo.domains());
      siteHost = config.sites().get(0).domains().get(0);
      shieldListen = config.shields().get(0).listen();
      Files.writeString(children.dir().resolve("network.yaml"), NetworkConfigWriter.yaml(config));
      progress.println("bench hits: starting the shield here and forking the edge...");
      RunningNetwork shield = await(RunningNetwork.start(vertx, new NodePlans(config),
          new Role.Shield(config.shields().get(0).name()), AccessLog.off()), AWAIT);
      setup.add("edge: cdn edge forked from " + jar.getFileName() + " ("
          + String.join(" ", options.edgeJvmArgs()) + ", " + System.getProperty("java.vm.name")
          + " " + System.getProperty("java.version") + "), full features, access log "
          + (options.accessLogs() ? "on" : "off") + "; "
          + "misses go edge -> shield -> origin");
      if (wanted("edge")) {
        servers.add(fork("edge", jar, pops.get(0)));
      }
      for (int i = 0; i < options.baselineJars().size(); i++) {
        Path other = options.baselineJars().get(i);
        String label = baselineLabel(other);
        servers.add(fork(label, other, pops.get(firstBaseline + i)));
        setup.add(label + ": the same, forked from " + other);
      }
      return shield;
    }

    /**
     * {@code cdn up} of this jar on a network file of its own (free ports, its own cluster, the
     * bench's origin), measured on edge {@value #MEASURED_POP}: the setting of the issue's
     * goal, where the edge shares its JVM and core with the idle shield, DNS server and other
     * edges.
     */
    private void forkNetwork(int originPort) throws Exception {
      NetworkConfig whole = BenchNetwork.demoOnFreePorts(
          "edgecdn-bench-hits-up-" + System.nanoTime(),
          URI.create("http://127.0.0.1:" + originPort)).withAccessLog(accessLog(NETWORK));
      Path file = children.dir().resolve("network-up.yaml");
      Files.writeString(file, NetworkConfigWriter.yaml(whole));
      NetworkConfig.PopSection measured = whole.pops().stream()
          .filter(pop -> pop.name().equals(MEASURED_POP)).findFirst()
          .orElse(whole.pops().get(0));
      siteHost = whole.sites().get(0).domains().get(0);
      progress.println("bench hits: forking the whole network (cdn up)...");
      servers.add(HitsContenders.forkNetwork(children, NETWORK, jar, options.edgeJvmArgs(), file,
          measured.listen().host(), measured.listen().port(), measured.admin().port(),
          serverCpu));
      setup.add(NETWORK + ": `cdn up` of the same jar, the whole network (" + whole.pops().size()
          + " edges, a shield, the DNS server) in one JVM pinned like the edge, measured on "
          + "edge " + measured.name() + "; its misses go to its own shield");
    }

    private HitsContenders.Contender fork(String label, Path from, NetworkConfig.PopSection pop)
        throws Exception {
      HostPort listen = pop.listen();
      return HitsContenders.forkEdge(children, label, from, options.edgeJvmArgs(),
          children.dir().resolve("network.yaml"), pop.name(), listen.host(), listen.port(),
          pop.admin().port(), serverCpu);
    }

    /** The access log of the nodes of one contender: off, or a file under the log root. */
    private NetworkConfig.AccessLog accessLog(String label) {
      return logRoot == null ? new NetworkConfig.AccessLog.Off()
          : new NetworkConfig.AccessLog.ToFile(logRoot.resolve(label + "-access.log").toString());
    }

    /**
     * Empties the access logs after each run: a whole bench writes gigabytes of lines, which
     * on tmpfs are memory. Every writer appends (O_APPEND), so each goes on at the new end.
     */
    private void emptyLogs() throws IOException {
      if (logRoot == null) {
        return;
      }
      try (var files = Files.list(logRoot)) {
        for (Path file : files.toList()) {
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
          }
        }
      }
    }

    /** A new directory on tmpfs (memory), else in the scratch directory; deleted at exit. */
    private Path memoryDirectory(String prefix, String fallback) throws IOException {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, prefix)
          : Files.createDirectories(children.dir().resolve(fallback));
      deleteOnExit(dir);
      return dir;
    }

    private void startOthers(int originPort) throws Exception {
      Path cacheRoot = memoryDirectory("edgecdn-bench-nginx-", "nginx-cache");
      boolean nginxInstalled = DnsTools.find(HitsContenders.NGINX).isPresent();
      for (boolean openFiles : new boolean[] {false, true}) {
        String label = openFiles ? "nginx+ofc" : REFERENCE;
        if (!wanted(label)) {
          continue;
        }
        if (!nginxInstalled) {
          notes.add(label + ": skipped, nginx is not installed (apt-get install nginx-light)");
          continue;
        }
        servers.add(HitsContenders.startNginx(children, label, cacheRoot,
            StablePorts.free("127.0.0.1").port(), originPort, openFiles,
            Optional.ofNullable(logRoot), serverCpu));
      }
      if (servers.stream().anyMatch(s -> s.label().startsWith("nginx"))) {
        setup.add("nginx: " + servers.stream().filter(s -> s.label().startsWith("nginx"))
            .findFirst().orElseThrow().version() + ", proxy_cache on " + cacheRoot
            + ", 2 workers, access_log " + (logRoot == null ? "off" : "buffered")
            + "; nginx+ofc adds open_file_cache");
      }
      if (wanted("varnish")) {
        if (DnsTools.find(HitsContenders.VARNISHD).isEmpty()) {
          notes.add("varnish: skipped, varnishd is not installed (apt-get install varnish)");
        } else {
          HitsContenders.Contender varnish = HitsContenders.startVarnish(children,
              StablePorts.free("127.0.0.1").port(), originPort, serverCpu);
          servers.add(varnish);
          setup.add("varnish: " + varnish.version() + ", malloc storage 1 GiB");
        }
      }
      if (servers.stream().noneMatch(s -> s.label().equals(REFERENCE))) {
        notes.add("no nginx row: ratios are not computed");
      }
    }

    private void deleteOnExit(Path cacheRoot) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var paths = Files.walk(cacheRoot)) {
          for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          System.err.println("bench hits: could not delete " + cacheRoot + ": " + e);
        }
      }));
    }

    private void origin(io.vertx.core.http.HttpServerRequest request) {
      String path = request.path();
      byte[] body = null;
      if (path.startsWith("/obj/")) {
        try {
          body = bodies.get(Integer.parseInt(path.substring("/obj/".length())));
        } catch (NumberFormatException e) {
          body = null;
        }
      } else if (path.startsWith("/miss/")) {
        body = bodies.get(SIZES.get(0));
      }
      if (body == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response()
          .putHeader("Content-Type", "application/octet-stream")
          .putHeader("Cache-Control", "public, max-age=86400")
          .putHeader("ETag", etag(body.length))
          .end(Buffer.buffer(body));
    }

    /** The Host every request carries: the demo site's domain, which our edge admits. */
    private String siteHost() {
      return siteHost == null ? "bench.example" : siteHost;
    }

    /** Fills each cache with each object, checks the answer is whole and then a hit. */
    private void warm() throws Exception {
      for (HitsContenders.Contender server : servers) {
        for (int size : SIZES) {
          String path = "/obj/" + size;
          HitsContenders.Answer fill = HitsContenders.get(server.host(), server.port(), path,
              siteHost(), Duration.ofSeconds(10));
          HitsContenders.Answer hit = HitsContenders.get(server.host(), server.port(), path,
              siteHost(), Duration.ofSeconds(10));
          if (fill.status() != 200 || hit.status() != 200 || hit.bodyBytes().length != size
              || !java.util.Arrays.equals(hit.bodyBytes(), bodies.get(size))) {
            throw new IllegalStateException(server.label() + " answered " + path + " with "
                + hit.status() + " and " + hit.bodyBytes().length + " bytes:\n" + hit.head());
          }
          if (size == SIZES.get(0)) {
            setup.add(String.format(Locale.ROOT, "  %-14s second GET: Cache-Status: %s",
                server.label(), hit.header("Cache-Status")));
          }
        }
        if (options.revalidations()) {
          String path = "/obj/" + SIZES.get(0);
          String validator = new Cell(SIZES.get(0), 1, true).validator();
          HitsContenders.Answer revalidated = HitsContenders.get(server.host(), server.port(),
              path, siteHost(), validator, Duration.ofSeconds(10));
          if (revalidated.status() != 304 || revalidated.bodyBytes().length != 0) {
            throw new IllegalStateException(server.label() + " answered " + path + " with "
                + validator + " with " + revalidated.status() + " and "
                + revalidated.bodyBytes().length + " bytes, not a 304:\n" + revalidated.head());
          }
        }
      }
      if (options.warmupSeconds() > 0 && !options.missesOnly()) {
        progress.println("bench hits: warming up each server...");
        List<Cell> cells = new Result(options, setup, List.of(), runs, misses, notes).cells();
        for (HitsContenders.Contender server : servers) {
          for (Cell cell : cells) {
            if (cell.connections() == options.connections().get(0)) {
              Wrk.run(children, load(server, cell, options.warmupSeconds()), wrkCpu);
              emptyLogs();
            }
          }
        }
      }
    }

    private Wrk.Load load(HitsContenders.Contender server, Cell cell, int seconds) {
      return new Wrk.Load(server.url("/obj/" + cell.sizeBytes()), siteHost(), options.threads(),
          cell.connections(), seconds, null, null, cell.validator());
    }

    private void measureHits() throws Exception {
      List<Cell> cells = new Result(options, setup, List.of(), runs, misses, notes).cells();
      for (int round = 1; round <= options.rounds(); round++) {
        progress.printf(Locale.ROOT, "bench hits: round %d of %d...%n", round, options.rounds());
        for (Cell cell : cells) {
          for (int i = 0; i < servers.size(); i++) {
            // Rotate the order each round: no server always runs first after another's load.
            HitsContenders.Contender server = servers.get((i + round - 1) % servers.size());
            long busyBefore = ProcStat.machineBusyTicks();
            long before = ProcStat.treeTicks(server.process().toHandle());
            Wrk.Measured measured = Wrk.run(children, load(server, cell, options.seconds()),
                wrkCpu);
            long after = ProcStat.treeTicks(server.process().toHandle());
            double busy = ProcStat.seconds(ProcStat.machineBusyTicks() - busyBefore);
            double serverSeconds = ProcStat.seconds(after - before);
            emptyLogs();
            runs.add(new Run(round, server.label(), cell, measured.figures(), serverSeconds,
                measured.wrkCpuSeconds(), busy - serverSeconds - measured.wrkCpuSeconds()));
            if (measured.figures().errors() > 0) {
              notes.add(String.format(Locale.ROOT, "%s %s x %d round %d: %d errors", server.label(),
                  cell.sizeLabel(), cell.connections(), round, measured.figures().errors()));
            }
          }
        }
      }
    }

    private void measureMisses(int originPort) throws Exception {
      progress.println("bench hits: misses, one connection, every URL new...");
      Path script = Wrk.writeUniqueUrlsScript(children.dir());
      List<String> labels = new ArrayList<>();
      labels.add(MISS_DIRECT);
      if (shieldListen != null) {
        labels.add(MISS_SHIELD);
      }
      servers.forEach(s -> labels.add(s.label()));
      // The miss path is other code than the hit path: warm it too, unreported, until the JIT
      // has compiled it (a few seconds were not enough: the edge was measured while C2 still
      // compiled its miss path on the edge's one CPU).
      for (String label : labels) {
        if (options.missWarmupSeconds() > 0) {
          Wrk.Measured warm = Wrk.run(children, new Wrk.Load(missUrl(label, originPort),
              siteHost(), 1, Options.MISS_WARMUP_CONNECTIONS, options.missWarmupSeconds(), script,
              missPrefix(label, 0), null), wrkCpu);
          setup.add(String.format(Locale.ROOT, "miss warm-up: %-16s %7d misses in %d s",
              label, warm.figures().requests(), options.missWarmupSeconds()));
        }
      }
      for (int round = 1; round <= options.rounds(); round++) {
        for (String label : labels) {
          Wrk.Measured measured = Wrk.run(children, new Wrk.Load(missUrl(label, originPort),
              siteHost(), 1, 1, options.missSeconds(), script, missPrefix(label, round), null),
              wrkCpu);
          misses.add(new MissRun(round, label, measured.figures()));
        }
      }
    }

    private String missUrl(String label, int originPort) {
      if (label.equals(MISS_DIRECT)) {
        return "http://127.0.0.1:" + originPort + "/";
      }
      if (label.equals(MISS_SHIELD)) {
        return "http://" + shieldListen.host() + ":" + shieldListen.port() + "/";
      }
      return servers.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow()
          .url("/");
    }

    /** A prefix no earlier run used, so every URL of the run is new to every cache. */
    private static String missPrefix(String label, int round) {
      return "/miss/" + label.replaceAll("[^a-z+-]", "") + "-" + round + "-" + System.nanoTime()
          + "-";
    }

  }

  /** The table: one block per cell, one row per server. */
  public static void print(Result r, PrintStream out) {
    out.println("bench hits: cache hits side by side (medians of " + r.options().rounds()
        + " rounds of " + r.options().seconds() + " s)");
    r.setup().forEach(line -> out.println("  " + line));
    if (!r.runs().isEmpty()) {
      out.printf(Locale.ROOT, "%n%-9s %5s  %-14s %10s %8s %8s %8s %8s %9s %8s %9s %7s %7s%n",
          "size", "conns", "server", "req/s", "x nginx", "p50 ms", "p99 ms", "p99 x", "cpu us/r",
          "cpu x", "wrk us/r", "wrk cpu", "others");
    }
    for (Cell cell : r.cells()) {
      for (String server : r.servers()) {
        double rps = r.median(server, cell, run -> run.figures().perSecond());
        if (Double.isNaN(rps)) {
          continue;
        }
        out.printf(Locale.ROOT,
            "%-9s %5d  %-14s %10.0f %8s %8.3f %8.3f %8s %9.1f %8s %9.1f %7.2f %7.2f%n",
            cell.sizeLabel(), cell.connections(), server, rps,
            times(r.ratio(server, cell, run -> run.figures().perSecond())),
            r.median(server, cell, run -> run.figures().p50Micros()) / 1000,
            r.median(server, cell, run -> run.figures().p99Micros()) / 1000,
            times(r.ratio(server, cell, run -> run.figures().p99Micros())),
            r.median(server, cell, Run::serverMicrosPerRequest),
            times(r.cpuRatio(server, cell)),
            r.median(server, cell, Run::wrkMicrosPerRequest),
            r.median(server, cell, Run::wrkCores), r.median(server, cell, Run::otherCores));
      }
    }
    if (!r.misses().isEmpty()) {
      double direct = r.missMedian(MISS_DIRECT, Wrk.Figures::p50Micros);
      out.printf(Locale.ROOT, "%nmisses (1 connection, every URL new, %d s x %d rounds): "
          + "p50 and what it adds to the origin's%n", r.options().missSeconds(),
          r.options().rounds());
      out.printf(Locale.ROOT, "%-16s %10s %9s %9s %10s%n", "server", "req/s", "p50 ms",
          "p99 ms", "+p50 ms");
      List<String> labels = new ArrayList<>();
      labels.add(MISS_DIRECT);
      if (r.misses().stream().anyMatch(m -> m.server().equals(MISS_SHIELD))) {
        labels.add(MISS_SHIELD);
      }
      labels.addAll(r.servers());
      for (String server : labels) {
        double p50 = r.missMedian(server, Wrk.Figures::p50Micros);
        out.printf(Locale.ROOT, "%-16s %10.0f %9.3f %9.3f %10.3f%n", server,
            r.missMedian(server, Wrk.Figures::perSecond), p50 / 1000,
            r.missMedian(server, Wrk.Figures::p99Micros) / 1000, (p50 - direct) / 1000);
      }
    }
    out.println();
    out.println("x nginx: median req/s over nginx's in the same cell; p99 x: the same for p99 "
        + "(below 1 is better); cpu us/r: server CPU per request; cpu x: requests per CPU-second "
        + "over nginx's (what req/s would be with a core each); wrk cpu: CPUs wrk kept busy "
        + "(near 1.00 per thread, the load generator is the limit); others: CPUs busy with anything "
        + "else meanwhile (on a shared machine, the noise).");
    r.notes().forEach(note -> out.println("note: " + note));
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** The result as JSON: options, setup, every run, the medians per cell and the misses. */
  static JsonObject toJson(Result r) {
    JsonArray cells = new JsonArray();
    for (Cell cell : r.cells()) {
      for (String server : r.servers()) {
        double rps = r.median(server, cell, run -> run.figures().perSecond());
        if (Double.isNaN(rps)) {
          continue;
        }
        cells.add(new JsonObject().put("size_bytes", cell.sizeBytes())
            .put("revalidation", cell.revalidation())
            .put("connections", cell.connections()).put("server", server)
            .put("requests_per_second", rps)
            .put("ratio_to_nginx", nullIfNaN(r.ratio(server, cell,
                run -> run.figures().perSecond())))
            .put("p50_ms", r.median(server, cell, run -> run.figures().p50Micros()) / 1000)
            .put("p99_ms", r.median(server, cell, run -> run.figures().p99Micros()) / 1000)
            .put("p99_ratio_to_nginx", nullIfNaN(r.ratio(server, cell,
                run -> run.figures().p99Micros())))
            .put("server_cpu_us_per_request", r.median(server, cell,
                Run::serverMicrosPerRequest))
            .put("cpu_ratio_to_nginx", nullIfNaN(r.cpuRatio(server, cell)))
            .put("wrk_cpu_us_per_request", r.median(server, cell, Run::wrkMicrosPerRequest))
            .put("wrk_cpus", r.median(server, cell, Run::wrkCores))
            .put("other_cpus", r.median(server, cell, Run::otherCores)));
      }
    }
    JsonArray runs = new JsonArray();
    for (Run run : r.runs()) {
      runs.add(new JsonObject().put("round", run.round()).put("server", run.server())
          .put("size_bytes", run.cell().sizeBytes()).put("revalidation", run.cell().revalidation())
          .put("connections", run.cell().connections())
          .put("requests", run.figures().requests()).put("seconds", run.figures().seconds())
          .put("requests_per_second", run.figures().perSecond())
          .put("p50_us", run.figures().p50Micros()).put("p99_us", run.figures().p99Micros())
          .put("errors", run.figures().errors())
          .put("server_cpu_seconds", run.serverCpuSeconds())
          .put("wrk_cpu_seconds", run.wrkCpuSeconds())
          .put("other_cpu_seconds", run.otherCpuSeconds()));
    }
    JsonArray misses = new JsonArray();
    for (MissRun miss : r.misses()) {
      misses.add(new JsonObject().put("round", miss.round()).put("server", miss.server())
          .put("requests_per_second", miss.figures().perSecond())
          .put("p50_us", miss.figures().p50Micros()).put("p99_us", miss.figures().p99Micros()));
    }
    return new JsonObject()
        .put("options", new JsonObject().put("rounds", r.options().rounds())
            .put("seconds", r.options().seconds()).put("warmup_seconds", r.options().warmupSeconds())
            .put("miss_seconds", r.options().missSeconds())
            .put("miss_warmup_seconds", r.options().missWarmupSeconds())
            .put("threads", r.options().threads())
            .put("connections", new JsonArray(new ArrayList<>(r.options().connections()))))
        .put("setup", new JsonArray(new ArrayList<>(r.setup())))
        .put("cells", cells).put("runs", runs).put("misses", misses)
        .put("notes", new JsonArray(new ArrayList<>(r.notes())));
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
