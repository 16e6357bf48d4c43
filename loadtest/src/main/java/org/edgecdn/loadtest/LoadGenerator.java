package org.edgecdn.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.edgecdn.loadtest.workload.Workload;

/**
 * The load generator: runs the streams of a {@link LoadOptions} against their targets and
 * reports what happened.
 *
 * <h2>Design</h2>
 *
 * <p><b>Instrument, not service.</b> It knows URLs, workloads and numbers; nothing of what it
 * measures. The same run is a benchmark of an edge, a shield, a plain origin or nginx.
 *
 * <p><b>Two models</b> [1]. The open model (a target arrival rate, as wrk2 does it) sends each
 * request at a fixed intended time whatever the target does and counts latency from that time,
 * so a stall that holds up later requests is charged to all of them: no coordinated omission
 * [2]. The closed model (N connections, each sending when its previous answer arrives) finds
 * peak throughput; its latency is service time only and flatters a target that stalls. Both are
 * implemented by {@link Lane}.
 *
 * <p><b>Lanes.</b> A stream runs on one or more event loops ("lanes"); each lane owns a share of
 * the connections and of the schedule, keeps its state unshared, and records into wait-free
 * counters and HdrHistogram recorders [3]. A reader folds interval histograms into totals once
 * a second for the live display, so recording never waits for reporting.
 *
 * <p><b>Bounded.</b> Every run has a duration (at most an hour), a cap on requests shared by all
 * streams, and a per-request timeout enforced by each lane's sweep; a safety timer a timeout
 * plus 5 s after the end cuts off anything left. So a run always stops by itself.
 *
 * <p><b>Faults.</b> A {@link Fault} fires on a timer at its moment: a signal sent with
 * {@code kill} on a worker pool of the faults' own (at most {@value #KILL_LIMIT_SECONDS} s), so
 * DNS lookups held up on the shared pool cannot delay it; or a request, whose status is the
 * outcome: its answer may take {@value #FAULT_ANSWER_MILLIS} ms or the run's timeout, whichever
 * is longer (an operator's stop answers once connections have drained), and its body is
 * dropped, cut off at the run's timeout. The main traffic's counts are taken
 * as it fires, so the report can split errors into before and after. A fault whose moment the
 * run does not reach (its request cap ran out first) is not done, and says so.
 *
 * <p><b>Following DNS.</b> A stream that follows its target's name has a
 * {@link SourceResolver} per source address, shared by its lanes: it asks the DNS again when
 * the answer's TTL expires (on a worker thread) and the lanes move new requests to the new
 * address. Each change is kept with its moment and the main traffic's counts then, so the
 * report can split errors at it as at a fault.
 *
 * <p>References: [1] B. Schroeder, A. Wierman, M. Harchol-Balter, "Open versus closed: a
 * cautionary tale", NSDI 2006. [2] G. Tene, "How NOT to measure latency" (2015), and wrk2's
 * README. [3] HdrHistogram's {@code Recorder}.
 */
public final class LoadGenerator {

  private static final long LEAD_NANOS = 20_000_000;
  private static final long PROGRESS_MILLIS = 1000;
  private static final long SAFETY_SLACK_MILLIS = 5000;
  static final long KILL_LIMIT_SECONDS = 5;
  /** How long a fault's request may wait for its answer, at least (the run's timeout if more). */
  static final long FAULT_ANSWER_MILLIS = 15_000;
  private static final AtomicLong RUNS = new AtomicLong();

  private LoadGenerator() {}

