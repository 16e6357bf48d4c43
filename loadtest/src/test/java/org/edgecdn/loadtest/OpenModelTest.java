package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenModelTest {

  private static final FixedWorkload ROOT = new FixedWorkload(LoadRequest.get("/"));

  /**
   * Loads and compiles the HTTP client and server code first: in a cold JVM the first requests
   * take hundreds of milliseconds, a stall of their own that would blur the one under test.
   */
  @BeforeAll
  static void warmUp() {
    try (TestServer server = TestServer.ok()) {
      TestServer.run(TestServer.options(StreamOptions.of("warm-up", server.target(), ROOT,
          new Pacing.Closed(), 2), Duration.ofMillis(500)).withMaxRequests(5000));
    }
  }

  @Test
  void openModel_fastServer_sendsRateTimesDuration() {
    AtomicInteger received = new AtomicInteger();
    try (TestServer server = TestServer.start(request -> {
      received.incrementAndGet();
      request.response().end("ok");
    })) {
      RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Open(400), 32).withLanes(2), Duration.ofSeconds(1)));

      StreamResult main = result.main();
      // The schedule is exact, however busy the machine: 400 intended times fall in one
      // second, and each was either sent or, had every connection been busy, counted unsent.
      assertThat(main.sent() + main.unsent()).as(report(result)).isBetween(396L, 400L);
      assertThat(main.sent()).as(report(result)).isGreaterThanOrEqualTo(300);
      assertThat(main.answered()).isEqualTo(main.sent());
      assertThat(received.get()).isEqualTo((int) main.sent());
      assertThat(main.status().get("2xx")).isEqualTo(main.sent());
      assertThat(main.errorCount()).isZero();
      assertThat(main.latency().getTotalCount()).isEqualTo(main.answered() + main.unsent());
      assertThat(result.aborted()).isFalse();
    }
  }

  @Test
  void openModel_serverStallsOnce_recordsEveryRequestQueuedBehindTheStall() {
    // One connection; the 50th request is held 300 ms. At 200/s about 60 requests fall due
    // during the stall and wait for the connection: the open model charges each its wait.
    try (TestServer server = stallingServer()) {
      RunResult open = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Open(200), 1), Duration.ofMillis(1500)));
      assertThat(open.main().sent() + open.main().unsent()).isBetween(296L, 300L);
      assertThat(countAtLeast(open.main(), 100_000)).as(report(open)).isGreaterThanOrEqualTo(20);
    }
    try (TestServer server = stallingServer()) {
      // The naive closed model waits with the target and records the stall once.
      RunResult closed = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Closed(), 1), Duration.ofMillis(1500))
          .withMaxRequests(3000));
      assertThat(closed.main().answered()).isGreaterThan(100);
      // One, the stalled request; a little slack for a busy machine's own hiccups.
      assertThat(countAtLeast(closed.main(), 100_000)).as(report(closed)).isBetween(1L, 4L);
    }
  }

  @Test
  void closedModel_keepsEachConnectionBusy_andStopsAtTheRequestCap() {
    try (TestServer server = TestServer.ok()) {
      RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Closed(), 4), Duration.ofSeconds(10))
          .withMaxRequests(500));
      assertThat(result.main().sent()).isEqualTo(500);
      assertThat(result.main().answered()).isEqualTo(500);
      // Stopped by the cap, long before the duration.
      assertThat(result.main().elapsed()).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void sideStream_countedApartFromTheTraffic() {
    try (TestServer server = TestServer.start(request -> request.response()
        .setStatusCode(request.method().name().equals("POST") ? 202 : 200).end())) {
      StreamOptions traffic = StreamOptions.of("traffic", server.target(), ROOT,
          new Pacing.Open(200), 16);
      StreamOptions purges = StreamOptions.of("purge", server.target(),
          new FixedWorkload(new LoadRequest("POST", "/api/v1/purge",
              java.util.Map.of("Authorization", "Bearer t"),
              io.vertx.core.buffer.Buffer.buffer("{\"everything\":true}"))),
          new Pacing.Open(20), 1);
      RunResult result = TestServer.run(new LoadOptions(List.of(traffic, purges),
          Duration.ofSeconds(1), 10_000, Duration.ofSeconds(2)));

      assertThat(result.streams()).hasSize(2);
      assertThat(result.main().sent() + result.main().unsent()).isBetween(196L, 200L);
      StreamResult purge = result.streams().get(1);
      assertThat(purge.name()).isEqualTo("purge");
      assertThat(purge.sent() + purge.unsent()).isBetween(19L, 20L);
      assertThat(purge.status().get("2xx")).isEqualTo(purge.sent());
    }
  }

  private static TestServer stallingServer() {
    AtomicInteger count = new AtomicInteger();
    return TestServer.start((HttpServerRequest request) -> {
      if (count.incrementAndGet() == 50) {
        request.response().headers().set("x-stalled", "1");
        io.vertx.core.Vertx.currentContext().owner()
            .setTimer(300, id -> request.response().end("late"));
      } else {
        request.response().end("ok");
      }
    });
  }

  private static String report(RunResult result) {
    return new Report(result, null, List.of(), List.of()).text();
  }

  private static long countAtLeast(StreamResult result, long micros) {
    return result.latency().getCountBetweenValues(micros, result.latency().getMaxValue());
  }
}
