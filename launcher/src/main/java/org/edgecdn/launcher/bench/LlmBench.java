package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.demo.DemoOrigin;
import org.edgecdn.launcher.demo.DemoOriginOptions;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;
import org.edgecdn.launcher.run.StablePorts;
import org.edgecdn.loadtest.metrics.PrometheusText;

/**
 * {@code cdn bench llm}: the edge's LLM-answer cache against the demo's fake LLM, made to take
 * {@code delay} per answer, on a network of its own (free ports, own cluster name).
 *
 * <ol>
 *   <li><b>Mix.</b> {@code requests} chat requests at temperature 0 through edge eu, of which a
 *       share {@code repeat} asks a question asked before (seeded): the share answered from the
 *       edge, p50/p99 latency of hits and of misses, and the tokens saved as the edge counts
 *       them ({@code cdn_llm_tokens_saved_total}).
 *   <li><b>Leakage.</b> {@code leakRequests} requests from {@code users} users, each naming
 *       itself in {@code user}, over a few shared questions. The fake LLM's answer id is a
 *       digest of the whole request, {@code user} included, so an answer served to the wrong
 *       user is recognised by its id: every answer whose id was first seen with another user
 *       is a leak. The run passes only with none.
 * </ol>
 */
public final class LlmBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofMinutes(10);

  private static final String CHAT = "/v1/chat/completions";

  /** What to run. */
  public record Options(int requests, double repeat, int leakRequests, int users, int questions,
      int concurrency, Duration delay, long seed) {}

  /** What was measured. */
  public record Result(int requests, long hits, double p50HitMs, double p99HitMs,
      double p50MissMs, double p99MissMs, double tokensSaved, int leakRequests, int users,
      long leakHits, long leaks, long errors) {}

  private LlmBench() {}

  public static Result run(Options options, PrintStream progress) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DemoOrigin origin = await(DemoOrigin.start(vertx, DemoOriginOptions
          .defaults("127.0.0.1", StablePorts.free("127.0.0.1").port())
          .withChatDelay(options.delay())), AWAIT);
      NetworkConfig config = BenchNetwork.demoOnFreePorts("edgecdn-llm-" + System.nanoTime(),
          URI.create("http://127.0.0.1:" + origin.port()));
      progress.println("llm bench: starting a network on free ports, fake LLM answering in "
          + options.delay().toMillis() + " ms...");
      RunningNetwork network = await(RunningNetwork.start(vertx, new NodePlans(config),
          new Role.WholeNetwork(), AccessLog.off()), AWAIT);
      try {
        NetworkConfig.PopSection eu = config.pops().stream()
            .filter(p -> p.name().equals("eu")).findFirst().orElseThrow();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(options.concurrency()));
        String host = config.sites().get(0).domains().get(0);
        return measure(vertx, http, eu, host, options, progress);
      } finally {
        await(network.close(), AWAIT);
        await(origin.close(), AWAIT);
      }
    } finally {
      await(vertx.close(), AWAIT);
    }
  }

  private static Result measure(Vertx vertx, HttpClient http, NetworkConfig.PopSection eu,
      String host, Options options, PrintStream progress) throws Exception {
    SplittableRandom random = new SplittableRandom(options.seed());
    progress.printf(Locale.ROOT, "llm bench: %d requests, %.0f%% repeated questions...%n",
        options.requests(), options.repeat() * 100);
    double tokensBefore = tokensSaved(http, eu.admin());
    Histogram hitMicros = new Histogram(3_600_000_000L, 3);
    Histogram missMicros = new Histogram(3_600_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    List<String> bodies = new ArrayList<>();
    int asked = 0;
    for (int i = 0; i < options.requests(); i++) {
      if (asked > 0 && random.nextDouble() < options.repeat()) {
        bodies.add(question(random.nextInt(asked), null));
      } else {
        bodies.add(question(asked++, null));
      }
    }
    runAll(bodies, options.concurrency(), body -> send(http, eu.listen(), host, body)
        .onSuccess(answer -> (answer.hit() ? hitMicros : missMicros)
            .recordValue(Math.max(1, answer.micros())))
        .onFailure(e -> errors.incrementAndGet()).mapEmpty());
    double tokens = tokensSaved(http, eu.admin()) - tokensBefore;

    progress.printf(Locale.ROOT, "llm bench: leakage check, %d requests from %d users...%n",
        options.leakRequests(), options.users());
    Map<String, String> firstUserOfId = new ConcurrentHashMap<>();
    AtomicLong leaks = new AtomicLong();
    AtomicLong leakHits = new AtomicLong();
    List<String> personal = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < options.leakRequests(); i++) {
      String user = "user-" + random.nextInt(options.users());
      owners.add(user);
      personal.add(question(1_000_000 + random.nextInt(options.questions()), user));
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < personal.size(); i++) {
      indexes.add(i);
    }
    runAll(indexes, options.concurrency(), i -> send(http, eu.listen(), host, personal.get(i))
        .onSuccess(answer -> {
          if (answer.hit()) {
            leakHits.incrementAndGet();
          }
          String owner = firstUserOfId.putIfAbsent(answer.id(), owners.get(i));
          if (owner != null && !owner.equals(owners.get(i))) {
            leaks.incrementAndGet();
          }
        })
        .onFailure(e -> errors.incrementAndGet()).mapEmpty());
    return new Result(options.requests(), hitMicros.getTotalCount(),
        ms(hitMicros, 50), ms(hitMicros, 99), ms(missMicros, 50), ms(missMicros, 99), tokens,
        options.leakRequests(), options.users(), leakHits.get(), leaks.get(), errors.get());
  }

  public static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "llm: mix of %d requests: %.1f%% answered from the edge (%d hits);"
            + " latency p50/p99 hits %.2f/%.2f ms, misses %.0f/%.0f ms; tokens saved %.0f%n",
        r.requests(), 100.0 * r.hits() / r.requests(), r.hits(), r.p50HitMs(), r.p99HitMs(),
        r.p50MissMs(), r.p99MissMs(), r.tokensSaved());
    out.printf(Locale.ROOT, "llm: leakage: %d requests from %d users, %d answered from the edge"
            + " within a user, %d answers served across users; %d errors%n",
        r.leakRequests(), r.users(), r.leakHits(), r.leaks(), r.errors());
  }

  private record Answer(boolean hit, long micros, String id) {}

  private static Future<Answer> send(HttpClient http, HostPort edge, String host, String body) {
    long start = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(edge.host()).setPort(edge.port()).setURI(CHAT)
        .putHeader("Host", host).putHeader("Content-Type", "application/json")
        .setTimeout(60_000);
    return http.request(options).compose(request -> request.send(Buffer.buffer(body))
        .compose(response -> response.body().map(b -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
          }
          String status = String.valueOf(response.getHeader("Cache-Status"));
          return new Answer(status.contains("edge-eu; hit"),
              TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start),
              new JsonObject(b).getString("id"));
        })));
  }

  /** Chat question {@code n}, at temperature 0, from {@code user} when not null. */
  static String question(int n, String user) {
    JsonObject body = new JsonObject().put("model", "demo-1").put("temperature", 0)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "Question " + n + ": what does the edge keep?")));
    if (user != null) {
      body.put("user", user);
    }
    return body.encode();
  }

  /** Runs {@code task} on every item, at most {@code concurrency} at a time, and waits. */
  private static <T> void runAll(List<T> items, int concurrency,
      java.util.function.Function<T, Future<Void>> task) throws Exception {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
    List<Future<Void>> all = new ArrayList<>();
    for (T item : items) {
      slots.acquire();
      all.add(task.apply(item).eventually(() -> {
        slots.release();
        return Future.succeededFuture();
      }).recover(e -> Future.succeededFuture()));
    }
    await(Future.join(all), AWAIT);
  }

  private static double tokensSaved(HttpClient http, HostPort admin) throws Exception {
    String text = await(http.request(new RequestOptions().setHost(admin.host())
            .setPort(admin.port()).setURI("/metrics"))
        .compose(request -> request.send().compose(response -> response.body())), AWAIT)
        .toString();
    return PrometheusText.parse(text).samples().stream()
        .filter(s -> s.name().equals("cdn_llm_tokens_saved_total"))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static double ms(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

}
