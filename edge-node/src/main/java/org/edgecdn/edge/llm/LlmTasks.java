package org.edgecdn.edge.llm;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cluster.tasks.TaskStore;
import org.edgecdn.http.Site;
import org.edgecdn.http.forward.RouteHandler;
import org.edgecdn.http.forward.RoutedRequest;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.predictor.llm.LlmRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long LLM requests as tasks (issue 8: the 300-second wall). A serverless function or a
 * browser gives up on a request after a few minutes; a long generation may take longer. On a
 * route with {@code async: true}, or for any LLM request that says {@code Prefer:
 * respond-async} (RFC 7240 §4.1), the edge answers {@code 202 Accepted} at once with a task id
 * and {@code Location: /_cdn/tasks/{id}}, and runs the request itself.
 *
 * <h2>Where tasks live</h2>
 * In the cluster ({@link TaskStore}, a Hazelcast map with a backup), as JSON text, each for its
 * route's {@code task-ttl} (1 h by default) after its last change. So any edge answers {@code
 * GET /_cdn/tasks/{id}}, whichever accepted it. The id is 128 random bits: it is the only
 * capability needed to read the result, as the status URL of a personalized answer must be.
 * A task is read only through the host of its own site.
 *
 * <h2>Who runs them</h2>
 * The edge that accepted the task runs it (the state machine is in {@link LlmTask}). Every
 * write replaces the text the writer read, so two nodes never both move a task on. Every
 * {@value #SCAN_MILLIS} ms each edge checks the tasks whose primary copy its member holds; one
 * that is unfinished while its owner (a member's UUID, new each time a node joins) is no longer
 * in the cluster was lost with that node, and is taken over: run again, at most
 * {@value #MAX_ATTEMPTS} times in all. A node that restarts has a new owner id, so its old
 * tasks are taken over too, by itself or another. A partitioned owner is not "gone" for the
 * other side; both may run the task, and the first to finish wins.
 *
 * <h2>Results</h2>
 * A stored answer completes a task at once. Otherwise the provider's whole answer (at most
 * {@link LlmGateway#MAX_ANSWER_BYTES}) is kept in the task, and a shareable one also in the
 * answer cache, as a synchronous answer would be. On completion the route's webhook, if any, is
 * posted the task as {@code GET} shows it: once, with a {@value #WEBHOOK_TIMEOUT_MILLIS} ms
 * bound; a failure is logged, never retried.
 *
 * <h2>Without a cluster</h2>
 * A node whose member has not joined yet cannot keep tasks: it answers while the client waits
 * (RFC 7240 lets a server ignore a preference), which is what the client would have had
 * without tasks.
 */
final class LlmTasks implements RouteHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LlmTasks.class);

  static final int MAX_ATTEMPTS = 3;
  static final long SCAN_MILLIS = 1_000;
  static final long WEBHOOK_TIMEOUT_MILLIS = 10_000;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Runs a task's request against the provider; fails when there is no whole answer. */
  interface Provider {
    Future<LlmTask.Result> answer(LlmTask task);
  }

  private final Vertx vertx;
  private final TaskStore store;
  private final HttpClient client;
  private final CacheClock clock;
  private final LlmMetrics metrics;
  private final String node;
  private final Provider provider;
  private final Function<LlmTask, Optional<LlmRoute>> routes;
  private final AtomicBoolean scanning = new AtomicBoolean();
  private volatile long timer = -1;

  /**
   * @param node this node's name, shown in a task's status
   * @param routes the route a task belongs to on this node; a task without one here is left to
   *     the nodes that serve its site
   */
  LlmTasks(Vertx vertx, TaskStore store, HttpClient client, CacheClock clock, LlmMetrics metrics,
      String node, Provider provider, Function<LlmTask, Optional<LlmRoute>> routes) {
    this.vertx = vertx;
    this.store = store;
    this.client = client;
    this.clock = clock;
    this.metrics = metrics;
    this.node = node;
    this.provider = provider;
    this.routes = routes;
  }

  /** Whether requests can become tasks now. */
  boolean available() {
    return store.available();
  }

  /** Starts looking for orphaned tasks. */
  void start() {
    timer = vertx.setPeriodic(SCAN_MILLIS, id -> scan());
  }

  void close() {
    vertx.cancelTimer(timer);
  }

  /**
   * Makes the request a task, answers {@code 202}, and runs it; with {@code stored}, the task is
   * done at once with that answer.
   */
  void accept(RoutedRequest routed, LlmRoute route, LlmTask.Request request,
      Optional<String> cacheKey, Optional<String> model, Optional<LlmTask.Result> stored,
      boolean preferenceApplied) {
    Optional<String> owner = store.self();
    if (owner.isEmpty()) {
      routed.upstreamFailed(503, "tasks-unavailable", "tasks are kept in the cluster, which "
          + "this node has left");
      return;
    }
    long now = clock.millis();
    LlmTask accepted = LlmTask.accepted(newId(), routed.site().name(), routed.host(),
        route.path(), request, cacheKey, model, owner.get(), node, now, route.taskTtl());
    LlmTask first = stored.map(answer -> accepted.complete(answer, now)).orElse(accepted);
    String json = first.toJson();
    store.create(first.id(), json, first.ttl()).onComplete(created -> {
      if (created.failed() || !created.result()) {
        LOG.warn("task for site {} not accepted: {}", first.site(), created.failed()
            ? created.cause().getMessage() : "id taken");
        routed.upstreamFailed(503, "tasks-unavailable", "the task could not be kept in the "
            + "cluster");
        return;
      }
      metrics.task(first.site(), "accepted");
      answerAccepted(routed, first, preferenceApplied);
      if (first.state().finished()) {
        finished(first);
      } else {
        LlmTask running = first.start(clock.millis());
        write(first, json, running).onSuccess(ok -> {
          if (ok) {
            execute(running, running.toJson());
          }
        });
      }
    });
  }

  private void answerAccepted(RoutedRequest routed, LlmTask task, boolean preferenceApplied) {
    HttpServerResponse response = routed.request().response();
    if (response.closed()) {
      return;
    }
    response.headers()
        .set("Content-Type", "application/json")
        .set("Cache-Control", "no-store")
        .set("Location", LlmTask.statusPath(task.id()));
    if (preferenceApplied) {
      response.headers().set("Preference-Applied", "respond-async");
    }
    routed.member().detail("async");
    routed.addViaAndStatus(response.headers());
    response.setStatusCode(202).end(task.publicJson().encode());
  }

  /** Runs {@code running} (whose stored text is {@code json}) and records how it ended. */
  private void execute(LlmTask running, String json) {
    provider.answer(running).onComplete(answer -> {
      long now = clock.millis();
      LlmTask next = answer.succeeded() ? running.complete(answer.result(), now)
          : running.fail(answer.cause().getMessage(), now);
      write(running, json, next).onSuccess(ok -> {
        if (ok) {
          finished(next);
        } else {
          LOG.info("task {} changed while this node ran it (taken over?): its result is "
              + "dropped here", running.id());
        }
      });
    });
  }

  /** Replaces {@code from} (stored as {@code json}) with {@code to}; false when it changed. */
  private Future<Boolean> write(LlmTask from, String json, LlmTask to) {
    return store.replace(from.id(), json, to.toJson(), to.ttl()).onFailure(error ->
        LOG.warn("task {} could not move from {} to {}: {}", from.id(),
            from.state().wireName(), to.state().wireName(), error.getMessage()));
  }

  private void finished(LlmTask task) {
    metrics.task(task.site(), task.state() == LlmTask.State.DONE ? "done" : "failed");
    routes.apply(task).flatMap(LlmRoute::webhook).ifPresent(url -> notify(url, task));
  }

  /** Posts the finished task to the route's webhook, once. */
  private void notify(URI url, LlmTask task) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(url.toString())
        .setConnectTimeout(WEBHOOK_TIMEOUT_MILLIS)
        .setIdleTimeout(WEBHOOK_TIMEOUT_MILLIS)
        .putHeader("Content-Type", "application/json");
    client.request(options)
        .compose(request -> request.send(task.publicJson().toBuffer()))
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("task {}: webhook {} failed: {}", task.id(), url, done.cause().getMessage());
          } else if (done.result() >= 300) {
            LOG.warn("task {}: webhook {} answered {}", task.id(), url, done.result());
          }
        });
  }

  /** Takes over the unfinished tasks whose owners have left the cluster. */
  void scan() {
    Optional<String> self = store.self();
    if (self.isEmpty() || !scanning.compareAndSet(false, true)) {
      return;
    }
    store.scan().onComplete(scan -> {
      scanning.set(false);
      if (scan.failed()) {
        LOG.debug("task scan failed: {}", scan.cause().getMessage());
        return;
      }
      for (String json : scan.result().tasks()) {
        LlmTask task;
        try {
          task = LlmTask.fromJson(json);
        } catch (IllegalArgumentException e) {
          LOG.warn("tasks: skipping an unreadable entry: {}", e.getMessage());
          continue;
        }
        if (task.orphaned(scan.result().liveOwners()) && routes.apply(task).isPresent()) {
          takeOver(task, json, self.get());
        }
      }
    });
  }

  private void takeOver(LlmTask orphan, String json, String self) {
    LlmTask next = orphan.takeOver(self, node, clock.millis(), MAX_ATTEMPTS);
    write(orphan, json, next).onSuccess(ok -> {
      if (!ok) {
        return;
      }
      if (next.state().finished()) {
        finished(next);
      } else {
        LOG.info("task {} of site {}: its node {} left the cluster; running it again here "
            + "(attempt {})", next.id(), next.site(), orphan.node(), next.attempts());
        metrics.task(next.site(), "retried");
        execute(next, next.toJson());
      }
    });
  }

  // ---- GET /_cdn/tasks/{id} ----

  @Override
  public boolean handles(Site site, HttpMethod method, String path) {
    return (method == HttpMethod.GET || method == HttpMethod.HEAD)
        && path.startsWith(LlmTask.STATUS_PREFIX);
  }

  @Override
  public void handle(RoutedRequest routed) {
    routed.phase(CachePhase.PASS);
    routed.member().detail("task");
    String id = routed.request().path().substring(LlmTask.STATUS_PREFIX.length());
    if (!ID.matcher(id).matches()) {
      answer(routed, 404, new JsonObject().put("error", "no such task"));
      return;
    }
    if (!store.available()) {
      routed.upstreamFailed(503, "tasks-unavailable", "tasks are kept in the cluster, which "
          + "this node has not joined");
      return;
    }
    store.get(id).onComplete(found -> {
      if (found.failed()) {
        routed.upstreamFailed(503, "tasks-unavailable", "the cluster could not be asked: "
            + found.cause().getMessage());
        return;
      }
      Optional<LlmTask> task = found.result().map(LlmTask::fromJson)
          // A task is read through its own site only.
          .filter(t -> t.site().equals(routed.site().name()));
      if (task.isEmpty()) {
        answer(routed, 404, new JsonObject().put("error", "no such task"));
      } else {
        if (!task.get().state().finished()) {
          routed.request().response().headers().set("Retry-After", "1");
        }
        answer(routed, 200, task.get().publicJson());
      }
    });
  }

  private static void answer(RoutedRequest routed, int status, JsonObject body) {
    HttpServerResponse response = routed.request().response();
    if (response.closed()) {
      return;
    }
    response.headers().set("Content-Type", "application/json").set("Cache-Control", "no-store");
    routed.addViaAndStatus(response.headers());
    response.setStatusCode(status).end(body.toBuffer());
  }

  private static String newId() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }
}
