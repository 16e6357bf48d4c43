package org.edgecdn.launcher.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.edgecdn.loadtest.DnsLookup;
import org.edgecdn.loadtest.Durations;
import org.edgecdn.loadtest.Fault;
import org.edgecdn.loadtest.FaultResult;
import org.edgecdn.loadtest.LoadGenerator;
import org.edgecdn.loadtest.LoadOptions;
import org.edgecdn.loadtest.LoopbackGuard;
import org.edgecdn.loadtest.Pacing;
import org.edgecdn.loadtest.Protocol;
import org.edgecdn.loadtest.ProgressListener;
import org.edgecdn.loadtest.ProgressPrinter;
import org.edgecdn.loadtest.Report;
import org.edgecdn.loadtest.ReresolveOptions;
import org.edgecdn.loadtest.RunResult;
import org.edgecdn.loadtest.StreamOptions;
import org.edgecdn.loadtest.Target;
import org.edgecdn.loadtest.Thresholds;
import org.edgecdn.loadtest.metrics.CacheFigures;
import org.edgecdn.loadtest.metrics.CounterQuery;
import org.edgecdn.loadtest.metrics.Scrape;
import org.edgecdn.loadtest.workload.ClickstreamWorkload;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.edgecdn.loadtest.workload.Workload;
import org.edgecdn.loadtest.workload.WorkloadSettings;
import org.edgecdn.loadtest.workload.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdn loadtest URL}: sends a workload to a target at a fixed rate (open model) or as
 * fast as N connections allow ({@code --closed}), shows progress, and prints a summary (and
 * JSON with {@code --out}). Optionally reads hit ratio and origin offload from the targets'
 * {@code /metrics}, runs a purge storm beside the traffic, does faults at moments of the run
 * ({@code --fault}), and judges thresholds.
 *
 * <p>Only loopback targets unless {@code --allow-remote}; every run is bounded by
 * {@code --duration} and {@code --max-requests}.
 *
 * <p>Exit codes: 0 done (and every threshold met), 1 not a single request was answered (is
 * the target running?), 2 bad arguments or an input file that cannot be used, 4 a threshold
 * was missed.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send load to an HTTP target and report throughput, latency, errors and",
        "(with --metrics) hit ratio. Loopback targets only unless --allow-remote."})
final class LoadtestCommand implements Callable<Integer> {

