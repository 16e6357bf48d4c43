package org.edgecdn.dns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EdgeProbesTest {

  /** Short, so the real-socket tests take a fraction of a second. */
  private static final ProbeOptions FAST = new ProbeOptions(50, 2, 2, 200);
  private static final Duration LIMIT = Duration.ofSeconds(5);

  private Vertx vertx;

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  // --- hysteresis, driven through the seam ----------------------------------------------------

  @Test
  void record_noProbeYet_everyPopUp() {
    EdgeProbes health = manual("us", "eu");

    assertThat(health.isHealthy("us")).isTrue();
    assertThat(health.isHealthy("eu")).isTrue();
  }

  @Test
  void record_oneFailure_staysUp() {
    EdgeProbes health = manual("eu");

    health.record("eu", false);

    assertThat(health.isHealthy("eu")).isTrue();
  }

  @Test
  void record_twoConsecutiveFailures_down() {
    EdgeProbes health = manual("eu");

    health.record("eu", false);
    health.record("eu", false);

    assertThat(health.isHealthy("eu")).isFalse();
  }

  @Test
  void record_failuresInterruptedBySuccess_staysUp() {
    EdgeProbes health = manual("eu");

    health.record("eu", false);
    health.record("eu", true);
    health.record("eu", false);

    assertThat(health.isHealthy("eu")).isTrue();
  }

  @Test
  void record_downThenOneSuccess_staysDownUntilSecond() {
    EdgeProbes health = manual("eu");
    health.record("eu", false);
    health.record("eu", false);

    health.record("eu", true);
    assertThat(health.isHealthy("eu")).isFalse();
    health.record("eu", true);
    assertThat(health.isHealthy("eu")).isTrue();
  }

  @Test
  void record_onePopDown_othersUnaffected() {
    EdgeProbes health = manual("us", "eu");

    health.record("eu", false);
    health.record("eu", false);

    assertThat(health.isHealthy("us")).isTrue();
  }

  @Test
  void isHealthy_popWithoutProbe_healthy() {
    assertThat(manual("eu").isHealthy("ap")).isTrue();
  }

  @Test
  void gauge_transitions_cdnDnsPopUpOneThenZero() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EdgeProbes health = new EdgeProbes(List.of("eu"), ProbeOptions.defaults(), registry);
    assertThat(registry.scrape()).contains("cdn_dns_pop_up{pop=\"eu\"} 1");

    health.record("eu", false);
    health.record("eu", false);

    assertThat(registry.scrape()).contains("cdn_dns_pop_up{pop=\"eu\"} 0");
  }

  // --- real probes over HTTP ------------------------------------------------------------------

  @Test
  void start_edgeTurnsIsolated503_downWithinTwoIntervalsThenUpAgain() {
    AtomicInteger status = new AtomicInteger(200);
    AtomicInteger probes = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    HttpServer edge = Await.result(vertx.createHttpServer()
        .requestHandler(req -> {
          probes.incrementAndGet();
          int code = status.get();
          if (code != 200) {
            refusals.incrementAndGet();
          }
          req.response().setStatusCode(code)
              .end(code == 200 ? "{\"status\":\"ok\"}" : "{\"status\":\"isolated\"}");
        })
        .listen(0, "127.0.0.1"));
    EdgeProbes health = EdgeProbes.start(vertx,
        List.of(new PopProbe("eu", "127.0.0.1", edge.actualPort())), FAST,
        new SimpleMeterRegistry());
    try {
      Await.until("two probes answered", () -> probes.get() >= 2, LIMIT);
      assertThat(health.isHealthy("eu")).isTrue();

      status.set(503);
      Await.until("eu down", () -> !health.isHealthy("eu"), LIMIT);
      assertThat(refusals.get()).as("503s before eu went down").isGreaterThanOrEqualTo(2);

      status.set(200);
      Await.until("eu up again", () -> health.isHealthy("eu"), LIMIT);
    } finally {
      Await.result(health.close());
    }
  }

  @Test
  void start_nothingListening_down() {
    int closedPort = FreePorts.loopback();
    EdgeProbes health = EdgeProbes.start(vertx,
        List.of(new PopProbe("eu", "127.0.0.1", closedPort)), FAST, new SimpleMeterRegistry());
    try {
      Await.until("eu down", () -> !health.isHealthy("eu"), LIMIT);
    } finally {
      Await.result(health.close());
    }
  }

  @Test
  void start_edgeNeverAnswers_timeoutCountsAsFailure() {
    HttpServer silent = Await.result(vertx.createHttpServer()
        .requestHandler(req -> { }) // accepts, never answers
        .listen(0, "127.0.0.1"));
    EdgeProbes health = EdgeProbes.start(vertx,
        List.of(new PopProbe("eu", "127.0.0.1", silent.actualPort())),
        new ProbeOptions(50, 2, 2, 60), new SimpleMeterRegistry());
    try {
      Await.until("eu down", () -> !health.isHealthy("eu"), LIMIT);
    } finally {
      Await.result(health.close());
    }
  }

  private static EdgeProbes manual(String... pops) {
    return new EdgeProbes(List.of(pops), ProbeOptions.defaults(), new SimpleMeterRegistry());
  }
}
