package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.GeoDnsServer;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.StablePorts;

/**
 * Our geo DNS server side by side with PowerDNS in the same run, under {@code dnsperf} (issue 5,
 * "Figures").
 *
 * <h2>1. What runs</h2>
 * Our server ({@link GeoDnsServer}) starts in this JVM with the demo network's DNS options on
 * 127.0.0.1 and a free port, every PoP healthy and response rate limiting off (it would drop
 * almost everything a benchmark sends from one /24). PowerDNS Authoritative starts as a process
 * with the bind backend and its packet cache, serving the same names with a static address for
 * the steered ones ({@link DnsPowerDns}). Both are asked each name once before the load, and the
 * answers are printed, so a reader can see that the two do the same work. With {@code --floor} a
 * third server runs: {@link DnsFloor}, which replays our server's answers and does no DNS work,
 * so the run shows how many queries a second this machine lets any server on our socket layer
 * answer.
 *
 * <h2>2. How it measures</h2>
 * {@code dnsperf} sends the mix of {@link DnsPerf#QUERIES} (steered name, CNAME name, non-existent
 * name, in turn), with Client Subnet {@value DnsPerf#ECS_SUBNET} unless told otherwise. After a
 * short warm-up of each server (not reported; our JIT needs it), rounds alternate ours, PowerDNS,
 * ours, PowerDNS..., so that a slow drift of the machine hits both alike. A round is a closed-loop
 * run at maximum throughput ({@code -q} queries outstanding). The medians of the rounds give the
 * ratios; each round's own ratio (ours over the PowerDNS run right after it) is printed too, with
 * their median, since a burst of other work on the machine spoils single rounds, not whole runs.
 * Each run also reports the server's CPU per answered query, user and system apart (from
 * {@code /proc/<pid>/stat}: our whole JVM, PowerDNS's whole process), and the CPU seconds that
 * anything else on the machine took meanwhile (its busy time less the server's and dnsperf's): a
 * round where others took a second or more was not measured on a quiet core. It also reports the
 * cores dnsperf kept busy: pinned to one CPU, a figure near 1 means the load generator set the
 * pace, and the qps ratio then understates the faster server (on a 2-vCPU VM of 27 November
 * dnsperf saturated its core at about 170k qps, whatever answered). Then one
 * open-loop run per server at a fixed rate ({@code -Q}, 20k by default) gives the latency the
 * issue sets a goal for (&le; 0.05 ms on average).
 *
 * <p><b>Note:</b> at maximum throughput the average latency is mostly queueing: with {@code -q}
 * queries always outstanding it is about outstanding / QPS (Little's law), so its ratio mirrors
 * the QPS ratio. The fixed-rate run is the one that shows the cost of one answer.
 *
 * <h2>3. CPUs</h2>
 * With {@code taskset} and at least two CPUs, dnsperf runs on CPU 1, and PowerDNS and this whole
 * JVM on CPU 0: each server has one core for everything it runs (our UDP threads, JIT and GC
 * alike), the load generator the other. Unpinned, the scheduler sometimes put our UDP thread
 * on CPU 1 beside dnsperf (in one probe 110k qps there, against 237k on CPU 0), and our JIT and
 * GC could use a CPU that PowerDNS could not. The JVM is pinned with {@code taskset -a -p}
 * before our server starts, so its threads start pinned, and its former CPUs are given back at
 * the end. The output says what was pinned.
 *
 * <h2>4. Bounds</h2>
 * The run is planned before it starts and refused when the plan exceeds {@code maxSeconds}
 * (default {@value Options#DEFAULT_MAX_SECONDS}); each dnsperf run is killed if it overstays.
 * Every process started is stopped by its PID at the end, on failure or on Ctrl-C
 * ({@link BenchChildren}), and the temporary directory is deleted. Everything listens on
 * 127.0.0.1 only; PowerDNS's security poll (a query to the Internet) is off.
 *
 * <h2>References</h2>
 * [1] dnsperf 2.x, DNS-OARC: {@code -q}, {@code -Q}, {@code -E code:hex}. [2] RFC 7871: Client
 * Subnet. [3] PowerDNS Authoritative 4.7 settings: {@code launch=bind}, {@code cache-ttl} (the
 * packet cache), {@code edns-subnet-processing}.
 */