  /** Every request failed: the target is probably not running. */
  static final int NOTHING_ANSWERED = 1;
  /** A --max-p99, --max-error-ratio or --min-hit-ratio limit was missed. */
  static final int THRESHOLD_MISSED = 4;

  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);

  static {
    // Without a graph file, the clickstream walks the predictor's synthetic site.
    Workloads.register("clickstream", SiteClickstream::create);
  }

  @Parameters(index = "0", paramLabel = "URL",
      description = "the target's base URL, e.g. http://127.0.2.1:8080")
  String url;

  @Option(names = "--host", paramLabel = "NAME",
      description = "Host header to send (default: the URL's host and port)")
  String host;

  // ---- Workload ----

  @Option(names = "--workload", paramLabel = "NAME", defaultValue = "zipf",
      description = "zipf, urls, trace, access-log, llm or clickstream (default "
          + "${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "seed of the workload's random choices (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--objects", paramLabel = "N", description = "zipf: objects (default 1000)")
  String objects;

  @Option(names = "--alpha", paramLabel = "A", description = "zipf: skew (default 0.9)")
  String alpha;

  @Option(names = "--size", paramLabel = "SIZE", description = "zipf: object sizes: 16KiB, "
      + "or lognormal:MEDIAN:SIGMA[:MAX] (default 1KiB)")
  String size;

  @Option(names = "--path-template", paramLabel = "T", description = "zipf: default "
      + "/obj/{rank}?size={size}; trace: default /obj/{key} ({size} optional)")
  String pathTemplate;

  @Option(names = "--path", paramLabel = "PATH", description = "urls: a path to send (repeat)")
  List<String> paths = new ArrayList<>();

  @Option(names = "--url-file", paramLabel = "FILE",
      description = "urls: a file of paths or URLs, one a line")
  Path urlFile;

  @Option(names = "--order", paramLabel = "ORDER",
      description = "urls: sequential (default) or random")
  String order;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "trace: one key a line, optional size in bytes as a second column")
  Path trace;

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "access-log: a common or combined format log")
  Path accessLog;

  @Option(names = "--methods", paramLabel = "M,M",
      description = "access-log: methods to replay (default GET,HEAD; * for all)")
  String methods;

  @Option(names = "--llm-path", paramLabel = "PATH",
      description = "llm: where to POST (default /v1/chat/completions)")
  String llmPath;

  @Option(names = "--model", paramLabel = "NAME", description = "llm: model (default edgecdn-demo)")
  String model;

  @Option(names = "--repeat", paramLabel = "SHARE",
      description = "llm: share of requests reusing an earlier prompt, 0..1 (default 0.5)")
  String repeat;

  @Option(names = "--graph", paramLabel = "FILE", description = "clickstream: the site graph, "
      + "lines FROM TO PROBABILITY (FROM - for entries); default a synthetic site")
  Path graph;

  @Option(names = "--pages", paramLabel = "N",
      description = "clickstream without --graph: pages of the synthetic site (default 200)")
  String pages;

  @Option(names = "--visitors", paramLabel = "N", description = "clickstream: visitors at once "
      + "(default: open model rate x mean think time, closed model 4 per connection)")
  String visitors;

  @Option(names = "--think-ms", paramLabel = "MIN-MAX",
      description = "clickstream: think time between a visitor's views (default "
          + ClickstreamWorkload.DEFAULT_THINK + ")")
  String thinkMs;

  @Option(names = "--workload-opt", paramLabel = "KEY=VALUE",
      description = "a setting for the workload by name, for workloads added later (repeat)")
  List<String> workloadOptions = new ArrayList<>();

  // ---- Pacing and bounds ----

  @Option(names = "--rate", paramLabel = "PER_S", defaultValue = "1000",
      description = "open model: requests per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--closed", description = "closed model: each connection sends as soon as "
      + "its answer arrives (peak throughput; latency is service time only)")
  boolean closed;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
      description = "keep-alive connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--http2", description = {"speak HTTP/2 over cleartext with prior knowledge "
      + "(h2c), as the edges offer it: --connections is then the requests in flight, "
      + "multiplexed, up to " + Protocol.STREAMS_PER_CONNECTION + " on each connection"})
  boolean http2;

  @Option(names = "--threads", paramLabel = "N",
      description = "event loops sending (default: the cores, at most the connections)")
  Integer threads;

  @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "how long to send, at most 1h (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--max-requests", paramLabel = "N", defaultValue = "10000000",
      description = "stop after this many requests in all (default ${DEFAULT-VALUE})")
  long maxRequests;

  @Option(names = "--timeout", paramLabel = "D", defaultValue = "5s",
      converter = DurationConverter.class,
      description = "a request without a full answer by then is an error (default "
          + "${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--warmup", paramLabel = "D", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "send the same load this long first, unmeasured: a fresh JVM needs about "
          + "a second to load its HTTP client (default ${DEFAULT-VALUE}; 0 for none)")
  Duration warmup;

  // ---- Network ----

  @Option(names = "--source", paramLabel = "ADDRESS",
      description = "bind connections to this local address, round robin (repeat)")
  List<String> sources = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "HOST:PORT", description = "resolve the URL's host "
      + "name through this DNS server, and follow it during the run as a client would: the "
      + "answer is kept for its TTL, then asked for again, and new connections go to a new "
      + "address while those to the old one close; with --source, each source address asks "
      + "for itself (from that address, with its /24 as Client Subnet)")
  String dns;

  @Option(names = "--dns-ttl-max", paramLabel = "D", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "with --dns: keep an answer at most this long, whatever its TTL says "
          + "(at least 1s; default ${DEFAULT-VALUE}); answers are kept at least 1s")
  Duration dnsTtlMax;

  @Option(names = "--allow-remote",
      description = "allow targets that are not loopback addresses")
  boolean allowRemote;

  // ---- Faults ----

  @Option(names = "--fault", paramLabel = "AT:ACTION", description = {"do something to the "
      + "system under test at AT into the measured run (repeat): AT:signal:NAME:PID sends a "
      + "signal (STOP freezes, CONT resumes, TERM stops) to a process you name, e.g. an edge "
      + "started with cdn edge; AT:http:METHOD:URL sends a request, e.g. to an admin endpoint. "
      + "The summary splits errors by cause at each fault"})
  List<String> faultTexts = new ArrayList<>();

  @Option(names = "--fault-header", paramLabel = "'NAME: VALUE'", description = {"a header "
      + "sent with every http fault (repeat), e.g. 'Authorization: Bearer TOKEN' for an admin "
      + "endpoint; values are never printed"})
  List<String> faultHeaderTexts = new ArrayList<>();

  // ---- Purge storm ----

  @Option(names = "--purge-rate", paramLabel = "PER_S",
      description = "purge storm: requests per second beside the traffic")
  Double purgeRate;

  @Option(names = "--purge-url", paramLabel = "URL",
      description = "purge storm: where, e.g. http://127.0.2.1:9080/api/v1/purge")
  String purgeUrl;

  @Option(names = "--purge-method", paramLabel = "METHOD", defaultValue = "POST",
      description = "purge storm: method (default ${DEFAULT-VALUE})")
  String purgeMethod;

  @Option(names = "--purge-body", paramLabel = "JSON", defaultValue = "{\"everything\":true}",
      description = "purge storm: body, sent as JSON (default ${DEFAULT-VALUE})")
  String purgeBody;

  @Option(names = "--purge-token", paramLabel = "TOKEN",
      description = "purge storm: sent as Authorization: Bearer TOKEN")
  String purgeToken;

  // ---- Figures ----

  @Option(names = "--metrics", paramLabel = "URL",
      description = "a target's Prometheus /metrics, read before and after (repeat)")
  List<String> metrics = new ArrayList<>();

  @Option(names = "--hit-counter", paramLabel = "Q",
      defaultValue = "cdn_requests_total{tier=edge,cache_status=hit}",
      description = "counter of hits (default ${DEFAULT-VALUE})")
  String hitCounter;

  @Option(names = "--miss-counter", paramLabel = "Q",
      defaultValue = "cdn_requests_total{tier=edge,cache_status=miss|stale|pass}",
      description = "counter of misses (default ${DEFAULT-VALUE})")
  String missCounter;

  @Option(names = "--client-counter", paramLabel = "Q",
      defaultValue = "cdn_requests_total{tier=edge}",
      description = "counter of client requests (default ${DEFAULT-VALUE})")
  String clientCounter;

  @Option(names = "--origin-counter", paramLabel = "Q",
      defaultValue = "cdn_upstream_requests_total{upstream=origin}",
      description = "counter of origin fetches (default ${DEFAULT-VALUE})")
  String originCounter;

  @Option(names = "--out", paramLabel = "FILE", description = "write the report as JSON")
  Path out;

  @Option(names = "--max-p99", paramLabel = "D", converter = DurationConverter.class,
      description = "fail (exit 4) if p99 latency is above, e.g. 20ms")
  Duration maxP99;

  @Option(names = "--max-error-ratio", paramLabel = "R",
      description = "fail (exit 4) if errors and 5xx exceed this share, e.g. 0.01")
  Double maxErrorRatio;

  @Option(names = "--min-hit-ratio", paramLabel = "R",
      description = "fail (exit 4) if the hit ratio from --metrics is below, e.g. 0.9")
  Double minHitRatio;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final boolean terminal;

  /** As {@code cdn loadtest} runs it. */
  LoadtestCommand() {
    this(System.out, System.err, System.console() != null);
  }

  /** For tests: output to {@code out} and {@code err}; {@code terminal} picks the display. */
  LoadtestCommand(PrintStream out, PrintStream err, boolean terminal) {
    this.stdout = out;
    this.stderr = err;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    try {
      Plan plan;
      try {
        plan = plan(vertx);
      } catch (IllegalArgumentException | IOException e) {
        stderr.println("cdn loadtest: " + message(e));
        return ExitCodes.BAD_CONFIG;
      }
      return execute(vertx, plan);
    } finally {
      await(vertx.close(), Duration.ofSeconds(10));
    }
  }

  /**
   * What to run, checked, with the notes the report should carry (those on where the traffic
   * goes are shown in the run's header too).
   */
  private record Plan(LoadOptions options, Thresholds thresholds, CacheFigures.Spec cache,
      List<String> notes) {}

  private Plan plan(Vertx vertx) throws IOException {
    Thresholds thresholds = new Thresholds(maxP99, maxErrorRatio, minHitRatio);
    if (minHitRatio != null && metrics.isEmpty()) {
      throw new IllegalArgumentException("--min-hit-ratio needs --metrics (the targets' "
          + "/metrics URLs)");
    }
    List<String> notes = new ArrayList<>();
    for (String source : sources) {
      if (!isAddressLiteral(source)) {
        throw new IllegalArgumentException("--source " + source + ": give a local IP address");
      }
    }
    Target target = target(vertx, notes);
    ReresolveOptions reresolve = reresolve(vertx, target, notes);
    for (String metricsUrl : metrics) {
      checkUrl(metricsUrl, "--metrics");
    }
    Workload traffic = Workloads.create(workload, settings(target), seed);
    if (traffic.parseReport().bad() > 0) {
      stderr.println("cdn loadtest: " + traffic.parseReport().bad() + " unreadable lines in "
          + "the input skipped; first: " + traffic.parseReport().examples().get(0));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int lanes = threads != null ? threads : Math.min(cores, connections);
    if (lanes < 1 || lanes > connections) {
      throw new IllegalArgumentException("--threads: between 1 and --connections ("
          + connections + ")");
    }
    Pacing pacing = closed ? new Pacing.Closed() : new Pacing.Open(rate);
    List<StreamOptions> streams = new ArrayList<>();
    streams.add(new StreamOptions("traffic", target, traffic, pacing, connections, sources,
        lanes, http2 ? Protocol.H2C : Protocol.HTTP_1_1).withReresolve(reresolve));
    StreamOptions purge = purgeStream();
    if (purge != null) {
      streams.add(purge);
    }
    LoadOptions options = new LoadOptions(streams, duration, maxRequests, timeout, faults());
    if (!warmup.isZero() && warmup.compareTo(LoadOptions.MAX_DURATION) > 0) {
      throw new IllegalArgumentException("--warmup: at most 1h");
    }
    CacheFigures.Spec cache = new CacheFigures.Spec(CounterQuery.parse(hitCounter),
        CounterQuery.parse(missCounter), CounterQuery.parse(clientCounter),
        CounterQuery.parse(originCounter));
    return new Plan(options, thresholds, cache, notes);
  }

  /**
   * The traffic's target: checked to be loopback, or with --dns, the name it asks the DNS for
   * ({@link #reresolve} resolves it).
   */
  private Target target(Vertx vertx, List<String> notes) {
    Target given = Target.parse(url, host);
    if (dns == null) {
      return given.connectingTo(LoopbackGuard.resolveChecked(given.connectHost(), allowRemote,
          "target"));
    }
    DnsLookup.HostAndPortText server = DnsLookup.HostAndPortText.parse(dns, 53);
    LoopbackGuard.resolveChecked(server.host(), allowRemote, "--dns");
    if (isAddressLiteral(given.connectHost())) {
      throw new IllegalArgumentException("--dns resolves a host name, and " + url
          + " names an address");
    }
    if (dnsTtlMax.compareTo(ReresolveOptions.DEFAULT_MIN_TTL) < 0
        || dnsTtlMax.compareTo(LoadOptions.MAX_DURATION) > 0) {
      throw new IllegalArgumentException("--dns-ttl-max: between 1s and 1h, got "
          + Durations.format(dnsTtlMax));
    }
    return given;
  }

  /**
   * With --dns: what each source address (or the default one, without --source) is answered
   * for the target's name when it asks the DNS itself (from that address, with its subnet as
   * Client Subnet), each checked to be loopback, and how the run follows the name from there;
   * else null.
   */
  private ReresolveOptions reresolve(Vertx vertx, Target target, List<String> notes) {
    if (dns == null) {
      return null;
    }
    List<String> distinct = sources.stream().distinct().toList();
    Map<String, DnsLookup.Answer> answers;
    try {
      answers = await(distinct.isEmpty()
          ? DnsLookup.answer(vertx, dns, target.connectHost(), null, DNS_TIMEOUT)
              .map(answer -> Map.of(StreamOptions.DEFAULT_SOURCE, answer))
          : DnsLookup.perSource(vertx, dns, target.connectHost(), distinct, DNS_TIMEOUT),
          DNS_TIMEOUT.plusSeconds(2));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--dns " + dns + ": cannot resolve "
          + target.connectHost() + (distinct.isEmpty() ? ": " : " ") + message(e));
    }
    long answeredAt = System.nanoTime();
    answers.forEach((source, answer) -> {
      LoopbackGuard.resolveChecked(answer.address(), allowRemote, "target "
          + target.connectHost() + (source.isEmpty() ? "" : " for --source " + source));
      notes.add((source.isEmpty() ? "" : "from " + source + ": ") + target.connectHost()
          + " resolved to " + answer.address() + " by " + dns + " (TTL "
          + Durations.format(answer.ttl()) + (source.isEmpty()
              ? "; queried from the default source address" : "") + ")");
    });
    notes.add("the name is followed during the run: asked again as each answer expires "
        + "(kept " + Durations.format(ReresolveOptions.DEFAULT_MIN_TTL) + " to "
        + Durations.format(dnsTtlMax) + ")");
    return new ReresolveOptions(dns, target.connectHost(), DNS_TIMEOUT,
        ReresolveOptions.DEFAULT_MIN_TTL, dnsTtlMax, allowRemote, answers, answeredAt);
  }

  /**
   * The --fault options, read and checked: a process that exists, a loopback URL; http faults
   * carry the --fault-header headers.
   */
  private List<Fault> faults() {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String text : faultHeaderTexts) {
      Map.Entry<String, String> header;
      try {
        header = Fault.parseHeader(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--fault-header: " + e.getMessage());
      }
      headers.put(header.getKey(), header.getValue());
    }
    List<Fault> faults = new ArrayList<>();
    for (String text : faultTexts) {
      Fault fault;
      try {
        fault = Fault.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--fault: " + e.getMessage());
      }
      if (fault.action() instanceof Fault.Signal signal
          && ProcessHandle.of(signal.pid()).isEmpty()) {
        throw new IllegalArgumentException("--fault " + text + ": no process " + signal.pid());
      }
      if (fault.action() instanceof Fault.Request request) {
        LoopbackGuard.resolveChecked(request.url().getHost(), allowRemote, "--fault");
      }
      faults.add(fault.withHeaders(headers));
    }
    if (!headers.isEmpty()
        && faults.stream().noneMatch(f -> f.action() instanceof Fault.Request)) {
      throw new IllegalArgumentException("--fault-header: no http --fault to send it with");
    }
    return faults;
  }

  private StreamOptions purgeStream() {
    if (purgeRate == null && purgeUrl == null) {
      return null;
    }
    if (purgeRate == null || purgeUrl == null) {
      throw new IllegalArgumentException("a purge storm needs both --purge-rate and "
          + "--purge-url");
    }
    URI uri = URI.create(purgeUrl);
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    Target at = Target.parse(base, null);
    at = at.connectingTo(LoopbackGuard.resolveChecked(at.connectHost(), allowRemote,
        "--purge-url"));
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
        : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Map<String, String> headers = new LinkedHashMap<>();
    Buffer body = null;
    if (purgeBody != null && !purgeBody.isEmpty() && !purgeMethod.equalsIgnoreCase("GET")) {
      body = Buffer.buffer(purgeBody);
      headers.put("Content-Type", "application/json");
    }
    if (purgeToken != null) {
      headers.put("Authorization", "Bearer " + purgeToken);
    }
    LoadRequest request = new LoadRequest(purgeMethod.toUpperCase(java.util.Locale.ROOT), path,
        headers, body);
    return StreamOptions.of("purge", at, new FixedWorkload(request),
        new Pacing.Open(purgeRate), 2);
  }

  /** The workload's settings from the options given; unset options are left to defaults. */
  private WorkloadSettings settings(Target target) {
    Map<String, String> values = new LinkedHashMap<>();
    switch (workload) {
      case "zipf" -> {
        put(values, "objects", objects);
        put(values, "alpha", alpha);
        put(values, "size", size);
        put(values, "path-template", pathTemplate);
      }
      case "urls" -> {
        if (!paths.isEmpty()) {
          values.put("paths", String.join(" ", paths));
        }
        put(values, "file", urlFile == null ? null : urlFile.toString());
        put(values, "order", order);
      }
      case "trace" -> {
        put(values, "file", required(trace, "--trace FILE"));
        put(values, "path-template", pathTemplate);
      }
      case "access-log" -> {
        put(values, "file", required(accessLog, "--access-log FILE"));
        put(values, "methods", methods);
      }
      case "llm" -> {
        put(values, "path", llmPath);
        put(values, "model", model);
        put(values, "repeat", repeat);
      }
      case "clickstream" -> {
        put(values, "graph", graph == null ? null : graph.toString());
        put(values, "pages", pages);
        put(values, "think-ms", thinkMs);
        put(values, "visitors", visitors != null ? visitors : Long.toString(defaultVisitors()));
        values.put("site", "http://" + target.hostHeader());
      }
      default -> { }
    }
    for (String option : workloadOptions) {
      Map.Entry<String, String> pair = WorkloadSettings.parsePair(option);
      values.put(pair.getKey(), pair.getValue());
    }
    refuseForeignOptions();
    return new WorkloadSettings(values);
  }

  /**
   * Visitors enough that, in the open model, a visitor's views are about its think time apart
   * on the wall clock too (rate x mean think time); in the closed model, 4 a connection, so a
   * visitor rarely has two views in flight.
   */
  private long defaultVisitors() {
    if (closed) {
      return Math.min(ClickstreamWorkload.MAX_VISITORS, 4L * connections);
    }
    double think = ClickstreamWorkload.Options.of(WorkloadSettings.of("think-ms",
        thinkMs == null ? ClickstreamWorkload.DEFAULT_THINK : thinkMs)).meanThinkSeconds();
    return Math.max(1, Math.min(ClickstreamWorkload.MAX_VISITORS, Math.round(rate * think)));
  }

  /** An option of another workload (--trace with zipf) is a mistake, not something to skip. */
  private void refuseForeignOptions() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("--objects", objects);
    given.put("--alpha", alpha);
    given.put("--size", size);
    given.put("--path-template", pathTemplate);
    given.put("--path", paths.isEmpty() ? null : paths);
    given.put("--url-file", urlFile);
    given.put("--order", order);
    given.put("--trace", trace);
    given.put("--access-log", accessLog);
    given.put("--methods", methods);
    given.put("--llm-path", llmPath);
    given.put("--model", model);
    given.put("--repeat", repeat);
    given.put("--graph", graph);
    given.put("--pages", pages);
    given.put("--visitors", visitors);
    given.put("--think-ms", thinkMs);
    Map<String, List<String>> belongs = Map.of(
        "zipf", List.of("--objects", "--alpha", "--size", "--path-template"),
        "urls", List.of("--path", "--url-file", "--order"),
        "trace", List.of("--trace", "--path-template"),
        "access-log", List.of("--access-log", "--methods"),
        "llm", List.of("--llm-path", "--model", "--repeat"),
        "clickstream", List.of("--graph", "--pages", "--visitors", "--think-ms"));
    List<String> mine = belongs.getOrDefault(workload, List.of());
    for (Map.Entry<String, Object> option : given.entrySet()) {
      if (option.getValue() != null && !mine.contains(option.getKey())) {
        throw new IllegalArgumentException(option.getKey() + " is not an option of workload "
            + workload + (mine.isEmpty() ? " (give its settings with --workload-opt)"
                : " (its options: " + String.join(", ", mine) + ")"));
      }
    }
  }

  private int execute(Vertx vertx, Plan plan) throws InterruptedException {
    LoadOptions options = plan.options();
    StreamOptions main = options.streams().get(0);
    stdout.println("cdn loadtest: " + main.target() + ", " + main.pacing() + ", "
        + main.connections() + " connections, " + Durations.format(options.duration()));
    stdout.println("  " + main.workload().describe());
    for (String note : plan.notes()) {
      stdout.println("  " + note);
    }
    for (Fault fault : options.faults()) {
      stdout.println("  fault " + fault);
    }
    if (!warmup.isZero()) {
      stdout.println("  warming up for " + Durations.format(warmup) + " (not measured)");
      LoadGenerator.runBlocking(new LoadOptions(options.streams(), warmup,
          options.maxRequests(), options.timeout()), ProgressListener.NONE);
    }
    Scrape before = metrics.isEmpty() ? null
        : await(Scrape.of(vertx, metrics, SCRAPE_TIMEOUT), SCRAPE_TIMEOUT.plusSeconds(2));
    // Faults fire in the measured run only, never in the warm-up.
    ProgressPrinter progress = new ProgressPrinter(stdout, terminal);
    RunResult result = LoadGenerator.runBlocking(options, progress);
    progress.finish();
    CacheFigures cache = null;
    if (before != null) {
      Scrape after = await(Scrape.of(vertx, metrics, SCRAPE_TIMEOUT),
          SCRAPE_TIMEOUT.plusSeconds(2));
      cache = CacheFigures.between(before, after, plan.cache());
    }
    List<Thresholds.Check> checks = plan.thresholds().evaluate(result.main(), cache);
    Report report = new Report(result, cache, checks, plan.notes());
    stdout.print(report.text());
    for (FaultResult fault : result.faults()) {
      if (!fault.succeeded()) {
        stderr.println("cdn loadtest: " + fault);
      }
    }
    if (out != null) {
      try {
        Files.writeString(out, report.json().encodePrettily() + "\n");
      } catch (IOException e) {
        stderr.println("cdn loadtest: cannot write " + out + ": " + message(e));
        return ExitCodes.BAD_CONFIG;
      }
    }
    if (!report.passed()) {
      for (Thresholds.Check check : checks) {
        if (!check.passed()) {
          stderr.println("cdn loadtest: threshold missed: " + check);
        }
      }
      return THRESHOLD_MISSED;
    }
    if (result.main().answered() == 0 && result.main().sent() > 0) {
      stderr.println("cdn loadtest: not a single request was answered (is the target "
          + "running?)");
      return NOTHING_ANSWERED;
    }
    return ExitCodes.OK;
  }

  // ---- Helpers ----

  private void checkUrl(String text, String option) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": bad URL " + text);
    }
    if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(option + ": give an http:// URL, not " + text);
    }
    LoopbackGuard.resolveChecked(uri.getHost(), allowRemote, option);
  }

  private static boolean isAddressLiteral(String text) {
    return text.matches("[0-9.]+") || text.contains(":") && isResolvable(text);
  }

  private static boolean isResolvable(String text) {
    try {
      InetAddress.getByName(text);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void put(Map<String, String> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  private String required(Path file, String option) {
    if (file == null) {
      throw new IllegalArgumentException("workload " + workload + " needs " + option);
    }
    return file.toString();
  }

  private static <T> T await(Future<T> future, Duration limit) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException(message(e.getCause()), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within " + Durations.format(limit));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Reads durations with decimals and microseconds: 250us, 20ms, 1.5s, 10s, 2m. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.strip().equals("0") || value.strip().equals("0s")) {
        return Duration.ZERO;
      }
      return Durations.parse(value);
    }
  }
}
