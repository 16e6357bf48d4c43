package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigWriter;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;
import org.edgecdn.loadtest.metrics.PrometheusText;

/**
 * Heap and resident set of a real edge holding its full byte budget (issue 6, "Memory"): where
 * {@code bench store-memory} fills a bare store inside the bench's JVM, this forks
 * {@code cdn edge} from the jar, as {@code ./cdn} runs it, and fills its cache through HTTP.
 *
 * <p>The bench JVM runs an origin on 127.0.0.1 that answers {@code /obj/<n>/<size>} with that
 * many bytes ({@code public, max-age=86400}) and the network's shield, whose store is one byte
 * so it keeps nothing (its memory is not the edge's). Objects of the sizes
 * {@code bench store-memory} uses (seeded) are asked of the edge, each once,
 * {@value #CONNECTIONS} at a time on keep-alive connections, until the bytes asked reach {@code factor} times the edge's budget or
 * the time limit passes: every request is a miss that the edge stores and, once full, evicts
 * for. Then the edge's JVM is asked to collect ({@code jcmd GC.run}, a few times, so the
 * cleaner frees the direct memory of evicted bodies), and the figures are read: the cache's
 * weight and entries, heap and direct memory in use from the edge's own metrics
 * ({@code jvm_memory_used_bytes}, {@code jvm_buffer_memory_used_bytes}), the resident set and
 * its peak from {@code /proc/<pid>/status}.
 */