public final class DnsBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofSeconds(20);

  /** The exit code when dnsperf or PowerDNS is not installed. */
  public static final int EXIT_MISSING_TOOLS = 2;

  /** Startup, the answer check and shutdown, as counted in the time plan. */
  static final int OVERHEAD_SECONDS = 8;
  static final int DNSPERF_CPU = 1;
  static final int SERVER_CPU = 0;

  private DnsBench() {}

  /**
   * What to run.
   *
   * @param rounds maximum-throughput rounds per server, alternating
   * @param seconds length of each round
   * @param outstanding queries in flight in a round ({@code dnsperf -q})
   * @param clients dnsperf client sockets ({@code -c})
   * @param warmupSeconds an unreported run per server first; 0 for none
   * @param fixedQps the rate of the fixed-rate run ({@code -Q}); 0 to skip it
   * @param fixedSeconds length of the fixed-rate run per server
   * @param ecs whether queries carry Client Subnet {@value DnsPerf#ECS_SUBNET}
   * @param floor whether {@link DnsFloor} runs as a third server
   * @param maxSeconds the most the whole run may take; a longer plan is refused
   */
  public record Options(int rounds, int seconds, int outstanding, int clients,
      int warmupSeconds, int fixedQps, int fixedSeconds, boolean ecs, boolean floor,
      int maxSeconds) {

    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_SECONDS = 10;
    public static final int DEFAULT_OUTSTANDING = 100;
    public static final int DEFAULT_CLIENTS = 1;
    public static final int DEFAULT_WARMUP_SECONDS = 4;
    public static final int DEFAULT_FIXED_QPS = 20_000;
    public static final int DEFAULT_FIXED_SECONDS = 4;
    public static final int DEFAULT_MAX_SECONDS = 130;

    public Options {
      positive(rounds, "--rounds");
      positive(seconds, "--seconds");
      positive(outstanding, "--outstanding");
      positive(clients, "--clients");
      notNegative(warmupSeconds, "--warmup");
      notNegative(fixedQps, "--fixed-qps");
      positive(fixedSeconds, "--fixed-seconds");
      positive(maxSeconds, "--max-seconds");
      int planned = plannedSeconds(servers(floor).size(), rounds, seconds, warmupSeconds,
          fixedQps, fixedSeconds);
      if (planned > maxSeconds) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "bench dns: the plan takes about %d s (%d x (%d warm-up + %d rounds x %d + %d fixed)"
                + " + %d), over --max-seconds %d",
            planned, servers(floor).size(), warmupSeconds, rounds, seconds,
            fixedQps > 0 ? fixedSeconds : 0, OVERHEAD_SECONDS, maxSeconds));
      }
    }

    /** The defaults: 3 rounds of 10 s, -q 100, -c 1, warm-up 4 s, 20k QPS for 4 s, ECS on. */
    public static Options defaults() {
      return new Options(DEFAULT_ROUNDS, DEFAULT_SECONDS, DEFAULT_OUTSTANDING, DEFAULT_CLIENTS,
          DEFAULT_WARMUP_SECONDS, DEFAULT_FIXED_QPS, DEFAULT_FIXED_SECONDS, true, false,
          DEFAULT_MAX_SECONDS);
    }

    /** The servers measured, in the order each round runs them. */
    public List<Server> servers() {
      return servers(floor);
    }

    private static List<Server> servers(boolean floor) {
      return floor ? List.of(Server.values()) : List.of(Server.OURS, Server.POWERDNS);
    }

    /** About how long the run takes. */
    public int plannedSeconds() {
      return plannedSeconds(servers().size(), rounds, seconds, warmupSeconds, fixedQps,
          fixedSeconds);
    }

    private static int plannedSeconds(int servers, int rounds, int seconds, int warmup,
        int fixedQps, int fixedSeconds) {
      return servers * (warmup + rounds * seconds + (fixedQps > 0 ? fixedSeconds : 0))
          + OVERHEAD_SECONDS;
    }

    private static void positive(int value, String option) {
      if (value <= 0) {
        throw new IllegalArgumentException("bench dns: " + option + " must be positive");
      }
    }

    private static void notNegative(int value, String option) {
      if (value < 0) {
        throw new IllegalArgumentException("bench dns: " + option + " must not be negative");
      }
    }
  }

  /** The servers, by the names the output uses; the floor runs only when asked for. */
  public enum Server {
    OURS("ours"),
    POWERDNS("PowerDNS"),
    FLOOR("floor");

    private final String label;

    Server(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * What dnsperf reports for one run.
   *
   * @param sent queries sent
   * @param completed queries answered
   * @param lost queries not answered in time (within the run or its query timeout)
   * @param qps answered queries per second
   * @param avgMillis mean latency in milliseconds
   * @param stddevMillis standard deviation of the latency in milliseconds
   * @param rcodes dnsperf's response-codes line, e.g. {@code NOERROR 200 (66.67%), NXDOMAIN ...}
   * @param dnsperfVersion the version dnsperf printed
   */
  public record Figures(long sent, long completed, long lost, double qps, double avgMillis,
      double stddevMillis, String rcodes, String dnsperfVersion) {}

  /** What each server answered for one query of the mix, on one line each. */
  public record Answer(String query, String ours, String powerDns) {}

  /**
   * What a server's process spent during one run, and what the rest of the machine did.
   *
   * @param userMicrosPerQuery the server's user CPU per answered query, in microseconds
   * @param systemMicrosPerQuery its system (kernel) CPU per answered query, in microseconds
   * @param otherSeconds CPU seconds taken by everything but the server and dnsperf meanwhile
   * @param dnsperfCores the CPU dnsperf took over the run's length, in cores: near 1 with
   *     dnsperf pinned to one CPU means the load generator, not the server, set the pace
   */
  public record Cpu(double userMicrosPerQuery, double systemMicrosPerQuery, double otherSeconds,
      double dnsperfCores) {

    static final Cpu UNKNOWN = new Cpu(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The server's whole CPU per answered query, in microseconds. */
    public double microsPerQuery() {
      return userMicrosPerQuery + systemMicrosPerQuery;
    }
  }

  /** One run of one server. */
  public record Run(int round, Server server, Figures figures, Cpu cpu) {}

  /**
   * The figures of one benchmark.
   *
   * @param options what was asked
   * @param setup lines describing tools, pinning and the zone, printed before the table
   * @param answers per name, what ours and PowerDNS answered before the load
   * @param runs the maximum-throughput runs in the order they ran
   * @param fixed the fixed-rate run per server (ours first), empty when skipped
   * @param notes anything that cut the run short
   */
  public record Result(Options options, List<String> setup, List<Answer> answers,
      List<Run> runs, List<Run> fixed, List<String> notes) {

    /** dnsperf's CPU, in cores, from which it is taken to have set the pace of a run. */
    static final double SATURATED_CORES = 0.9;

    /** The median of one figure over the server's rounds. */
    public double median(Server server, ToDoubleFunction<Figures> figure) {
      return HitsBench.Stats.median(runs.stream().filter(r -> r.server() == server)
          .mapToDouble(r -> figure.applyAsDouble(r.figures())).toArray());
    }

    /** The median of one CPU figure over the server's rounds where it could be read. */
    public double medianCpu(Server server, ToDoubleFunction<Cpu> figure) {
      return HitsBench.Stats.median(runs.stream().filter(r -> r.server() == server)
          .mapToDouble(r -> figure.applyAsDouble(r.cpu())).filter(v -> !Double.isNaN(v))
          .toArray());
    }

    /** Each round's qps ratio, ours over PowerDNS, for the rounds where both ran. */
    public List<Double> roundRatios() {
      List<Double> ratios = new ArrayList<>();
      for (Run ours : runs) {
        if (ours.server() != Server.OURS) {
          continue;
        }
        runs.stream()
            .filter(r -> r.server() == Server.POWERDNS && r.round() == ours.round())
            .findFirst()
            .ifPresent(pdns -> ratios.add(ours.figures().qps() / pdns.figures().qps()));
      }
      return ratios;
    }

    /**
     * A warning when dnsperf kept its core busy in most rounds (median of the maximum-throughput
     * runs at or above {@value #SATURATED_CORES} cores): then it, not the server, set the pace,
     * and the qps ratio understates the faster server; CPU per query still compares them.
     */
    public Optional<String> loadGeneratorNote() {
      double cores = HitsBench.Stats.median(runs.stream().mapToDouble(
          run -> run.cpu().dnsperfCores()).filter(v -> !Double.isNaN(v)).toArray());
      if (Double.isNaN(cores) || cores < SATURATED_CORES) {
        return Optional.empty();
      }
      return Optional.of(String.format(Locale.ROOT, "load generator: dnsperf kept %.2f of a core"
          + " busy (median of the runs): it set the pace, so the qps ratio understates the"
          + " faster server; compare cpu per query", cores));
    }

    public Optional<Figures> fixed(Server server) {
      return fixed.stream().filter(r -> r.server() == server).map(Run::figures).findFirst();
    }
  }

  /**
   * The whole command: checks the tools (one line on {@code progress} and exit code
   * {@value #EXIT_MISSING_TOOLS} when one is missing), runs, prints the table and the summary
   * line on {@code out}; progress goes to {@code progress}. Returns the exit code.
   */
  public static int execute(Options options, PrintStream out, PrintStream progress)
      throws Exception {
    Optional<String> missing = DnsTools.missing();
    if (missing.isPresent()) {
      progress.println(missing.get());
      return EXIT_MISSING_TOOLS;
    }
    Result result;
    try {
      result = run(options, progress);
    } catch (MissingToolException e) {
      progress.println(e.getMessage());
      return EXIT_MISSING_TOOLS;
    }
    print(result, out);
    return 0;
  }

  /** A tool is installed only in part (e.g. PowerDNS without its bind backend). */
  static final class MissingToolException extends IllegalStateException {
    MissingToolException(String message) {
      super(message);
    }
  }

  /** Runs the benchmark; {@link DnsTools#missing()} must have been checked. */
  public static Result run(Options options, PrintStream progress) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds());
    List<String> setup = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    GeoDnsServer ours = null;
    DnsFloor floor = null;
    boolean oursPinned = false;
    String restoreCpus = null;
    try (BenchChildren children = new BenchChildren("edgecdn-bench-dns-")) {
      Path dir = children.dir();
      boolean pin = DnsTools.canPin(children);
      int perfCpu = pin ? DNSPERF_CPU : -1;
      String ownCpus = DnsTools.ownCpus();
      int cpus = Runtime.getRuntime().availableProcessors();
      // Our server gets what PowerDNS gets: CPU 0, for all its threads (JIT and GC included).
      oursPinned = pin && DnsTools.pinThisJvm(Integer.toString(SERVER_CPU));
      if (oursPinned) {
        restoreCpus = ownCpus.equals("all") ? "0-" + (cpus - 1) : ownCpus;
      }
      DnsOptions dnsOptions = oursOnLoopback();
      ours = await(GeoDnsServer.start(vertx, dnsOptions, PopHealth.allHealthy(),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), AWAIT);
      int oursPort = ours.port();
      int pdnsPort = StablePorts.free("127.0.0.1").port();
      progress.printf(Locale.ROOT, "bench dns: ours on 127.0.0.1:%d, starting PowerDNS on "
          + "127.0.0.1:%d...%n", oursPort, pdnsPort);
      DnsPowerDns pdns = DnsPowerDns.start(children, dir, pdnsPort, dnsOptions.ttlSeconds(),
          options.ecs(), pin ? SERVER_CPU : -1);
      DnsProbe.awaitAnswer(oursPort, DnsPowerDns.START_TIMEOUT, () -> true);

      setup.add("servers: ours (GeoDnsServer, demo network, rate limits off, UDP on "
          + ours.udpTransport() + " x " + dnsOptions.udpThreads() + " threads) in this JVM on "
          + "127.0.0.1:" + oursPort + "; " + pdnsVersion(children, dir)
          + " (bind backend, packet cache on) on 127.0.0.1:" + pdnsPort);
      setup.add("PowerDNS has no geo here: shop.cdn.test and shop.example are a static A "
          + DnsPowerDns.STATIC_EDGE + "; ours steers each query (nearest PoP to the client)");
      setup.add(oursPinned
          ? "cpus: dnsperf pinned to CPU " + DNSPERF_CPU + "; PowerDNS and our JVM (every thread:"
              + " UDP, JIT, GC) to CPU " + SERVER_CPU + ", one core each"
          : pin
          ? "cpus: dnsperf pinned to CPU " + DNSPERF_CPU + ", PowerDNS to CPU " + SERVER_CPU
              + "; our JVM could not be pinned (its CPUs: " + DnsTools.ownCpus() + ")"
          : "cpus: nothing pinned (" + (DnsTools.find(DnsTools.TASKSET).isEmpty()
              ? "no taskset" : "taskset cannot use CPUs 0 and 1") + ")");
      setup.add("mix: " + String.join(" | ", DnsPerf.QUERIES) + "; "
          + (options.ecs() ? "ECS " + DnsPerf.ECS_SUBNET + " (dnsperf -E " + DnsPerf.ECS_OPTION
              + ")" : "no ECS") + "; dnsperf -q " + options.outstanding() + " -c "
          + options.clients() + ", " + options.rounds() + " round(s) x " + options.seconds()
          + " s each, alternating ours, PowerDNS");

      List<Answer> answers = new ArrayList<>();
      for (String query : DnsPerf.QUERIES) {
        String name = query.substring(0, query.indexOf(' ')) + ".";
        answers.add(new Answer(query, DnsProbe.describe(oursPort, name, options.ecs()),
            DnsProbe.describe(pdnsPort, name, options.ecs())));
      }

      int[] ports = new int[Server.values().length];
      long[] pids = new long[Server.values().length];
      ports[Server.OURS.ordinal()] = oursPort;
      pids[Server.OURS.ordinal()] = ProcessHandle.current().pid();
      ports[Server.POWERDNS.ordinal()] = pdnsPort;
      pids[Server.POWERDNS.ordinal()] = pdns.process().pid();
      if (options.floor()) {
        floor = startFloor(oursPort, options.ecs(), dnsOptions.udpThreads());
        ports[Server.FLOOR.ordinal()] = floor.port();
        pids[Server.FLOOR.ordinal()] = ProcessHandle.current().pid();
        setup.add("floor: in this JVM on 127.0.0.1:" + floor.port() + ", a blocking NIO channel"
            + " x " + dnsOptions.udpThreads() + " threads replaying our server's answers above"
            + " with each query's ID: no DNS work");
      }

      Path queries = DnsPerf.writeQueries(dir);
      List<Run> runs = new ArrayList<>();
      List<Run> fixed = new ArrayList<>();
      if (options.warmupSeconds() > 0) {
        progress.printf(Locale.ROOT, "bench dns: warm-up, %d s per server...%n",
            options.warmupSeconds());
        for (Server server : options.servers()) {
          DnsPerf.run(children, dir, queries, ports[server.ordinal()],
              new DnsPerf.Load(options.warmupSeconds(), options.outstanding(), 0,
                  options.clients()), options.ecs(), perfCpu);
        }
      }
      DnsPerf.Load max = new DnsPerf.Load(options.seconds(), options.outstanding(), 0,
          options.clients());
      rounds:
      for (int round = 1; round <= options.rounds(); round++) {
        for (Server server : options.servers()) {
          if (!timeFor(max.seconds(), deadline)) {
            notes.add("time limit: stopped before round " + round + " of " + server.label());
            break rounds;
          }
          CpuMeter meter = CpuMeter.start(pids[server.ordinal()]);
          Figures f = DnsPerf.run(children, dir, queries, ports[server.ordinal()], max,
              options.ecs(), perfCpu);
          Cpu cpu = meter.stop(f.completed());
          runs.add(new Run(round, server, f, cpu));
          progress.printf(Locale.ROOT, "bench dns: round %d %-8s %,10.0f qps, avg %.3f ms, "
              + "cpu %.2f+%.2f us/q, dnsperf %.2f cores, others %.1f s%n", round,
              server.label(), f.qps(), f.avgMillis(), cpu.userMicrosPerQuery(),
              cpu.systemMicrosPerQuery(), cpu.dnsperfCores(), cpu.otherSeconds());
        }
      }
      if (options.fixedQps() > 0) {
        DnsPerf.Load rate = new DnsPerf.Load(options.fixedSeconds(), options.outstanding(),
            options.fixedQps(), options.clients());
        for (Server server : options.servers()) {
          if (!timeFor(rate.seconds(), deadline)) {
            notes.add("time limit: no fixed-rate run of " + server.label());
            continue;
          }
          CpuMeter meter = CpuMeter.start(pids[server.ordinal()]);
          Figures f = DnsPerf.run(children, dir, queries, ports[server.ordinal()], rate,
              options.ecs(), perfCpu);
          fixed.add(new Run(0, server, f, meter.stop(f.completed())));
          progress.printf(Locale.ROOT, "bench dns: %d qps    %-8s avg %.3f ms%n",
              options.fixedQps(), server.label(), f.avgMillis());
        }
      }
      children.stop(pdns.process());
      String version = runs.isEmpty() ? "?" : runs.get(0).figures().dnsperfVersion();
      setup.add(0, "dnsperf " + version + ", PowerDNS and ours on loopback");
      return new Result(options, setup, answers, runs, fixed, notes);
    } finally {
      if (restoreCpus != null) {
        try {
          DnsTools.pinThisJvm(restoreCpus);
        } catch (InterruptedException e) {
          // Interrupted while giving the CPUs back: keep the flag, and the run's own outcome.
          Thread.currentThread().interrupt();
        }
      }
      if (floor != null) {
        floor.close();
      }
      if (ours != null) {
        await(ours.close(), Duration.ofSeconds(5));
      }
      await(vertx.close(), Duration.ofSeconds(10));
    }
  }

  /** The table, the medians and ratios, and the one-line summary. */
  public static void print(Result r, PrintStream out) {
    Options o = r.options();
    out.println("DNS benchmark: ours vs PowerDNS under dnsperf");
    r.setup().forEach(line -> out.println("  " + line));
    out.println();
    out.println("answers before the load (" + (o.ecs() ? "with ECS " + DnsPerf.ECS_SUBNET
        : "no ECS") + "):");
    for (Answer a : r.answers()) {
      out.printf(Locale.ROOT, "  %-18s ours:     %s%n", a.query(), a.ours());
      out.printf(Locale.ROOT, "  %-18s PowerDNS: %s%n", "", a.powerDns());
    }
    out.println();
    out.printf(Locale.ROOT, "maximum throughput (dnsperf -q %d, %d s per run):%n",
        o.outstanding(), o.seconds());
    String header = String.format(Locale.ROOT,
        "  %-6s %-9s %12s %9s %10s %8s %8s %8s %8s %8s  %s", "round", "server", "qps", "avg ms",
        "stddev ms", "lost", "user us", "sys us", "dnsperf", "others s", "response codes");
    out.println(header);
    for (Run run : r.runs()) {
      printRun(out, Integer.toString(run.round()), run);
    }
    for (Server server : o.servers()) {
      out.printf(Locale.ROOT, "  %-6s %-9s %,12.0f %9.3f %10.3f %8.0f %8.2f %8.2f %8.2f%n",
          "median", server.label(), r.median(server, Figures::qps),
          r.median(server, Figures::avgMillis), r.median(server, Figures::stddevMillis),
          r.median(server, f -> f.lost()), r.medianCpu(server, Cpu::userMicrosPerQuery),
          r.medianCpu(server, Cpu::systemMicrosPerQuery), r.medianCpu(server, Cpu::dnsperfCores));
    }
    out.println("  (user us, sys us: the server's CPU per answered query, its whole process; "
        + "dnsperf: the cores dnsperf kept busy; others s: CPU seconds the rest of the machine "
        + "took meanwhile)");
    double qpsRatio = r.median(Server.OURS, Figures::qps) / r.median(Server.POWERDNS,
        Figures::qps);
    double latencyRatio = r.median(Server.OURS, Figures::avgMillis)
        / r.median(Server.POWERDNS, Figures::avgMillis);
    out.printf(Locale.ROOT, "  ratio ours/PowerDNS: qps %.2f (goal >= 1.30), avg latency %.2f "
        + "(lower is better; at full load it is mostly queueing)%n", qpsRatio, latencyRatio);
    List<Double> roundRatios = r.roundRatios();
    out.printf(Locale.ROOT, "  qps ratio per round: %s; median %.2f%n",
        String.join(", ", roundRatios.stream()
            .map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()),
        HitsBench.Stats.median(roundRatios.stream().mapToDouble(Double::doubleValue).toArray()));
    out.printf(Locale.ROOT, "  cpu per query: ours %.2f us, PowerDNS %.2f us; PowerDNS/ours %.2f%n",
        r.medianCpu(Server.OURS, Cpu::microsPerQuery),
        r.medianCpu(Server.POWERDNS, Cpu::microsPerQuery),
        r.medianCpu(Server.POWERDNS, Cpu::microsPerQuery)
            / r.medianCpu(Server.OURS, Cpu::microsPerQuery));
    if (o.floor()) {
      double floorQps = r.median(Server.FLOOR, Figures::qps);
      out.printf(Locale.ROOT, "  floor (no DNS work, our socket layer): %,.0f qps, %.2fx PowerDNS;"
          + " ours is %.2fx the floor%n", floorQps,
          floorQps / r.median(Server.POWERDNS, Figures::qps),
          r.median(Server.OURS, Figures::qps) / floorQps);
    }
    r.loadGeneratorNote().ifPresent(note -> out.println("  " + note));
    out.println();
    Optional<Figures> oursFixed = r.fixed(Server.OURS);
    Optional<Figures> pdnsFixed = r.fixed(Server.POWERDNS);
    if (!r.fixed().isEmpty()) {
      out.printf(Locale.ROOT, "fixed rate (dnsperf -Q %d, %d s per server; goal: ours avg <= "
          + "0.050 ms):%n", o.fixedQps(), o.fixedSeconds());
      out.println(header);
      for (Run run : r.fixed()) {
        printRun(out, "-", run);
      }
      out.println();
    }
    r.notes().forEach(note -> out.println("note: " + note));
    String latency = oursFixed.isPresent() && pdnsFixed.isPresent()
        ? String.format(Locale.ROOT, "latency ours %.3f ms vs %.3f ms at %s qps",
            oursFixed.get().avgMillis(), pdnsFixed.get().avgMillis(),
            o.fixedQps() % 1000 == 0 ? (o.fixedQps() / 1000) + "k"
                : Integer.toString(o.fixedQps()))
        : "no fixed-rate latency run";
    out.printf(Locale.ROOT, "dns: ours %.0f qps, PowerDNS %.0f qps, ratio %.2f; %s%n",
        r.median(Server.OURS, Figures::qps), r.median(Server.POWERDNS, Figures::qps), qpsRatio,
        latency);
  }

  private static void printRun(PrintStream out, String round, Run run) {
    Figures f = run.figures();
    Cpu cpu = run.cpu();
    out.printf(Locale.ROOT, "  %-6s %-9s %,12.0f %9.3f %10.3f %8d %8.2f %8.2f %8.2f %8.1f  %s%n",
        round, run.server().label(), f.qps(), f.avgMillis(), f.stddevMillis(), f.lost(),
        cpu.userMicrosPerQuery(), cpu.systemMicrosPerQuery(), cpu.dnsperfCores(),
        cpu.otherSeconds(), f.rcodes());
  }

  /**
   * CPU ticks of one server process, of the children this JVM has reaped (dnsperf) and of the
   * whole machine, from the start of a run.
   */
  private record CpuMeter(long pid, ProcStat.Times server, long children, long machine,
      long startNanos) {

    static CpuMeter start(long pid) {
      return new CpuMeter(pid, ProcStat.of(pid).orElse(null), ProcStat.waitedChildrenTicks(),
          ProcStat.machineBusyTicks(), System.nanoTime());
    }

    /** What the server spent per query of {@code completed}, and what others took. */
    Cpu stop(long completed) {
      ProcStat.Times now = ProcStat.of(pid).orElse(null);
      if (server == null || now == null || completed <= 0) {
        return Cpu.UNKNOWN;
      }
      long user = now.utime() - server.utime();
      long system = now.stime() - server.stime();
      long dnsperf = ProcStat.waitedChildrenTicks() - children;
      long others = ProcStat.machineBusyTicks() - machine - user - system - dnsperf;
      double microsPerTick = 1e6 / ProcStat.TICKS_PER_SECOND;
      double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
      return new Cpu(user * microsPerTick / completed, system * microsPerTick / completed,
          Math.max(0, ProcStat.seconds(others)), ProcStat.seconds(dnsperf) / elapsedSeconds);
    }
  }

  /** The floor, replaying what ours answered to each query of the mix. */
  private static DnsFloor startFloor(int oursPort, boolean ecs, int threads) throws IOException {
    List<byte[]> replies = new ArrayList<>();
    for (String query : DnsPerf.QUERIES) {
      replies.add(DnsProbe.replyWire(oursPort, query.substring(0, query.indexOf(' ')) + ".",
          ecs));
    }
    return DnsFloor.start(replies, threads);
  }

  /** The demo network's DNS options on 127.0.0.1, a free port, rate limits off. */
  static DnsOptions oursOnLoopback() {
    DnsOptions demo = new NodePlans(NetworkConfigLoader.defaultNetwork()).dns();
    return new DnsOptions(demo.name(), "127.0.0.1", 0, demo.zone(), demo.ttl(), demo.pops(),
        demo.sites(), demo.locations(), demo.rrl())
        // A benchmark sends from one /24 far faster than the limits allow (issue 5, Figures).
        .withRrl(RrlOptions.off())
        .withSteering(demo.steering());
  }

  /** "PowerDNS Authoritative Server 4.7.3", or "PowerDNS" if it does not say. */
  private static String pdnsVersion(BenchChildren children, Path dir) {
    try {
      Path log = dir.resolve("pdns-version.txt");
      Process p = children.start(new ProcessBuilder(DnsTools.PDNS_SERVER, "--version")
          .redirectErrorStream(true).redirectOutput(log.toFile()));
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } finally {
        children.stop(p);
      }
      return Files.readAllLines(log).stream()
          .map(line -> line.replaceFirst(".*(PowerDNS Authoritative Server \\S+).*", "$1"))
          .filter(line -> line.startsWith("PowerDNS Authoritative"))
          .findFirst().orElse("PowerDNS");
    } catch (IOException e) {
      return "PowerDNS";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "PowerDNS";
    }
  }

  private static boolean timeFor(int seconds, long deadline) {
    long needed = TimeUnit.SECONDS.toNanos(seconds + DnsPerf.QUERY_TIMEOUT_SECONDS + 2L);
    return System.nanoTime() + needed < deadline;
  }

}
