package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.HdrHistogram.Histogram;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigWriter;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;

/**
 * Purge latency and correctness on a live cluster: starts its own network (3 edges and a shield
 * on free ports, its own cluster name, an origin that versions every object), warms a working
 * set on every edge, keeps the edges serving it, and sends purges through the edges' JSON API
 * at a fixed rate. For each purge it measures, per node, the time from acceptance to applied
 * (the node's acknowledgement), and once the purge reports complete it asks every edge for the
 * object: an answer older than the version the purge was for counts as lost.
 *
 * <p>Before each purge the origin's version of the object is raised, as a deploy would, so a
 * stale answer is visible in the body.
 */
public final class PurgeBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofSeconds(60);

  private PurgeBench() {}

  /** What to run. */
  public record Options(int purges, double perSecond, int objects, long seed, Duration limit,
      boolean faults) {}

  /** The figures of one run. */
  public record Result(int purges, int accepted, int completed, Histogram appliedMillis,
      int checks, int lost, int nodes, double seconds, long backgroundRequests,
      List<String> faultReport) {}

  public static Result run(Options options, PrintStream progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return new Run(vertx, options, progress).execute();
    } finally {
      await(vertx.close(), Duration.ofSeconds(20));
    }
  }

  public static void print(Result r, PrintStream out) {
    Histogram h = r.appliedMillis();
    out.printf(Locale.ROOT, "purge: %d purges (%d accepted, %d complete) on %d nodes in %.1f s, "
            + "applied per node p50=%d ms p99=%d ms max=%d ms, lost=%d (%d checks), "
            + "%d background requests%n",
        r.purges(), r.accepted(), r.completed(), r.nodes(), r.seconds(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(), r.lost(),
        r.checks(), r.backgroundRequests());
    r.faultReport().forEach(out::println);
  }

  private static final class Run {
    private final Vertx vertx;
    private final Options options;
    private final PrintStream progress;
    private final Random random;
    private final AtomicIntegerArray versions;
    private final HttpClient http;
    private final Histogram applied = new Histogram(60_000, 3);
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger background = new AtomicInteger();
    private NetworkConfig config;
    private ForkedEdge forked;
    /** Edges a fault has taken away: purge checks skip them. */
    private final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    private String host;
    private String token;

    Run(Vertx vertx, Options options, PrintStream progress) {
      this.vertx = vertx;
      this.options = options;
      this.progress = progress;
      this.random = new Random(options.seed());
      this.versions = new AtomicIntegerArray(options.objects());
      this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(32));
    }

    Result execute() throws Exception {
      long started = System.nanoTime();
      HttpServer origin = await(vertx.createHttpServer().requestHandler(request -> {
        int object = Integer.parseInt(request.path().substring("/obj/".length()));
        int version = versions.get(object);
        request.response()
            .putHeader("Cache-Control", "public, max-age=3600")
            .putHeader("ETag", "\"" + object + "-" + version + "\"")
            .end("object " + object + " version " + version);
      }).listen(0, "127.0.0.1"), AWAIT);
      config = BenchNetwork.demoOnFreePorts("edgecdn-bench-" + System.nanoTime(),
          URI.create("http://127.0.0.1:" + origin.actualPort()));
      host = config.sites().get(0).domains().get(0);
      token = config.sites().get(0).purgeTokens().get(0).token();
      progress.println("purge bench: starting 3 edges and a shield on free ports...");
      NodePlans plans = new NodePlans(config);
      // With faults, each node runs on its own, so one can be killed and started again.
      List<RunningNetwork> parts = new ArrayList<>();
      if (options.faults()) {
        parts.add(await(RunningNetwork.start(vertx, plans, new Role.Shield("shield"),
            AccessLog.off()), AWAIT));
        // The last edge runs as a process of its own, so it can be killed for real.
        List<NetworkConfig.PopSection> pops = config.pops();
        for (NetworkConfig.PopSection pop : pops.subList(0, pops.size() - 1)) {
          parts.add(await(RunningNetwork.start(vertx, plans, new Role.Edge(pop.name()),
              AccessLog.off()), AWAIT));
        }
        forked = new ForkedEdge(config, pops.get(pops.size() - 1).name());
        forked.start();
      } else {
        parts.add(await(RunningNetwork.start(vertx, plans, new Role.WholeNetwork(),
            AccessLog.off()), AWAIT));
      }
      try {
        awaitTrusted();
        warm();
        progress.printf(Locale.ROOT, "purge bench: %d objects warm on %d edges; %d purges at "
            + "%.0f/s...%n", options.objects(), config.pops().size(), options.purges(),
            options.perSecond());
        AtomicBoolean loadOn = new AtomicBoolean(true);
        long timer = vertx.setPeriodic(4, id -> {
          if (loadOn.get()) {
            get(randomEdge(), random.nextInt(options.objects()))
                .onComplete(r -> background.incrementAndGet());
          }
        });
        List<Future<Void>> purges = new ArrayList<>();
        long intervalNanos = (long) (1e9 / options.perSecond());
        long deadline = started + options.limit().toNanos();
        long firstDue = System.nanoTime();
        for (int i = 0; i < options.purges() && System.nanoTime() < deadline; i++) {
          // Open model: purge i leaves at its scheduled time, whatever earlier ones are doing.
          long due = firstDue + i * intervalNanos;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          purges.add(purgeOne(random.nextInt(options.objects())));
        }
        Future.join(purges).toCompletionStage().toCompletableFuture()
            .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000) + 10_000,
                TimeUnit.MILLISECONDS);
        Histogram mainApplied;
        synchronized (applied) {
          mainApplied = applied.copy();
        }
        int mainAccepted = accepted.get();
        int mainCompleted = completed.get();
        int mainChecks = checks.get();
        int mainLost = lost.get();
        double mainSeconds = (System.nanoTime() - started) / 1e9;
        List<String> faultReport = options.faults()
            ? new Faults(this, plans, parts).run() : List.of();
        loadOn.set(false);
        vertx.cancelTimer(timer);
        return new Result(options.purges(), mainAccepted, mainCompleted, mainApplied,
            mainChecks, mainLost, config.pops().size() + config.shields().size(),
            mainSeconds, background.get(), faultReport);
      } finally {
        if (forked != null) {
          forked.kill();
        }
        for (RunningNetwork part : parts) {
          await(part.close().recover(e -> Future.succeededFuture()), AWAIT);
        }
        await(origin.close(), AWAIT);
      }
    }

    private HostPort randomEdge() {
      return config.pops().get(random.nextInt(config.pops().size())).listen();
    }

    private void awaitTrusted() throws Exception {
      for (NetworkConfig.PopSection pop : config.pops()) {
        awaitTrusted(pop);
      }
    }

    private void awaitTrusted(NetworkConfig.PopSection only) throws Exception {
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      for (NetworkConfig.PopSection pop : List.of(only)) {
        while (true) {
          JsonObject health = await(call(HttpMethod.GET, pop.admin(), "/healthz", null, null)
              .map(answer -> answer.body().toJsonObject())
              .recover(error -> Future.succeededFuture(new JsonObject())), AWAIT);
          if (health.getBoolean("cache_trusted", false)) {
            break;
          }
          if (System.nanoTime() > until) {
            throw new IllegalStateException(pop.name() + " never caught up: " + health);
          }
          Thread.sleep(50);
        }
      }
    }

    private void warm() throws Exception {
      List<Future<?>> all = new ArrayList<>();
      for (NetworkConfig.PopSection pop : config.pops()) {
        for (int object = 0; object < options.objects(); object++) {
          all.add(get(pop.listen(), object));
          if (all.size() >= 64) {
            await(Future.join(new ArrayList<>(all)), AWAIT);
            all.clear();
          }
        }
      }
      await(Future.join(all), AWAIT);
    }

    /** Deploys a new version of {@code object}, purges it, and checks every edge once done. */
    private Future<Void> purgeOne(int object) {
      int version = versions.incrementAndGet(object);
      // Purges go through edges a fault has not taken away, as an operator's would.
      List<NetworkConfig.PopSection> up = config.pops().stream()
          .filter(pop -> !unavailable.contains(pop.name())).toList();
      HostPort admin = up.get(random.nextInt(up.size())).admin();
      JsonObject body = new JsonObject().put("files",
          new JsonArray().add("http://" + host + "/obj/" + object));
      return call(HttpMethod.POST, admin, "/api/v1/purge", body.toBuffer(), token)
          .compose(answer -> {
            if (answer.status() != 202 && answer.status() != 200) {
              return Future.failedFuture("purge refused: " + answer.status() + " "
                  + answer.body());
            }
            accepted.incrementAndGet();
            String id = answer.body().toJsonObject().getJsonObject("result").getString("id");
            return untilComplete(admin, id, System.nanoTime() + 5_000_000_000L);
          })
          .compose(status -> {
            completed.incrementAndGet();
            for (Object node : status.getJsonArray("nodes")) {
              Long took = ((JsonObject) node).getLong("took_ms");
              if (took != null) {
                synchronized (applied) {
                  applied.recordValue(Math.min(took, applied.getHighestTrackableValue()));
                }
              }
            }
            List<Future<Void>> edgeChecks = new ArrayList<>();
            for (NetworkConfig.PopSection pop : config.pops()) {
              if (unavailable.contains(pop.name())) {
                continue;
              }
              edgeChecks.add(get(pop.listen(), object).map(text -> {
                checks.incrementAndGet();
                int served = Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
                if (served < version) {
                  lost.incrementAndGet();
                }
                return null;
              }));
            }
            return Future.join(edgeChecks).<Void>mapEmpty();
          })
          .recover(error -> {
            progress.println("purge bench: " + error.getMessage());
            return Future.succeededFuture();
          });
    }

    private Future<JsonObject> untilComplete(HostPort admin, String id, long deadline) {
      return call(HttpMethod.GET, admin, "/api/v1/purge/" + id, null, token).compose(answer -> {
        JsonObject status = answer.body().toJsonObject();
        if (status.getBoolean("complete", false)) {
          return Future.succeededFuture(status);
        }
        if (System.nanoTime() > deadline) {
          return Future.failedFuture("purge " + id + " not complete in 5 s: " + status);
        }
        Promise<JsonObject> later = Promise.promise();
        vertx.setTimer(5, t -> untilComplete(admin, id, deadline).onComplete(later));
        return later.future();
      });
    }

    private Future<String> get(HostPort edge, int object) {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
          .setHost(edge.host()).setPort(edge.port()).setURI("/obj/" + object)
          .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", host));
      // Nested, not chained: body handlers must be set as the response arrives (vert.x#5825).
      return http.request(request).compose(req -> req.send().compose(resp ->
          resp.body().map(Buffer::toString)));
    }

    record Answer(int status, Buffer body) {}

    private Future<Answer> call(HttpMethod method, HostPort at, String path, Buffer body,
        String bearer) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      if (bearer != null) {
        headers.add("Authorization", "Bearer " + bearer);
      }
      if (body != null) {
        headers.add("Content-Type", "application/json");
      }
      RequestOptions request = new RequestOptions().setMethod(method).setHost(at.host())
          .setPort(at.port()).setURI(path).setHeaders(headers);
      return http.request(request).compose(req -> (body == null ? req.send() : req.send(body))
          .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b))));
    }

    /** Version {@code object} is served at by {@code edge}, or -1 if it did not answer. */
    private int servedVersion(HostPort edge, int object) {
      try {
        String text = await(get(edge, object), AWAIT);
        return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
      } catch (Exception e) {
        return -1;
      }
    }

    /** Objects {@code pop} serves older than the origin's current version. */
    private int staleOn(NetworkConfig.PopSection pop) {
      int stale = 0;
      for (int object = 0; object < options.objects(); object++) {
        if (servedVersion(pop.listen(), object) < versions.get(object)) {
          stale++;
        }
      }
      return stale;
    }

    /** One edge as a JVM of its own ({@code cdn edge}), started from this jar. */
    private final class ForkedEdge {
      private final Path configFile;
      private final String name;
      private Process process;

      ForkedEdge(NetworkConfig network, String name) throws IOException {
        this.name = name;
        this.configFile = Files.createTempFile("edgecdn-bench-", ".yaml");
        configFile.toFile().deleteOnExit();
        Files.writeString(configFile,
            NetworkConfigWriter.yaml(network));
      }

      void start() throws Exception {
        Path jar = Path.of(PurgeBench.class.getProtectionDomain()
            .getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
          throw new IllegalStateException("--faults forks `cdn edge` from the runnable jar: "
              + "run it as ./cdn bench purge --faults");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java")
            .toString();
        process = new ProcessBuilder(javaBin, "-Xmx256m", "-jar", jar.toString(), "edge",
            "--config", configFile.toString(), "--name", name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        NetworkConfig.PopSection pop = config.pops().stream()
            .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        awaitTrusted(pop);
      }

      long pid() {
        return process == null ? -1 : process.pid();
      }

      /** SIGKILL: no shutdown hook runs, the member vanishes without a goodbye. */
      void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }

    /**
     * The fault phases: an edge killed and restarted during a purge storm, then an edge cut
     * off from the cluster for 20 s while it keeps serving.
     */
    private final class Faults {
      private final NodePlans plans;
      private final List<RunningNetwork> parts;

      Faults(Run run, NodePlans plans, List<RunningNetwork> parts) {
        this.plans = plans;
        this.parts = parts;
      }

      List<String> run() throws Exception {
        List<String> report = new ArrayList<>();
        report.add(killAndRestart());
        report.add(cutOff());
        return report;
      }

      private String killAndRestart() throws Exception {
        NetworkConfig.PopSection victim = config.pops().get(config.pops().size() - 1);
        int storm = 500;
        progress.printf(Locale.ROOT, "purge bench: killing %s (pid %d, SIGKILL) during %d "
            + "purges...%n", victim.name(), forked.pid(), storm);
        long interval = (long) (1e9 / options.perSecond());
        List<Future<Void>> purges = new ArrayList<>();
        long first = System.nanoTime();
        for (int i = 0; i < storm; i++) {
          long wait = first + i * interval - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          if (i == storm / 4) {
            unavailable.add(victim.name());
            forked.kill();
          } else if (i == storm / 2) {
            forked.start();
            unavailable.remove(victim.name());
          }
          purges.add(purgeOne(random.nextInt(options.objects())));
        }
        await(Future.join(purges).recover(e -> Future.succeededFuture()), AWAIT);
        awaitTrusted(victim);
        int stale = staleOn(victim);
        return String.format(Locale.ROOT, "faults: %s killed (SIGKILL to its JVM) and "
            + "restarted during %d purges: %d of %d objects served stale after its restart",
            victim.name(), storm, stale, options.objects());
      }

      private String cutOff() throws Exception {
        NetworkConfig.PopSection victim = config.pops().get(1);
        RunningNetwork part = parts.get(2);
        progress.printf(Locale.ROOT, "purge bench: cutting %s off the cluster for 20 s...%n",
            victim.name());
        unavailable.add(victim.name());
        await(part.cutFromCluster(victim.name()), AWAIT);
        long cutAt = System.nanoTime();
        long interval = (long) (1e9 / Math.min(options.perSecond(), 20));
        int staleBeforeFailSafe = 0;
        int staleAfterFailSafe = 0;
        double lastStale = -1;
        int probes = 0;
        while (System.nanoTime() - cutAt < Duration.ofSeconds(20).toNanos()) {
          int object = random.nextInt(options.objects());
          await(purgeOne(object), AWAIT);
          probes++;
          int served = servedVersion(victim.listen(), object);
          double since = (System.nanoTime() - cutAt) / 1e9;
          if (served >= 0 && served < versions.get(object)) {
            lastStale = since;
            if (part.replica(victim.name()).distrustCache()) {
              staleAfterFailSafe++;
            } else {
              staleBeforeFailSafe++;
            }
          }
          TimeUnit.NANOSECONDS.sleep(interval);
        }
        await(part.rejoinCluster(victim.name()), AWAIT);
        awaitTrusted(victim);
        unavailable.remove(victim.name());
        int staleAfterRejoin = staleOn(victim);
        return String.format(Locale.ROOT, "faults: %s cut off the cluster for 20 s (%d purged "
            + "objects asked for): %d stale answers before it failed safe%s, %d after; after "
            + "rejoining %d of %d objects stale", victim.name(), probes, staleBeforeFailSafe,
            lastStale < 0 ? "" : String.format(Locale.ROOT, " (last %.1f s after the cut)",
                lastStale),
            staleAfterFailSafe, staleAfterRejoin, options.objects());
      }
    }

  }
}