  /**
   * Runs on its own Vert.x instance (one event loop per lane) and blocks until the run is over;
   * the longest wait is the duration plus the timeout (or a fault request's longer wait for its
   * answer) plus a few seconds.
   */
  public static RunResult runBlocking(LoadOptions options, ProgressListener listener)
      throws InterruptedException {
    int loops = options.streams().stream().mapToInt(StreamOptions::lanes).sum();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, loops)));
    try {
      // A fault's request may wait for its answer, then for its body up to the timeout.
      long answers = options.faults().stream()
          .anyMatch(fault -> fault.action() instanceof Fault.Request)
          ? Math.max(options.timeout().toMillis(), FAULT_ANSWER_MILLIS)
              + options.timeout().toMillis()
          : options.timeout().toMillis();
      long limit = options.duration().toMillis() + answers + 2 * SAFETY_SLACK_MILLIS;
      return run(vertx, options, listener).toCompletionStage().toCompletableFuture()
          .get(limit, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the run did not stop in time", e);
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // The run's result stands; a slow close only delays the exit.
      }
    }
  }

  /** Runs on {@code vertx}; the future completes when the run is over. */
  public static Future<RunResult> run(Vertx vertx, LoadOptions options,
      ProgressListener listener) {
    return new Run(vertx, options, listener).execute();
  }

  /** One stream while it runs. */
  private record StreamRun(StreamOptions options, StreamStats stats, List<Lane> lanes,
      Workload workload, List<SourceResolver> resolvers) {}

  private static final class Run {
    private final Vertx vertx;
    private final LoadOptions options;
    private final ProgressListener listener;
    private final List<StreamRun> streams = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private final List<FaultResult> faults = new ArrayList<>();
    private HttpClient faultClient;
    /** Where {@code kill} runs: apart from the DNS lookups on Vert.x's shared worker pool. */
    private WorkerExecutor faultWorkers;
    private long start;
    private long lastProgress;
    private long lastAnswered;
    private volatile boolean aborted;

    Run(Vertx vertx, LoadOptions options, ProgressListener listener) {
      this.vertx = vertx;
      this.options = options;
      this.listener = listener;
    }

    Future<RunResult> execute() {
      AtomicLong budget = new AtomicLong(options.maxRequests());
      long timeoutNanos = options.timeout().toNanos();
      List<Future<String>> deploying = new ArrayList<>();
      for (StreamOptions stream : options.streams()) {
        Workload workload = stream.lanes() > 1
            ? new SerializedWorkload(stream.workload()) : stream.workload();
        StreamStats stats = new StreamStats();
        Map<String, SourceResolver> resolvers = resolvers(stream, stats, streams.isEmpty());
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < stream.lanes(); i++) {
          Lane lane = new Lane(stream, stats, workload, budget, i, timeoutNanos, resolvers);
          lanes.add(lane);
          deploying.add(vertx.deployVerticle(lane).onSuccess(deployments::add));
        }
        streams.add(new StreamRun(stream, stats, lanes, workload,
            List.copyOf(resolvers.values())));
      }
      Instant startedAt = Instant.now();
      return Future.all(deploying)
          .compose(deployed -> runLanes())
          .transform(ran -> undeployAll().transform(ignored -> ran.succeeded()
              ? Future.succeededFuture(result(startedAt))
              : Future.failedFuture(ran.cause())));
    }

    /** One resolver per source address of a stream that follows its name; else none. */
    private Map<String, SourceResolver> resolvers(StreamOptions stream, StreamStats stats,
        boolean main) {
      ReresolveOptions follow = stream.reresolve();
      Map<String, SourceResolver> resolvers = new LinkedHashMap<>();
      if (follow == null) {
        return resolvers;
      }
      SourceResolver.Scheduler timers = new SourceResolver.Scheduler() {
        @Override
        public long schedule(long delayMillis, Runnable task) {
          return vertx.setTimer(delayMillis, id -> task.run());
        }

        @Override
        public void cancel(long id) {
          vertx.cancelTimer(id);
        }
      };
      List<String> sources = stream.sources().isEmpty() ? List.of(StreamOptions.DEFAULT_SOURCE)
          : stream.sources();
      for (String source : sources.stream().distinct().toList()) {
        resolvers.put(source, new SourceResolver(stream.name(), source, stream.target().port(),
            follow, () -> DnsLookup.answer(vertx, follow.server(), follow.name(),
                source.isEmpty() ? null : source, follow.timeout()),
            timers, System::nanoTime, main ? stats::counts : null));
      }
      return resolvers;
    }

    private Future<?> runLanes() {
      start = System.nanoTime() + LEAD_NANOS;
      lastProgress = start;
      long end = start + options.duration().toNanos();
      List<Future<Void>> finished = new ArrayList<>();
      for (StreamRun stream : streams) {
        stream.resolvers().forEach(resolver -> resolver.start(start));
        for (Lane lane : stream.lanes()) {
          lane.beginOnLoop(start, end);
          finished.add(lane.finished());
        }
      }
      long progressTimer = vertx.setPeriodic(PROGRESS_MILLIS, id -> progress());
      long safetyTimer = vertx.setTimer(LEAD_NANOS / 1_000_000 + options.duration().toMillis()
          + options.timeout().toMillis() + SAFETY_SLACK_MILLIS, id -> abortAll());
      long signals = options.faults().stream()
          .filter(fault -> fault.action() instanceof Fault.Signal).count();
      if (signals > 0) {
        faultWorkers = vertx.createSharedWorkerExecutor("loadtest-faults-"
            + RUNS.incrementAndGet(), (int) Math.min(signals, 4));
      }
      List<Long> faultTimers = new ArrayList<>();
      List<Future<Void>> faultsDone = new ArrayList<>();
      for (Fault fault : options.faults()) {
        Promise<Void> done = Promise.promise();
        faultsDone.add(done.future());
        long delay = (start + fault.at().toNanos() - System.nanoTime()) / 1_000_000;
        faultTimers.add(vertx.setTimer(Math.max(1, delay), id -> fire(fault, done)));
      }
      return Future.all(finished).transform(ran -> {
        for (StreamRun stream : streams) {
          stream.resolvers().forEach(SourceResolver::stop);
        }
        vertx.cancelTimer(progressTimer);
        vertx.cancelTimer(safetyTimer);
        for (int i = 0; i < faultTimers.size(); i++) {
          if (vertx.cancelTimer(faultTimers.get(i))) {
            notDone(options.faults().get(i));
            faultsDone.set(i, Future.succeededFuture());
          }
        }
        // A fault under way is bounded (kill's limit, the request's timeout): let it finish.
        return Future.join(faultsDone).transform(ignored -> ran.succeeded()
            ? Future.succeededFuture() : Future.failedFuture(ran.cause()));
      });
    }

    private void fire(Fault fault, Promise<Void> done) {
      long now = System.nanoTime();
      Duration firedAt = Duration.ofNanos(Math.max(0, now - start));
      FaultResult.Counts before = streams.get(0).stats().counts();
      Future<String> outcome = fault.action() instanceof Fault.Signal signal
          ? faultWorkers.executeBlocking(() -> kill(signal), false)
          : send((Fault.Request) fault.action());
      outcome.onComplete(result -> {
        FaultResult fired = new FaultResult(fault, firedAt, result.succeeded(),
            result.succeeded() ? result.result() : "failed: " + result.cause().getMessage(),
            before);
        synchronized (this) {
          faults.add(fired);
        }
        listener.onFault(fired);
        done.complete();
      });
    }

    private synchronized void notDone(Fault fault) {
      faults.add(new FaultResult(fault, null, false, "not done: the run ended before it",
          null));
    }

    /** {@code kill -s SIGNAL PID}, on a worker thread; at most {@value #KILL_LIMIT_SECONDS} s. */
    private static String kill(Fault.Signal signal) throws Exception {
      Process kill = new ProcessBuilder("kill", "-s", signal.signal(),
          Long.toString(signal.pid())).redirectErrorStream(true).start();
      if (!kill.waitFor(KILL_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill did not finish within " + KILL_LIMIT_SECONDS
            + " s");
      }
      String said = new String(kill.getInputStream().readAllBytes()).strip();
      if (kill.exitValue() != 0) {
        throw new IllegalStateException("kill exit " + kill.exitValue()
            + (said.isEmpty() ? "" : ": " + said));
      }
      return "sent";
    }

    /**
     * Sends the fault's request: the outcome is the answer's status, its body is dropped, and
     * the whole exchange is bounded by the run's timeout. A body still coming then is cut off
     * (the outcome says so); no answer by then is a failure.
     */
    private Future<String> send(Fault.Request request) {
      long limit = options.timeout().toMillis();
      // An operator action may answer only when it is done (a stop, once open connections
      // have finished: up to 5 s), so its answer may take longer than a request of the
      // traffic; its body is cut off at the run's timeout.
      long answerLimit = Math.max(limit, FAULT_ANSWER_MILLIS);
      if (faultClient == null) {
        faultClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, limit)));
      }
      RequestOptions o = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
          .setAbsoluteURI(request.url().toString())
          .setIdleTimeout(answerLimit);
      request.headers().forEach(o::addHeader);
      Promise<String> outcome = Promise.promise();
      AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
      AtomicReference<String> status = new AtomicReference<>();
      AtomicLong deadline = new AtomicLong();
      Runnable cutOff = () -> {
        String head = status.get();
        if (head == null) {
          outcome.tryFail("no answer within " + Durations.format(Duration.ofMillis(answerLimit)));
        } else {
          outcome.tryComplete(head + ", body cut off after "
              + Durations.format(options.timeout()));
        }
        // After the outcome: resetting fails the exchange, which must not become it.
        HttpClientRequest req = sent.get();
        if (req != null) {
          req.reset();
        }
      };
      deadline.set(vertx.setTimer(Math.max(1, answerLimit), id -> cutOff.run()));
      // Nested, not chained: the response's handlers must be set as it arrives.
      faultClient.request(o).compose(req -> {
        sent.set(req);
        return req.send().compose(resp -> {
          status.set("HTTP " + resp.statusCode());
          if (vertx.cancelTimer(deadline.get())) {
            deadline.set(vertx.setTimer(Math.max(1, limit), id -> cutOff.run()));
          }
          resp.handler(dropped -> { });
          return resp.end().map(ended -> status.get());
        });
      }).onComplete(result -> {
        vertx.cancelTimer(deadline.get());
        if (result.succeeded()) {
          outcome.tryComplete(result.result());
        } else {
          outcome.tryFail(result.cause());
        }
      });
      return outcome.future();
    }

    private void abortAll() {
      aborted = true;
      for (StreamRun stream : streams) {
        stream.lanes().forEach(Lane::abortOnLoop);
      }
    }

    private Future<?> undeployAll() {
      List<Future<Void>> undeploying = new ArrayList<>();
      if (faultClient != null) {
        undeploying.add(faultClient.close());
      }
      if (faultWorkers != null) {
        undeploying.add(faultWorkers.close());
      }
      for (String id : deployments) {
        undeploying.add(vertx.undeploy(id));
      }
      return Future.join(undeploying);
    }

    private synchronized void progress() {
      long now = System.nanoTime();
      StreamRun main = streams.get(0);
      StreamStats.Interval interval = main.stats().drain();
      long side = 0;
      for (StreamRun stream : streams.subList(1, streams.size())) {
        stream.stats().drain();
        side += stream.stats().sent.sum();
      }
      double seconds = (now - lastProgress) / 1e9;
      long answered = main.stats().answered.sum();
      double perSecond = seconds <= 0 ? 0 : (answered - lastAnswered) / seconds;
      lastProgress = now;
      lastAnswered = answered;
      Histogram latency = interval.latency();
      listener.onProgress(new ProgressListener.Progress(
          (now - start) / 1e9,
          perSecond,
          latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99),
          answered,
          main.stats().errorCount(),
          side));
    }

    private synchronized RunResult result(Instant startedAt) {
      long now = System.nanoTime();
      List<StreamResult> results = new ArrayList<>();
      List<Resolution> resolutions = new ArrayList<>();
      for (StreamRun stream : streams) {
        stream.resolvers().forEach(resolver -> resolutions.add(resolver.result()));
        StreamStats stats = stream.stats();
        stats.drain();
        long stopped = stats.stoppedSendingAt.get();
        long elapsed = (stopped == Long.MIN_VALUE ? now : stopped) - start;
        Map<String, Long> status = new LinkedHashMap<>();
        for (int i = 0; i < StreamStats.STATUS_CLASSES - 1; i++) {
          status.put((i + 1) + "xx", stats.status[i].sum());
        }
        status.put("other", stats.status[StreamStats.STATUS_CLASSES - 1].sum());
        Map<ErrorCause, Long> errors = new EnumMap<>(ErrorCause.class);
        Map<ErrorCause, String> firstErrors = new EnumMap<>(ErrorCause.class);
        for (ErrorCause cause : ErrorCause.values()) {
          errors.put(cause, stats.errors[cause.ordinal()].sum());
          String first = stats.firstError.get(cause.ordinal());
          if (first != null) {
            firstErrors.put(cause, first);
          }
        }
        StreamOptions o = stream.options();
        results.add(new StreamResult(o.name(), o.target(), stream.workload().describe(),
            o.pacing(), o.connections(), stats.sent.sum(), stats.answered.sum(),
            stats.unsent.sum(), stats.bytes.sum(), status, errors, firstErrors,
            stats.latencyTotal(), stats.serviceTotal(), Duration.ofNanos(Math.max(1, elapsed)),
            stream.workload().parseReport(), o.protocol()));
      }
      return new RunResult(startedAt, options.duration(), results, aborted, faults,
          resolutions);
    }
  }
}
