package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.Test;

/** Faults during a run: done at their moment, and the errors before and after told apart. */
class FaultsTest {

  private static final FixedWorkload ROOT = new FixedWorkload(LoadRequest.get("/"));

  @Test
  void httpFault_firesAtItsMoment_andTheReportSplitsErrorsBeforeAndAfter() {
    AtomicBoolean failing = new AtomicBoolean();
    try (TestServer server = TestServer.start(request -> {
      if (request.path().equals("/fail")) {
        failing.set(request.method().name().equals("POST"));
        request.response().end("failing");
      } else if (failing.get()) {
        request.connection().close();
      } else {
        request.response().end("ok");
      }
    })) {
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(200), 4), Duration.ofMillis(1200))
          .withFaults(List.of(Fault.parse("400ms:http:POST:" + server.url() + "/fail")));
      RunResult result = TestServer.run(options);

      assertThat(result.faults()).hasSize(1);
      FaultResult fault = result.faults().get(0);
      assertThat(fault.succeeded()).isTrue();
      assertThat(fault.outcome()).isEqualTo("HTTP 200");
      // Never early; late only as far as a busy machine delays a timer.
      assertThat(fault.firedAt()).isBetween(Duration.ofMillis(380), Duration.ofSeconds(3));
      Report report = new Report(result, null, List.of(), List.of());
      List<Report.Span> spans = report.spans();
      assertThat(spans).hasSize(2);
      assertThat(spans.get(0).counts().answered()).isPositive();
      assertThat(spans.get(0).counts().errors().values()).allMatch(n -> n == 0);
      assertThat(spans.get(1).counts().errors().get(ErrorCause.RESET)).isPositive();
      assertThat(spans.get(0).counts().answered() + spans.get(1).counts().answered())
          .isEqualTo(result.main().answered());
      assertThat(report.text()).contains("faults").contains("-> HTTP 200")
          .contains("by span").contains("errors none").contains("reset ");
      JsonObject json = report.json().getJsonObject("faults");
      assertThat(json.getJsonArray("done").getJsonObject(0).getDouble("fired_s"))
          .isBetween(0.38, 3.0);
      assertThat(json.getJsonArray("spans")).hasSize(2);
    }
  }

  @Test
  void httpFault_withHeaders_sendsThemToTheServer_andNeverPrintsTheirValues() {
    AtomicReference<String> authorization = new AtomicReference<>();
    try (TestServer server = TestServer.start(request -> {
      if (request.path().equals("/admin")) {
        authorization.set(request.getHeader("Authorization"));
      }
      request.response().end("ok");
    })) {
      Fault fault = Fault.parse("100ms:http:POST:" + server.url() + "/admin")
          .withHeaders(Map.ofEntries(Fault.parseHeader("Authorization: Bearer s3cret-token")));
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(50), 2), Duration.ofMillis(600)).withFaults(List.of(fault));
      RunResult result = TestServer.run(options);

      assertThat(result.faults()).singleElement()
          .satisfies(f -> assertThat(f.outcome()).isEqualTo("HTTP 200"));
      assertThat(authorization.get()).isEqualTo("Bearer s3cret-token");
      Report report = new Report(result, null, List.of(), List.of());
      assertThat(report.text()).contains("(with Authorization)").doesNotContain("s3cret");
      assertThat(report.json().encode()).doesNotContain("s3cret");
      assertThat(fault.toString() + fault.action() + result.faults().get(0))
          .doesNotContain("s3cret");
    }
  }

  @Test
  void faultHeaders_readAndChecked_withoutQuotingTheValue() {
    assertThat(Fault.parseHeader("Authorization:  Bearer abc "))
        .isEqualTo(Map.entry("Authorization", "Bearer abc"));
    assertThatThrownBy(() -> Fault.parseHeader("Bearer-abc")).hasMessageContaining("Name: value");
    assertThatThrownBy(() -> Fault.parseHeader("Bad Name: secret-value"))
        .hasMessageContaining("bad name").hasMessageNotContaining("secret-value");
    assertThat(Fault.parse("1s:signal:STOP:4242").withHeaders(Map.of("A", "b")).action())
        .isEqualTo(new Fault.Signal("STOP", 4242));
  }

  @Test
  void signalFault_stopsAProcessWeStarted() throws IOException, InterruptedException {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try (TestServer server = TestServer.ok()) {
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(50), 2), Duration.ofMillis(800))
          .withFaults(List.of(Fault.parse("200ms:signal:TERM:" + sleeper.pid())));
      RunResult result = TestServer.run(options);

      assertThat(result.faults()).singleElement().satisfies(f -> {
        assertThat(f.succeeded()).as(f.outcome()).isTrue();
        assertThat(f.fault().action().describe()).isEqualTo("signal TERM to pid "
            + sleeper.pid());
      });
      assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      if (sleeper.isAlive()) {
        sleeper.destroyForcibly();
      }
    }
  }

  /**
   * Regression: kill ran on the worker pool the DNS lookups use, so lookups held up by a frozen
   * DNS delayed the fault. Here the pool's only thread is held (for at most 4 s, released
   * when the run is over); the fault's own executor still sends the signal at its moment.
   */
  @Test
  void signalFault_isNotHeldUpByABusyWorkerPool() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    try (TestServer server = TestServer.ok()) {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      vertx.executeBlocking(() -> {
        busy.countDown();
        return release.await(4, TimeUnit.SECONDS);
      }, false);
      assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(50), 2), Duration.ofMillis(600))
          .withFaults(List.of(Fault.parse("100ms:signal:TERM:" + sleeper.pid())));
      long started = System.nanoTime();
      RunResult result = TestServer.await(LoadGenerator.run(vertx, options,
          ProgressListener.NONE));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      release.countDown();

      assertThat(took).as("the run waited for the busy pool").isLessThan(Duration.ofMillis(3500));
      assertThat(result.faults()).singleElement()
          .satisfies(f -> assertThat(f.succeeded()).as(f.outcome()).isTrue());
      assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      sleeper.destroyForcibly();
      TestServer.await(vertx.close());
    }
  }

  /**
   * Regression: the fault's request read the whole body and was bounded by an idle timeout
   * only, so an endpoint that streams without end held the run until its safety limit. The
   * status is the outcome; the body is dropped and the request cut off at the run's timeout.
   */
  @Test
  void httpFault_whoseBodyNeverEnds_isCutOffAtTheTimeout_withItsStatus() {
    try (TestServer server = TestServer.start(request -> {
      if (!request.path().equals("/stream")) {
        request.response().end("ok");
        return;
      }
      Vertx loop = Vertx.currentContext().owner();
      request.response().setChunked(true).write("started");
      long timer = loop.setPeriodic(20, id -> request.response().write("x".repeat(1024)));
      request.connection().closeHandler(closed -> loop.cancelTimer(timer));
    })) {
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(50), 2), Duration.ofMillis(600))
          .withTimeout(Duration.ofMillis(500))
          .withFaults(List.of(Fault.parse("100ms:http:POST:" + server.url() + "/stream")));
      long started = System.nanoTime();
      RunResult result = TestServer.run(options);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      assertThat(result.faults()).singleElement().satisfies(f -> {
        assertThat(f.succeeded()).as(f.outcome()).isTrue();
        assertThat(f.outcome()).startsWith("HTTP 200").contains("cut off");
      });
    }
  }

  /**
   * Regression: a fault's request waited for its answer no longer than the run's timeout, but
   * an operator's stop answers once open connections have drained (up to 5 s), so a stop that
   * worked was reported as failed under the default 5 s timeout.
   */
  @Test
  void httpFault_answeredAfterTheRunsTimeout_isDone_withItsStatus() {
    try (TestServer server = TestServer.start(request -> {
      if (request.path().equals("/stop")) {
        Vertx.currentContext().owner().setTimer(900, id -> request.response().end("stopped"));
      } else {
        request.response().end("ok");
      }
    })) {
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Open(50), 2), Duration.ofMillis(600))
          .withTimeout(Duration.ofMillis(300))
          .withFaults(List.of(Fault.parse("100ms:http:POST:" + server.url() + "/stop")));
      RunResult result = TestServer.run(options);

      assertThat(result.faults()).singleElement().satisfies(f -> {
        assertThat(f.succeeded()).as(f.outcome()).isTrue();
        assertThat(f.outcome()).isEqualTo("HTTP 200");
      });
    }
  }

  @Test
  void faultTheRunDoesNotReach_isReportedNotDone() {
    try (TestServer server = TestServer.ok()) {
      LoadOptions options = TestServer.options(StreamOptions.of("traffic", server.target(),
          ROOT, new Pacing.Closed(), 1), Duration.ofSeconds(5)).withMaxRequests(5)
          .withFaults(List.of(Fault.parse("4s:http:POST:" + server.url() + "/never")));
      long started = System.nanoTime();
      RunResult result = TestServer.run(options);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(result.faults()).singleElement().satisfies(f -> {
        assertThat(f.firedAt()).isNull();
        assertThat(f.outcome()).contains("not done");
      });
    }
  }

  @Test
  void faults_readAndChecked() {
    assertThat(Fault.parse("5s:signal:sigstop:4242").action())
        .isEqualTo(new Fault.Signal("STOP", 4242));
    assertThat(Fault.parse("1.5s:http:post:http://127.0.0.1:9/a?b=1").action().describe())
        .isEqualTo("POST http://127.0.0.1:9/a?b=1");
    assertThatThrownBy(() -> Fault.parse("5s:reboot")).hasMessageContaining("AT:signal");
    assertThatThrownBy(() -> Fault.parse("5s:signal:BOOM:4242")).hasMessageContaining("one of");
    assertThatThrownBy(() -> Fault.parse("5s:signal:TERM:1")).hasMessageContaining("pid 1");
    assertThatThrownBy(() -> Fault.parse("5s:signal:TERM:" + ProcessHandle.current().pid()))
        .hasMessageContaining("not a process");
    StreamOptions stream = StreamOptions.of("traffic", Target.parse("http://127.0.0.1", null),
        ROOT, new Pacing.Closed(), 1);
    assertThatThrownBy(() -> LoadOptions.of(stream, Duration.ofSeconds(2))
        .withFaults(List.of(Fault.parse("2s:signal:STOP:4242"))))
        .hasMessageContaining("after the end");
  }
}
