package org.edgecdn.launcher.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.metrics.ProcessMeters;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.NodeRuntime;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;

/**
 * Runs part of a network in this process until SIGINT or SIGTERM, then stops it within
 * {@link #STOP_LIMIT}. A start that fails prints one line naming the node and the reason,
 * stops whatever had started, and exits 1.
 */
final class NetworkProcess {

  /** The whole stop must fit in 5 s; leave margin for the JVM itself. */
  static final Duration STOP_LIMIT = Duration.ofMillis(4_500);

  private NetworkProcess() {}

  static int run(NetworkConfig config, Role role, boolean banner, PrintStream out,
      PrintStream err) {
    return run(config, role, banner, true, out, err);
  }

  /** As above; {@code rateLimits} false turns DNS and purge rate limits off (measurements). */
  static int run(NetworkConfig config, Role role, boolean banner, boolean rateLimits,
      PrintStream out, PrintStream err) {
    NodePlans plans = new NodePlans(config, rateLimits);
    Vertx vertx = NodeRuntime.create(plans.httpLoops());
    AccessLog accessLog = accessLog(config);
    RunningNetwork network;
    try {
      network = RunningNetwork.start(vertx, plans, role, accessLog)
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      err.println("cdn: " + cause.getMessage());
      accessLog.close();
      awaitQuietly(vertx.close(), STOP_LIMIT);
      return ExitCodes.START_FAILED;
    }
    if (banner) {
      out.print(Banner.render(config, network));
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("cdn: stopping");
      long start = System.nanoTime();
      long deadline = start + STOP_LIMIT.toNanos();
      awaitQuietly(network.close(), STOP_LIMIT.minusMillis(500));
      long nodes = System.nanoTime();
      accessLog.close();
      awaitQuietly(vertx.close(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      long end = System.nanoTime();
      err.printf("cdn: stopped in %d ms (nodes %d ms, runtime %d ms)%n", (end - start) / 1_000_000,
          (nodes - start) / 1_000_000, (end - nodes) / 1_000_000);
      stopped.countDown();
    }, "cdn-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  /**
   * The process's one access log, shared by its nodes; its lost lines are a process meter,
   * {@code cdn_access_log_dropped_total{log}}, since no one node owns them.
   */
  private static AccessLog accessLog(NetworkConfig config) {
    NetworkConfig.AccessLog target = config.accessLog();
    AccessLog log;
    String name;
    if (target instanceof NetworkConfig.AccessLog.ToFile file) {
      log = AccessLog.toFile(Path.of(file.path()));
      name = file.path();
    } else if (target instanceof NetworkConfig.AccessLog.Stdout) {
      log = AccessLog.stdout();
      name = "stdout";
    } else {
      return AccessLog.off();
    }
    ProcessMeters.registry().ifPresent(registry ->
        FunctionCounter.builder("cdn.access.log.dropped", log, AccessLog::dropped)
            .description("Access log lines lost because the writer could not keep up")
            .tag("log", name)
            .register(registry));
    return log;
  }

  private static void awaitQuietly(io.vertx.core.Future<?> future, Duration limit) {
    try {
      future.toCompletionStage().toCompletableFuture()
          .get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Stopping is best effort within the limit; the JVM exits after the hook anyway.
    }
  }
}