public final class EdgeMemoryBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofSeconds(120);

  /** Objects asked of the edge at once. */
  static final int CONNECTIONS = 8;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int LARGEST_OBJECT = 512 * 1024;
  /** Failed requests after which the fill stops: the figures would not be of a full cache. */
  private static final int MAX_FAILURES = 100;

  private EdgeMemoryBench() {}

  /**
   * A run's settings.
   *
   * @param budgetBytes the edge's cache budget
   * @param factor bytes asked as a multiple of the budget
   * @param seed object sizes
   * @param edgeJvmArgs the forked edge's JVM options
   * @param limit the most the fill may take
   */
  public record Options(long budgetBytes, int factor, long seed, List<String> edgeJvmArgs,
      Duration limit) {
    public Options {
      if (budgetBytes < 1 << 20 || factor < 1) {
        throw new IllegalArgumentException("bench edge-memory: the budget must be at least 1 "
            + "MiB and the factor at least 1");
      }
      if (limit.toSeconds() < 1) {
        throw new IllegalArgumentException("bench edge-memory: --limit must be at least 1 s, "
            + "not " + limit.toSeconds());
      }
      edgeJvmArgs = List.copyOf(edgeJvmArgs);
    }
  }

  /** What one run measured; sizes in bytes, -1 when a figure could not be read. */
  public record Result(Options options, long askedBytes, long objects, long failures,
      double seconds, long cacheBytes, long cacheEntries, long heapBytes, long directBytes,
      long residentBytes, long peakResidentBytes) {

    /** Heap and direct memory in use over the budget. */
    double heldOverBudget() {
      return (double) (heapBytes + directBytes) / options.budgetBytes();
    }
  }

  public static int execute(Options options, PrintStream out, PrintStream progress)
      throws Exception {
    Path jar = Path.of(EdgeMemoryBench.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    if (!jar.toString().endsWith(".jar")) {
      progress.println("bench edge-memory: the edge is forked from the runnable jar: run it as "
          + "java -jar launcher/target/cdn.jar bench edge-memory");
      return 2;
    }
    Result result = run(options, jar, progress);
    print(result, out);
    return result.failures() == 0 ? 0 : 1;
  }

  static Result run(Options options, Path jar, PrintStream progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    Buffer bytes = Buffer.buffer(randomBytes(options.seed()));
    HttpServer origin = null;
    RunningNetwork shield = null;
    try (BenchChildren children = new BenchChildren("edgecdn-bench-edge-memory-")) {
      origin = await(vertx.createHttpServer()
          .requestHandler(request -> answer(request, bytes))
          .listen(0, "127.0.0.1"), AWAIT);
      NetworkConfig demo = BenchNetwork.demoOnFreePorts(
          "edgecdn-bench-edge-memory-" + System.nanoTime(),
          URI.create("http://127.0.0.1:" + origin.actualPort()));
      NetworkConfig config = new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(),
          demo.accessLog(), new NetworkConfig.CacheSection(options.budgetBytes(), 1,
              demo.cache().maxObjectBytes()),
          demo.demoOrigin(), demo.dns(), demo.shields(), demo.pops(), demo.locations(),
          demo.sites(), demo.purge(), demo.domains());
      Path file = children.dir().resolve("network.yaml");
      Files.writeString(file, NetworkConfigWriter.yaml(config));
      progress.println("bench edge-memory: starting the shield here and forking the edge...");
      shield = await(RunningNetwork.start(vertx, new NodePlans(config),
          new Role.Shield(config.shields().get(0).name()), AccessLog.off()), AWAIT);
      NetworkConfig.PopSection pop = config.pops().get(0);
      HitsContenders.Contender edge = HitsContenders.forkEdge(children, "edge", jar,
          options.edgeJvmArgs(), file, pop.name(), pop.listen().host(), pop.listen().port(),
          pop.admin().port(), -1);
      String host = config.sites().get(0).domains().get(0);
      progress.printf(Locale.ROOT, "bench edge-memory: edge %s up (pid %d); asking %d MiB of "
              + "objects through it...%n", pop.name(), edge.process().pid(),
          options.factor() * options.budgetBytes() >> 20);
      Fill fill = fill(vertx, edge, host, options);
      settle(edge.process().pid());
      List<PrometheusText.Sample> metrics = PrometheusText.parse(HitsContenders.get(
          pop.admin().host(), pop.admin().port(), "/metrics", pop.admin().host(),
          REQUEST_TIMEOUT).body()).samples();
      String pid = Long.toString(edge.process().pid());
      Result result = new Result(options, fill.asked, fill.objects, fill.failures,
          fill.seconds, sum(metrics, "cdn_cache_bytes", null, null),
          sum(metrics, "cdn_cache_entries", null, null),
          sum(metrics, "jvm_memory_used_bytes", "area", "heap"),
          sum(metrics, "jvm_buffer_memory_used_bytes", "id", "direct"),
          StoreMemoryBench.statusBytes(pid, "VmRSS"),
          StoreMemoryBench.statusBytes(pid, "VmHWM"));
      children.stop(edge.process());
      return result;
    } finally {
      if (shield != null) {
        await(shield.close().recover(e -> Future.succeededFuture()), AWAIT);
      }
      if (origin != null) {
        await(origin.close(), AWAIT);
      }
      await(vertx.close(), Duration.ofSeconds(20));
    }
  }

  /** {@code /obj/<n>/<size>}: {@code size} bytes, cacheable for a day; anything else 404. */
  private static void answer(HttpServerRequest request, Buffer bytes) {
    String[] parts = request.path().split("/");
    int size = -1;
    if (parts.length == 4 && parts[1].equals("obj")) {
      try {
        size = Integer.parseInt(parts[3]);
      } catch (NumberFormatException notASize) {
        size = -1;
      }
    }
    if (size < 0 || size > bytes.length()) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.response()
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("Cache-Control", "public, max-age=86400")
        .putHeader("ETag", "\"" + parts[2] + "\"")
        .end(bytes.slice(0, size));
  }

  /** What the fill did. */
  private record Fill(long asked, long objects, long failures, double seconds) {}

  /**
   * Asks the edge for new objects, {@value #CONNECTIONS} at a time on keep-alive connections,
   * until the bytes asked reach the target or the limit passes.
   */
  private static Fill fill(Vertx vertx, HitsContenders.Contender edge, String host,
      Options options) throws Exception {
    long target = options.factor() * options.budgetBytes();
    Random sizes = new Random(options.seed());
    long started = System.nanoTime();
    long deadline = started + options.limit().toNanos();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost(edge.host()).setDefaultPort(edge.port()),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    long[] asked = {0};
    long[] objects = {0};
    long[] failures = {0};
    Promise<Void> done = Promise.promise();
    int[] inFlight = {0};
    // Every callback runs on the one context below, so the counters need no lock.
    Context context = vertx.getOrCreateContext();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      // A dead or refusing edge fails every request at once: stop rather than spin to the limit.
      while (inFlight[0] < CONNECTIONS && asked[0] < target && System.nanoTime() < deadline
          && failures[0] < MAX_FAILURES) {
        int size = StoreMemoryBench.objectSize(sizes);
        long id = objects[0]++;
        asked[0] += size;
        inFlight[0]++;
        http.request(new RequestOptions().setURI("/obj/" + id + "/" + size).setHost(host)
                .setPort(edge.port()).setServer(SocketAddress.inetSocketAddress(edge.port(), edge.host()))
                .setTimeout(REQUEST_TIMEOUT.toMillis()))
            .compose(request -> request.send().compose(response -> response.body()
                .map(body -> response.statusCode() == 200 && body.length() == size)))
            .onComplete(answered -> {
              inFlight[0]--;
              if (answered.failed() || !answered.result()) {
                failures[0]++;
              }
              next[0].run();
            });
      }
      if (inFlight[0] == 0) {
        done.tryComplete();
      }
    };
    context.runOnContext(v -> next[0].run());
    try {
      await(done.future(), options.limit().plus(REQUEST_TIMEOUT));
    } finally {
      await(http.close(), AWAIT);
    }
    return new Fill(asked[0], objects[0], failures[0], (System.nanoTime() - started) / 1e9);
  }

  /**
   * Collections in the edge's JVM ({@code jcmd <pid> GC.run}), with pauses that let the JDK's
   * cleaner free the direct memory of evicted bodies, as {@code bench store-memory} settles.
   */
  private static void settle(long pid) throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 3; i++) {
      try {
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(20, TimeUnit.SECONDS)) {
          gc.destroyForcibly();
        }
      } catch (IOException noJcmd) {
        return;
      }
      Thread.sleep(300);
    }
  }

  /** The sum of {@code name}'s samples whose label {@code label} is {@code value} (any, if null). */
  private static long sum(List<PrometheusText.Sample> samples, String name, String label,
      String value) {
    double total = 0;
    boolean found = false;
    for (PrometheusText.Sample s : samples) {
      if (s.name().equals(name) && (label == null || value.equals(s.labels().get(label)))) {
        total += s.value();
        found = true;
      }
    }
    return found ? (long) total : -1;
  }


  private static byte[] randomBytes(long seed) {
    byte[] bytes = new byte[LARGEST_OBJECT];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  public static void print(Result r, PrintStream out) {
    Options o = r.options();
    out.printf(Locale.ROOT, "bench edge-memory: a forked cdn edge (%s), cache budget %.1f MiB%n",
        String.join(" ", o.edgeJvmArgs()), o.budgetBytes() / 1048576.0);
    out.printf(Locale.ROOT, "  asked          %.1f MiB in %,d objects (each once, a miss) in "
            + "%.1f s, %d failed%n", r.askedBytes() / 1048576.0, r.objects(), r.seconds(),
        r.failures());
    out.printf(Locale.ROOT, "  cache          %.1f MiB (%.1f%% of budget), %,d entries%n",
        r.cacheBytes() / 1048576.0, 100.0 * r.cacheBytes() / o.budgetBytes(), r.cacheEntries());
    out.printf(Locale.ROOT, "  memory held    %.1f MiB heap (all of the edge's) + %.1f MiB direct "
            + "(bodies, Netty's buffers) = %.2f x budget, after collections%n", r.heapBytes() / 1048576.0,
        r.directBytes() / 1048576.0, r.heldOverBudget());
    out.printf(Locale.ROOT, "  resident set   %.1f MiB now, %.1f MiB at its peak (the whole "
            + "edge JVM: code, heap as sized, direct, cluster member)%n",
        r.residentBytes() / 1048576.0, r.peakResidentBytes() / 1048576.0);
  }
}
