package org.edgecdn.edge.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.collapse.Collapser;
import org.edgecdn.cluster.tasks.TaskStore;
import org.edgecdn.http.BoundedBody;
import org.edgecdn.http.Site;
import org.edgecdn.http.forward.HopByHop;
import org.edgecdn.http.forward.RouteHandler;
import org.edgecdn.http.forward.RoutedRequest;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.predictor.llm.AnswerCheck;
import org.edgecdn.predictor.llm.LlmPolicy;
import org.edgecdn.predictor.llm.LlmPolicy.Decision;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.predictor.llm.SseTranscript;
import org.edgecdn.purge.PurgeGenerations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge as an LLM gateway: answers to a site's LLM routes are cached by their request body
 * when, and only when, {@link LlmPolicy} says they may be (DESIGN §7), and the provider key is
 * added here so the browser never holds it.
 *
 * <h2>Request path</h2>
 * <ol>
 *   <li>The body is read (at most {@value #MAX_REQUEST_BYTES} bytes; 413 beyond) and parsed. A
 *       body that is not a JSON object is forwarded as it is, uncached: the provider's error
 *       says more than ours would.
 *   <li>The policy decides: shared, per user (the key includes the identity), or bypass with a
 *       reason ({@code Cache-Status: ...; detail=personalized}).
 *   <li>Unless the client sent {@code Cache-Control: no-cache}, a stored answer that is neither
 *       expired nor covered by a purge (URL of the route, tags {@code llm-model:<model>} and
 *       {@code llm-route:<path>}, or the whole site) is replayed byte for byte: a stream keeps
 *       its event boundaries.
 *   <li>Otherwise one request goes to the provider; identical requests arriving meanwhile wait
 *       for it (collapsing) and are answered from what it stored, or go themselves if it stored
 *       nothing. The answer is relayed as it comes, with back-pressure, and copied aside (up to
 *       {@value #MAX_ANSWER_BYTES} bytes). It is stored only when complete: status 200, no
 *       {@code private}/{@code no-store}, a normal finish reason, and for a stream the final
 *       {@code [DONE]}. A broken stream is never stored.
 * </ol>
 *
 * <h2>What goes to the provider</h2>
 * The client's headers minus hop-by-hop fields, cookies (never: they would identify the user
 * and tell the provider nothing it needs) and its {@code Authorization} unless the site allows
 * pass-through; plus the site's key. Answers come straight from the provider, not through the
 * shield: each edge keeps its own answers.
 *
 * <h2>Long requests</h2>
 * On a route with {@code async: true}, or with {@code Prefer: respond-async}, the same decisions
 * are made, but the answer goes into a task read later from {@code /_cdn/tasks/{id}} on any
 * edge, rather than to the waiting client: see {@link LlmTasks}.
 */
public final class LlmGateway implements RouteHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LlmGateway.class);

  static final int MAX_REQUEST_BYTES = 1 << 20;
  static final int MAX_ANSWER_BYTES = 8 << 20;
  /** Generation may be slow; a stream that is silent this long has failed. */
  static final long IDLE_TIMEOUT_SECONDS = 120;
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "cookie", "content-length", "authorization");

  private final HttpClient client;
  private final Map<String, LlmSiteConfig> sites;
  private final PurgeGenerations generations;
  private final CacheClock clock;
  private final LlmMetrics metrics;
  private final Cache<String, StoredAnswer> answers;
  private final Map<String, Promise<Optional<StoredAnswer>>> inFlight =
      new ConcurrentHashMap<>();
  private final LlmTasks tasks;

  /**
   * @param sites LLM settings by site name; sites absent here have no LLM routes
   * @param maxBytes the byte budget of stored answers
   * @param taskStore where long requests' tasks are kept (the cluster)
   */
  public LlmGateway(Vertx vertx, HttpClient client, Map<String, LlmSiteConfig> sites,
      PurgeGenerations generations, CacheClock clock, MeterRegistry registry, String pop,
      long maxBytes, TaskStore taskStore) {
    this.client = client;
    this.sites = Map.copyOf(sites);
    this.generations = generations;
    this.clock = clock;
    this.metrics = new LlmMetrics(registry, pop);
    this.answers = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, StoredAnswer answer) -> answer.weight())
        .executor(Runnable::run)
        .build();
    this.tasks = new LlmTasks(vertx, taskStore, client, clock, metrics, "edge-" + pop,
        this::answerTask, task -> Optional.ofNullable(this.sites.get(task.site()))
            .flatMap(config -> config.policy().route(task.route())));
  }

  /**
   * Answers {@code GET /_cdn/tasks/{id}} for every site; add it to the node's routes with this
   * gateway.
   */
  public RouteHandler taskStatus() {
    return tasks;
  }

  /** Starts taking over the tasks of nodes that left the cluster. */
  public void start() {
    tasks.start();
  }

  public void close() {
    tasks.close();
  }

  @Override
  public boolean handles(Site site, HttpMethod method, String path) {
    if (method != HttpMethod.POST) {
      return false;
    }
    LlmSiteConfig config = sites.get(site.name());
    return config != null && config.policy().route(path).isPresent();
  }

  @Override
  public void handle(RoutedRequest routed) {
    // The traffic port answers Expect: 100-continue itself.
    BoundedBody.read(routed.request(), MAX_REQUEST_BYTES, false, body -> decide(routed, body),
        bytes -> routed.refuse(413, "too-large", "an LLM request body is at most "
            + MAX_REQUEST_BYTES + " bytes"),
        reason -> routed.refuse(400, "bad-length", reason));
  }


  private void decide(RoutedRequest routed, Buffer body) {
    HttpServerRequest request = routed.request();
    String site = routed.site().name();
    LlmSiteConfig config = sites.get(site);
    LlmRoute route = config.policy().route(request.path()).orElseThrow();
    boolean preferred = prefersAsync(request);
    Async async = new Async(route.async() || preferred, preferred);
    Map<String, Object> json;
    try {
      json = new JsonObject(body).getMap();
    } catch (DecodeException | ClassCastException e) {
      routed.phase(CachePhase.BYPASS);
      routed.member().forwarded("bypass").detail("not-json");
      uncached(routed, config, route, body, async);
      return;
    }
    boolean noStore = directive(request, "no-store");
    Decision decision = config.policy().decide(site, route, json, identity(request, config),
        noStore);
    if (decision instanceof Decision.Bypass bypass) {
      metrics.result(site, bypass.reason().metric());
      routed.phase(CachePhase.BYPASS);
      routed.member().forwarded("bypass").detail(bypass.reason().detail());
      uncached(routed, config, route, body, async);
      return;
    }
    String key = decision instanceof Decision.Shared shared ? shared.key()
        : ((Decision.PerUser) decision).key();
    String model = String.valueOf(json.get("model"));
    Keyed keyed = new Keyed(key, route, tags(model, route));
    boolean refresh = directive(request, "no-cache")
        || "no-cache".equalsIgnoreCase(request.getHeader("Pragma"));
    Optional<StoredAnswer> stored = refresh ? Optional.empty() : usable(key);
    if (async.wanted() && tasks.available()) {
      if (stored.isPresent()) {
        countHit(routed, stored.get());
      } else {
        metrics.result(site, "miss");
        routed.phase(CachePhase.MISS);
        routed.member().forwarded(refresh ? "request" : "miss").detail("async");
      }
      tasks.accept(routed, route, taskRequest(request, config, body), Optional.of(key),
          Optional.of(model), stored.map(a -> new LlmTask.Result(200, a.contentType(), a.body())),
          async.preferred());
      return;
    }
    if (stored.isPresent()) {
      serveHit(routed, stored.get());
      return;
    }
    miss(routed, config, body, keyed, refresh);
  }

  /** Sends an uncacheable request on: as a task when asked for one, else relayed. */
  private void uncached(RoutedRequest routed, LlmSiteConfig config, LlmRoute route, Buffer body,
      Async async) {
    if (async.wanted() && tasks.available()) {
      tasks.accept(routed, route, taskRequest(routed.request(), config, body), Optional.empty(),
          Optional.empty(), Optional.empty(), async.preferred());
    } else {
      fetch(routed, config, body, Optional.empty());
    }
  }

  /**
   * Whether the client asked for a task: {@code Prefer: respond-async} (RFC 7240 §4.1). On a
   * node without a cluster the preference is not applied and the client waits, as RFC 7240 §2
   * allows.
   */
  private static boolean prefersAsync(HttpServerRequest request) {
    for (String value : request.headers().getAll("Prefer")) {
      for (String part : value.split(",")) {
        if (part.strip().toLowerCase(Locale.ROOT).startsWith("respond-async")) {
          return true;
        }
      }
    }
    return false;
  }

  /** What a task sends to the provider: everything the edge would forward but the key. */
  private static LlmTask.Request taskRequest(HttpServerRequest request, LlmSiteConfig config,
      Buffer body) {
    MultiMap out = providerHeaders(request, config);
    // The preference was the edge's to apply; the provider is asked to answer while we wait.
    out.remove("Prefer");
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    for (String name : out.names()) {
      headers.put(name, out.getAll(name));
    }
    return new LlmTask.Request(request.uri(), headers, body);
  }

  private static Set<String> tags(String model, LlmRoute route) {
    return Set.of("llm-model:" + model, "llm-route:" + route.path());
  }

  /**
   * Runs a task's request: the provider's whole answer, stored in the answer cache as a
   * synchronous one would be when the task has a cache key.
   */
  private Future<LlmTask.Result> answerTask(LlmTask task) {
    LlmSiteConfig config = sites.get(task.site());
    Optional<LlmRoute> route = Optional.ofNullable(config)
        .flatMap(c -> c.policy().route(task.route()));
    if (route.isEmpty()) {
      return Future.failedFuture("this node has no LLM route " + task.route() + " for site "
          + task.site());
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    task.request().headers().forEach(out::add);
    addKey(out, config);
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(config.provider().resolve(task.request().uri()).toString())
        .setIdleTimeout(TimeUnit.SECONDS.toMillis(IDLE_TIMEOUT_SECONDS))
        .setHeaders(out);
    long fetchSeq = generations.appliedSeq();
    long sent = System.nanoTime();
    return client.request(options)
        .compose(request -> request.send(task.request().body()))
        .compose(upstream -> whole(upstream).map(body -> {
          String contentType = upstream.getHeader("Content-Type");
          task.cacheKey().ifPresent(key -> store(task.site(), task.host(), upstream.statusCode(),
              contentType, upstream.getHeader("Cache-Control"),
              new Keyed(key, route.get(), tags(task.model().orElse("null"), route.get())), body,
              fetchSeq, System.nanoTime() - sent));
          return new LlmTask.Result(upstream.statusCode(),
              contentType == null ? "application/json" : contentType, body);
        }));
  }

  /** The whole answer, or a failure when it breaks off or passes the stored-answer limit. */
  private static Future<Buffer> whole(HttpClientResponse upstream) {
    Promise<Buffer> whole = Promise.promise();
    Buffer copy = Buffer.buffer();
    upstream.handler(chunk -> {
      if (copy.length() + chunk.length() > MAX_ANSWER_BYTES) {
        whole.tryFail("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        upstream.request().reset();
      } else {
        copy.appendBuffer(chunk);
      }
    });
    upstream.exceptionHandler(error -> whole.tryFail("the answer broke off: "
        + error.getMessage()));
    upstream.endHandler(v -> whole.tryComplete(copy));
    return whole.future();
  }

  private void miss(RoutedRequest routed, LlmSiteConfig config, Buffer body, Keyed keyed,
      boolean refresh) {
    String site = routed.site().name();
    Promise<Optional<StoredAnswer>> mine = Promise.promise();
    Promise<Optional<StoredAnswer>> leader = refresh ? null : inFlight.putIfAbsent(keyed.key(),
        mine);
    if (leader != null) {
      // Another identical request is at the provider: wait for what it stores, on this
      // request's own event loop (the leader may be on another).
      Collapser.onCallersLoop(leader.future()).onComplete(done -> {
        Optional<StoredAnswer> stored = done.succeeded() ? done.result() : Optional.empty();
        if (stored.isPresent()) {
          routed.member().collapsed();
          serveHit(routed, stored.get());
        } else {
          miss(routed, config, body, keyed, true);
        }
      });
      return;
    }
    metrics.result(site, "miss");
    routed.phase(CachePhase.MISS);
    routed.member().forwarded(refresh ? "request" : "miss");
    fetch(routed, config, body, Optional.of(keyed)).onComplete(done -> {
      if (!refresh) {
        inFlight.remove(keyed.key(), mine);
      }
      mine.complete(done.succeeded() ? done.result() : Optional.empty());
    });
  }

  /** The stored answer under {@code key} if it is fresh and no purge covers it. */
  private Optional<StoredAnswer> usable(String key) {
    StoredAnswer stored = answers.getIfPresent(key);
    if (stored == null) {
      return Optional.empty();
    }
    if (clock.millis() >= stored.expiresAtMillis() || generations.distrustCache()
        || generations.check(stored.site(), stored.host(), stored.route(), stored.tags(),
            stored.purgeSeq()) != PurgeGenerations.Coverage.VALID) {
      answers.invalidate(key);
      return Optional.empty();
    }
    return Optional.of(stored);
  }

  private void serveHit(RoutedRequest routed, StoredAnswer stored) {
    countHit(routed, stored);
    long now = clock.millis();
    HttpServerResponse response = routed.request().response();
    if (response.closed()) {
      return;
    }
    MultiMap headers = response.headers();
    headers.set("Content-Type", stored.contentType());
    headers.set("Age", Long.toString(Math.max(0, (now - stored.storedAtMillis()) / 1000)));
    routed.addViaAndStatus(headers);
    response.setStatusCode(200).end(stored.body());
  }

  private void countHit(RoutedRequest routed, StoredAnswer stored) {
    String site = routed.site().name();
    metrics.result(site, "hit");
    metrics.saved(site, stored.tokens(), stored.originNanos());
    routed.phase(CachePhase.HIT);
    routed.member().hit(Math.max(0, (stored.expiresAtMillis() - clock.millis()) / 1000))
        .detail("llm");
  }

  /**
   * Sends the request to the provider and relays the answer; with {@code keyed}, also stores
   * it when complete. Completes with what was stored.
   */
  private Future<Optional<StoredAnswer>> fetch(RoutedRequest routed,
      LlmSiteConfig config, Buffer body, Optional<Keyed> keyed) {
    HttpServerRequest request = routed.request();
    HttpServerResponse response = request.response();
    Promise<Optional<StoredAnswer>> stored = Promise.promise();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(config.provider().resolve(request.uri()).toString())
        .setIdleTimeout(TimeUnit.SECONDS.toMillis(IDLE_TIMEOUT_SECONDS));
    MultiMap out = providerHeaders(request, config);
    addKey(out, config);
    options.setHeaders(out);
    long fetchSeq = generations.appliedSeq();
    long sent = System.nanoTime();
    client.request(options)
        .compose(upstream -> upstream.send(body))
        .onSuccess(upstream -> relay(routed, upstream, keyed, fetchSeq, sent, stored))
        .onFailure(error -> {
          LOG.debug("LLM provider {} failed for site {}: {}", config.provider(),
              routed.site().name(), error.getMessage());
          if (!response.closed() && !response.headWritten()) {
            routed.upstreamFailed(502, "provider-error", "the LLM provider "
                + config.provider().getHost() + " could not be reached: " + error.getMessage());
          }
          stored.tryComplete(Optional.empty());
        });
    return stored.future();
  }

  private void relay(RoutedRequest routed, HttpClientResponse upstream, Optional<Keyed> keyed,
      long fetchSeq, long sent, Promise<Optional<StoredAnswer>> stored) {
    HttpServerResponse response = routed.request().response();
    if (response.closed()) {
      upstream.request().reset();
      stored.tryComplete(Optional.empty());
      return;
    }
    routed.member().fwdStatus(upstream.statusCode());
    HopByHop.copy(upstream.headers(), response.headers(), Set.of("content-length"));
    routed.addViaAndStatus(response.headers());
    response.setStatusCode(upstream.statusCode()).setChunked(true);
    Buffer copy = keyed.isPresent() ? Buffer.buffer() : null;
    boolean[] overflow = {false};
    upstream.handler(chunk -> {
      if (copy != null && !overflow[0]) {
        if (copy.length() + chunk.length() > MAX_ANSWER_BYTES) {
          overflow[0] = true;
        } else {
          copy.appendBuffer(chunk);
        }
      }
      response.write(chunk);
      if (response.writeQueueFull()) {
        upstream.pause();
        response.drainHandler(v -> upstream.resume());
      }
    });
    response.closeHandler(v -> {
      if (!response.ended()) {
        upstream.request().reset();
        stored.tryComplete(Optional.empty());
      }
    });
    upstream.exceptionHandler(error -> {
      // A broken answer: the client sees the connection end, nothing is stored.
      response.reset();
      stored.tryComplete(Optional.empty());
    });
    upstream.endHandler(v -> {
      response.end();
      if (copy == null || overflow[0]) {
        stored.tryComplete(Optional.empty());
        return;
      }
      stored.tryComplete(store(routed.site().name(), routed.host(), upstream.statusCode(),
          upstream.getHeader("Content-Type"), upstream.getHeader("Cache-Control"), keyed.get(),
          copy, fetchSeq, System.nanoTime() - sent));
    });
  }

  private Optional<StoredAnswer> store(String site, String host, int status,
      String declaredType, String cacheControl, Keyed keyed, Buffer body, long fetchSeq,
      long originNanos) {
    String contentType = Optional.ofNullable(declaredType).orElse("application/json");
    boolean stream = contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    Answer answer = stream ? streamAnswer(body) : jsonAnswer(body);
    Optional<String> refusal = answer.complete()
        ? (answer.finishReasons() == null
            ? AnswerCheck.refusalWithoutChoices(status, cacheControl)
            : AnswerCheck.refusal(status, cacheControl, answer.finishReasons()))
        : Optional.of("the stream ended before [DONE]");
    if (refusal.isPresent()) {
      LOG.debug("LLM answer for site {} not stored: {}", site, refusal.get());
      return Optional.empty();
    }
    long now = clock.millis();
    StoredAnswer entry = new StoredAnswer(contentType, body, now,
        now + keyed.route().ttl().toMillis(), answer.tokens(), originNanos, fetchSeq,
        site, host, keyed.route().path(), keyed.tags());
    answers.put(keyed.key(), entry);
    return Optional.of(entry);
  }

  /** What the answer says about itself; {@code finishReasons} null when it has no choices. */
  private record Answer(boolean complete, List<String> finishReasons, long tokens) {}

  private static Answer jsonAnswer(Buffer body) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return new Answer(false, List.of(), 0);
    }
    JsonArray choices = json.getJsonArray("choices");
    List<String> reasons = null;
    if (choices != null) {
      reasons = new ArrayList<>();
      for (int i = 0; i < choices.size(); i++) {
        Object choice = choices.getValue(i);
        reasons.add(choice instanceof JsonObject c ? c.getString("finish_reason") : null);
      }
    }
    return new Answer(true, reasons, tokens(json));
  }

  private static Answer streamAnswer(Buffer body) {
    SseTranscript transcript = SseTranscript.read(body.toString(StandardCharsets.UTF_8));
    if (!transcript.complete()) {
      return new Answer(false, List.of(), 0);
    }
    List<String> reasons = new ArrayList<>();
    long tokens = 0;
    for (String data : transcript.data()) {
      if (data.strip().equals("[DONE]")) {
        continue;
      }
      JsonObject chunk;
      try {
        chunk = new JsonObject(data);
      } catch (DecodeException | ClassCastException e) {
        return new Answer(false, List.of(), 0);
      }
      JsonArray choices = chunk.getJsonArray("choices");
      for (int i = 0; choices != null && i < choices.size(); i++) {
        if (choices.getValue(i) instanceof JsonObject c && c.getString("finish_reason") != null) {
          reasons.add(c.getString("finish_reason"));
        }
      }
      tokens = Math.max(tokens, tokens(chunk));
    }
    return new Answer(true, reasons, tokens);
  }

  private static long tokens(JsonObject json) {
    JsonObject usage = json.getJsonObject("usage");
    Long total = usage == null ? null : usage.getLong("total_tokens");
    return total == null ? 0 : total;
  }

  /**
   * The client's headers as the provider gets them, without the provider's key: hop-by-hop
   * fields, cookies and (unless passed through) the client's {@code Authorization} removed.
   */
  private static MultiMap providerHeaders(HttpServerRequest request, LlmSiteConfig config) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copy(request.headers(), out, NOT_FORWARDED);
    if (config.passThroughClientKey() && request.getHeader("Authorization") != null) {
      out.set("Authorization", request.getHeader("Authorization"));
    }
    return out;
  }

  /** The site's provider key, unless the client's own is passed through. */
  private static void addKey(MultiMap out, LlmSiteConfig config) {
    if (!out.contains("Authorization")) {
      config.apiKey().ifPresent(key -> out.set("Authorization", "Bearer " + key));
    }
  }

  /**
   * Who the provider would see: the site's per-user headers, and a client credential that is
   * forwarded. Cookies are never forwarded, so they identify no one here.
   */
  private static Optional<String> identity(HttpServerRequest request, LlmSiteConfig config) {
    List<String> parts = new ArrayList<>();
    for (String header : config.policy().perUserHeaders()) {
      String value = request.getHeader(header);
      if (value != null) {
        parts.add("header:" + header + "=" + value);
      }
    }
    String authorization = request.getHeader("Authorization");
    if (config.passThroughClientKey() && authorization != null) {
      parts.add("authorization:" + authorization);
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", parts));
  }

  private static boolean directive(HttpServerRequest request, String directive) {
    for (String value : request.headers().getAll("Cache-Control")) {
      for (String part : value.split(",")) {
        if (part.strip().toLowerCase(Locale.ROOT).startsWith(directive)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A cacheable request: its key, route and purge tags. */
  private record Keyed(String key, LlmRoute route, Set<String> tags) {}

  /** Whether the client gets a task, and whether because it said {@code Prefer}. */
  private record Async(boolean wanted, boolean preferred) {}
}
