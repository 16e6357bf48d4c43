package org.edgecdn.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.edgecdn.launcher.bench.DnsBench;
import org.edgecdn.launcher.bench.EdgeMemoryBench;
import org.edgecdn.launcher.bench.DnsFailoverBench;
import org.edgecdn.launcher.bench.HitsBench;
import org.edgecdn.launcher.bench.LlmBench;
import org.edgecdn.launcher.bench.PrefetchBench;
import org.edgecdn.launcher.bench.PurgeBench;
import org.edgecdn.launcher.bench.StoreMemoryBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdn bench ...}: benchmarks that print figures. They are not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.StoreMemory.class, BenchCommand.EdgeMemory.class,
        BenchCommand.Purge.class, BenchCommand.Dns.class, BenchCommand.DnsFailover.class, BenchCommand.Hits.class,
        BenchCommand.Llm.class, BenchCommand.Prefetch.class})
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "hits", mixinStandardHelpOptions = true,
      description = {"Cache hits: our edge, nginx proxy_cache and Varnish side by side under wrk.",
          "Objects of 1, 16 and 256 KiB; servers pinned to CPU 0, wrk to CPU 1; then misses.",
          "Needs wrk (apt-get install wrk); nginx and varnish are skipped when missing.",
          "Loopback only; stops by itself (about 9 min by default, --quick about 2 min)."})
  static final class Hits implements Callable<Integer> {
    @Option(names = "--rounds", description = "measured runs per server and cell, alternating "
        + "(default 3; --quick 1)")
    Integer rounds;

    @Option(names = "--seconds", description = "length of each run (default 4; --quick 2)")
    Integer seconds;

    @Option(names = "--warmup", description = "unreported seconds per server and size first "
        + "(default 10, so the JIT has finished with the whole network's JVM too; --quick 1)")
    Integer warmup;

    @Option(names = "--miss-seconds", description = "length of each miss run, one connection; "
        + "0 to skip (default 2; --quick 1)")
    Integer missSeconds;

    @Option(names = "--miss-warmup", description = "unreported misses per server first, at 16 "
        + "connections, so the JIT has compiled the miss path (default 20; --quick 5)")
    Integer missWarmup;

    @Option(names = "--threads", defaultValue = "1",
        description = "wrk threads (default ${DEFAULT-VALUE}: one core for the load)")
    int threads;

    @Option(names = "--connections", split = ",", description = "connection counts "
        + "(default 64,256; --quick 64)")
    List<Integer> connections;

    @Option(names = "--only", split = ",", paramLabel = "SERVER",
        description = "run only these: edge, cdn-up (edge eu of a whole cdn up network in "
            + "one JVM), nginx, nginx+ofc, varnish (baselines always run)")
    List<String> only = List.of();

    @Option(names = "--edge-jvm", split = " ", paramLabel = "OPTS",
        description = "the forked edge's JVM options "
            + "(default: -Xms256m -Xmx1g -XX:+UseG1GC, as ./cdn)")
    List<String> edgeJvm;

    @Option(names = "--baseline-jar", paramLabel = "JAR", description = {"another build of "
        + "cdn.jar, run as an edge of its own (edge@NAME) in the same run; repeatable:",
        "what each change bought, before and after side by side"})
    List<Path> baselineJars = List.of();

    @Option(names = "--quick", description = "a smoke run: 1 round of 2 s, 64 connections")
    boolean quick;

    @Option(names = "--misses-only", description = "skip the hit cells: fills, then the miss "
        + "runs only (needs --miss-seconds above 0)")
    boolean missesOnly;

    @Option(names = "--access-logs", description = "every server writes an access log to a "
        + "file in memory: ours batched, nginx's with buffer=64k flush=1s (default: all off)")
    boolean accessLogs;

    @Option(names = "--revalidations", description = "also a cell of 304s (size \"304 1 KiB\"): "
        + "every request revalidates the 1 KiB object with its ETag (If-None-Match), as a "
        + "browser's reload does; each server must answer 304")
    boolean revalidations;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the figures as JSON")
    Path out;

    @Override
    public Integer call() throws Exception {
      HitsBench.Options options;
      try {
        options = new HitsBench.Options(pick(rounds, 3, 1), pick(seconds, 4, 2),
            pick(warmup, 10, 1), pick(missSeconds, 2, 1), pick(missWarmup, 20, 5), threads,
            connections != null ? connections : quick ? List.of(64) : List.of(64, 256), only,
            edgeJvm != null ? edgeJvm : HitsBench.Options.DEFAULT_EDGE_JVM_ARGS,
            baselineJars, missesOnly, accessLogs, revalidations);
        if (missesOnly && options.missSeconds() == 0) {
          throw new IllegalArgumentException("bench hits: --misses-only needs --miss-seconds "
              + "above 0");
        }
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      return HitsBench.execute(options, Optional.ofNullable(out), System.out, System.err);
    }

    private int pick(Integer given, int normal, int smoke) {
      return given != null ? given : quick ? smoke : normal;
    }
  }

  @Command(name = "dns-failover", mixinStandardHelpOptions = true,
      description = "Time from an edge's death to the DNS's last answer naming it.")
  static final class DnsFailover implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      return DnsFailoverBench.run(System.out, System.err) == 0 ? ExitCodes.OK
          : ExitCodes.START_FAILED;
    }
  }

  @Command(name = "dns", mixinStandardHelpOptions = true,
      description = {"Our geo DNS server and PowerDNS 4 side by side under dnsperf, in one run.",
          "Needs dnsperf and pdns_server (apt-get install dnsperf pdns-server "
              + "pdns-backend-bind); loopback only; stops by itself (about 85 s, 125 s with "
              + "--floor)."})
  static final class Dns implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "3",
        description = "maximum-throughput runs per server, alternating (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seconds", defaultValue = "10",
        description = "length of each run (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--outstanding", defaultValue = "100",
        description = "dnsperf -q: queries in flight (default ${DEFAULT-VALUE})")
    int outstanding;

    @Option(names = "--clients", defaultValue = "1",
        description = "dnsperf -c: client sockets (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--warmup", defaultValue = "4",
        description = "unreported seconds per server first; 0 for none (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--fixed-qps", defaultValue = "20000",
        description = "rate of the latency run per server; 0 to skip (default ${DEFAULT-VALUE})")
    int fixedQps;

    @Option(names = "--fixed-seconds", defaultValue = "4",
        description = "length of the latency run (default ${DEFAULT-VALUE})")
    int fixedSeconds;

    @Option(names = "--ecs", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "queries carry Client Subnet 127.0.2.0/24 (default on; --no-ecs)")
    boolean ecs;

    @Option(names = "--floor",
        description = "also run the floor: an answerer in this JVM that replays our server's "
            + "answers and does no DNS work, to show what caps qps on this machine")
    boolean floor;

    @Option(names = "--max-seconds", defaultValue = "130",
        description = "a longer plan is refused (default ${DEFAULT-VALUE})")
    int maxSeconds;

    @Override
    public Integer call() throws Exception {
      DnsBench.Options options;
      try {
        options = new DnsBench.Options(rounds, seconds, outstanding, clients, warmup, fixedQps,
            fixedSeconds, ecs, floor, maxSeconds);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      return DnsBench.execute(options, System.out, System.err);
    }
  }

  @Command(name = "llm", mixinStandardHelpOptions = true,
      description = {"The edge's LLM-answer cache against the demo's fake LLM: share answered",
          "from the edge, latency of hits and misses, tokens saved, and a leakage check",
          "across users. Runs on its own ports and stops by itself."})
  static final class Llm implements Callable<Integer> {
    @Option(names = "--requests", defaultValue = "300", description = "requests in the mix")
    int requests;

    @Option(names = "--repeat", defaultValue = "0.4",
        description = "share of requests repeating an earlier question (default 0.4)")
    double repeat;

    @Option(names = "--leak-requests", defaultValue = "1000",
        description = "requests of the leakage check")
    int leakRequests;

    @Option(names = "--users", defaultValue = "50", description = "users in the leakage check")
    int users;

    @Option(names = "--delay-ms", defaultValue = "2000",
        description = "how long the fake LLM takes per answer (default 2000)")
    long delayMs;

    @Option(names = "--concurrency", defaultValue = "32", description = "requests in flight")
    int concurrency;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Override
    public Integer call() throws Exception {
      LlmBench.Result result = LlmBench.run(new LlmBench.Options(requests, repeat,
          leakRequests, users, 5, concurrency, java.time.Duration.ofMillis(delayMs), seed),
          System.err);
      LlmBench.print(result, System.out);
      return result.leaks() == 0 && result.errors() == 0 ? ExitCodes.OK : ExitCodes.START_FAILED;
    }
  }

  @Command(name = "prefetch", mixinStandardHelpOptions = true,
      description = {"The edge's Markov prefetch, live: a synthetic site with a known transition",
          "matrix behind the demo network, the same seeded visitors with prefetch off then on:",
          "hit ratio, precision, coverage and extra origin bytes, beside the simulator's none,",
          "markov-1, ppm-2 and oracle on the same page views, and the issue's goals.",
          "Runs on its own ports and stops by itself (about three minutes)."})
  static final class Prefetch implements Callable<Integer> {
    @Option(names = "--pages", defaultValue = "200", description = "pages of the site")
    int pages;

    @Option(names = "--views", defaultValue = "20000", description = "page views per run")
    int views;

    @Option(names = "--concurrency", defaultValue = "8", description = "visitors at once")
    int concurrency;

    @Option(names = "--think-ms", defaultValue = "20-50",
        description = "pause before each click, a range in ms (default ${DEFAULT-VALUE})")
    String think;

    @Option(names = "--cache-share", defaultValue = "0.2",
        description = "share of the site's bytes the edge cache holds (default ${DEFAULT-VALUE})")
    double cacheShare;

    @Option(names = "--threshold", defaultValue = "0.3",
        description = "the site's prefetch threshold (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--edge-budget", description = {"keep the edge's prefetch budget (50/s a "
        + "node, 20/s a site, 5 MiB/s) and 10 s warm memory; both off by default, as the run "
        + "compresses time"})
    boolean edgeBudget;

    @Option(names = "--seed", defaultValue = "1", description = "site and visitors seed")
    long seed;

    @Option(names = "--max-seconds", defaultValue = "150",
        description = "time limit of each of the two runs (default ${DEFAULT-VALUE})")
    long maxSeconds;

    @Option(names = "--link-skew", defaultValue = "1.2", description = {"Zipf exponent of the "
        + "links a visitor follows from a page: higher, more predictable "
        + "(default ${DEFAULT-VALUE})"})
    double linkSkew;

    @Option(names = "--exit", defaultValue = "0.25",
        description = "probability a visit ends after each view (default ${DEFAULT-VALUE})")
    double exit;

    @Option(names = "--no-weigh-size", description = {"hold every page to the plain threshold "
        + "(the network file's weigh-size: false); by default a page k times the site's mean "
        + "size needs k times the probability"})
    boolean noWeighSize;

    @Option(names = "--share", description = {"measure sharing counts in a region instead: "
        + "the visits split between edges eu and us in one region, without prefetch, each "
        + "edge from its own counts, and with share: region (no simulator rows)"})
    boolean share;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the figures as JSON")
    java.nio.file.Path out;

    @Override
    public Integer call() throws Exception {
      PrefetchBench.Options options;
      try {
        String[] range = think.split("-", 2);
        int min = Integer.parseInt(range[0].trim());
        int max = range.length == 2 ? Integer.parseInt(range[1].trim()) : min;
        options = new PrefetchBench.Options(pages, views, concurrency, min, max, cacheShare,
            threshold, edgeBudget, seed, java.time.Duration.ofSeconds(maxSeconds), linkSkew, exit,
            !noWeighSize);
      } catch (IllegalArgumentException e) {
        System.err.println("bad options: " + e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      if (share) {
        PrefetchBench.SharedResult shared = PrefetchBench.runShared(options, System.err);
        PrefetchBench.print(shared, System.out);
        if (out != null) {
          java.nio.file.Files.writeString(out, PrefetchBench.json(shared).encodePrettily());
        }
        return shared.none().errors() + shared.alone().errors() + shared.shared().errors() == 0
            ? ExitCodes.OK : ExitCodes.START_FAILED;
      }
      PrefetchBench.Result result = PrefetchBench.run(options, System.err);
      PrefetchBench.print(result, System.out);
      if (out != null) {
        java.nio.file.Files.writeString(out, PrefetchBench.json(result).encodePrettily());
      }
      // Missed goals are figures, not failures: only views that failed make the run fail.
      return result.off().errors() + result.on().errors() == 0 ? ExitCodes.OK
          : ExitCodes.START_FAILED;
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = {"Purge latency and correctness on a live cluster of 3 edges and a shield.",
          "Runs beside `cdn up` (own ports, own cluster name) and stops by itself."})
  static final class Purge implements Callable<Integer> {
    @Option(names = "--purges", defaultValue = "1000", description = "purges to send")
    int purges;

    @Option(names = "--rate", defaultValue = "50", description = "purges per second")
    double rate;

    @Option(names = "--objects", defaultValue = "200", description = "working set per edge")
    int objects;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--max-seconds", defaultValue = "60", description = "hard time limit")
    long maxSeconds;

    @Option(names = "--faults", description = {"then kill and restart an edge during a purge",
        "storm, and cut an edge off the cluster for 20 s (about 60 s more)"})
    boolean faults;

    @Override
    public Integer call() throws Exception {
      PurgeBench.Result result = PurgeBench.run(new PurgeBench.Options(purges, rate, objects,
          seed, java.time.Duration.ofSeconds(maxSeconds), faults), System.err);
      PurgeBench.print(result, System.out);
      return result.lost() == 0 && result.completed() == result.purges() ? ExitCodes.OK
          : ExitCodes.START_FAILED;
    }
  }

  @Command(name = "edge-memory", mixinStandardHelpOptions = true,
      description = {"Heap and resident set of a forked cdn edge holding its full cache budget.",
          "Fills it through HTTP with N x its budget of new objects (loopback; stops by itself, "
              + "within --limit)."})
  static final class EdgeMemory implements Callable<Integer> {
    @Option(names = "--budget-mib", defaultValue = "256",
        description = "the edge's cache budget in MiB (default: the edge's, ${DEFAULT-VALUE})")
    long budgetMib;

    @Option(names = "--factor", defaultValue = "4",
        description = "bytes asked as a multiple of the budget (default ${DEFAULT-VALUE})")
    int factor;

    @Option(names = "--seed", defaultValue = "1", description = "object-size seed")
    long seed;

    @Option(names = "--edge-jvm", split = " ", paramLabel = "OPTS",
        description = "the forked edge's JVM options "
            + "(default: -Xms256m -Xmx1g -XX:+UseG1GC, as ./cdn)")
    List<String> edgeJvm;

    @Option(names = "--limit", defaultValue = "300",
        description = "the most seconds the fill may take (default ${DEFAULT-VALUE})")
    int limitSeconds;

    @Override
    public Integer call() throws Exception {
      EdgeMemoryBench.Options options;
      try {
        options = new EdgeMemoryBench.Options(budgetMib << 20, factor, seed,
            edgeJvm != null ? edgeJvm : HitsBench.Options.DEFAULT_EDGE_JVM_ARGS,
            Duration.ofSeconds(limitSeconds));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
      return EdgeMemoryBench.execute(options, System.out, System.err) == 0 ? ExitCodes.OK
          : ExitCodes.START_FAILED;
    }
  }

  @Command(name = "store-memory", mixinStandardHelpOptions = true,
      description = "Fill a cache store with N x its budget and measure the heap it holds.")
  static final class StoreMemory implements Callable<Integer> {
    @Option(names = "--budget-mib", defaultValue = "256",
        description = "the store's byte budget in MiB (default: the edge's, ${DEFAULT-VALUE})")
    long budgetMib;

    @Option(names = "--factor", defaultValue = "10",
        description = "bytes written as a multiple of the budget (default ${DEFAULT-VALUE})")
    int factor;

    @Option(names = "--seed", defaultValue = "1", description = "object-size seed")
    long seed;

    @Override
    public Integer call() {
      StoreMemoryBench.print(StoreMemoryBench.run(budgetMib << 20, factor, seed), System.out);
      return ExitCodes.OK;
    }
  }
}
