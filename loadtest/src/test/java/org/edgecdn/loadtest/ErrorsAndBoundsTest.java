package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.Test;

class ErrorsAndBoundsTest {

  private static final FixedWorkload ROOT = new FixedWorkload(LoadRequest.get("/"));

  @Test
  void nothingListening_countsConnectRefused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      port = socket.getLocalPort();
    }
    RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic",
        Target.parse("http://127.0.0.1:" + port, null), ROOT, new Pacing.Open(100), 2),
        Duration.ofMillis(500)));

    StreamResult main = result.main();
    assertThat(main.answered()).isZero();
    assertThat(main.errors().get(ErrorCause.CONNECT_REFUSED)).isPositive()
        .isEqualTo(main.errorCount());
    assertThat(main.firstErrors().get(ErrorCause.CONNECT_REFUSED)).containsIgnoringCase("refused");
    assertThat(main.errorRatio()).isEqualTo(1.0);
  }

  @Test
  void serverClosesMidAnswer_countsReset() {
    try (TestServer server = TestServer.start(request -> {
      request.response().setChunked(true).write("partial");
      request.connection().close();
    })) {
      RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Open(50), 2), Duration.ofMillis(500)));
      StreamResult main = result.main();
      assertThat(main.answered()).isZero();
      assertThat(main.errors().get(ErrorCause.RESET)).isPositive().isEqualTo(main.errorCount());
    }
  }

  @Test
  void serverNeverAnswers_countsTimeouts_andTheRunStillEnds() {
    try (TestServer server = TestServer.start(request -> { })) {
      long started = System.nanoTime();
      RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic",
          server.target(), ROOT, new Pacing.Open(100), 4), Duration.ofMillis(600))
          .withTimeout(Duration.ofMillis(200)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      StreamResult main = result.main();
      assertThat(main.answered()).isZero();
      assertThat(main.errors().get(ErrorCause.TIMEOUT)).isGreaterThanOrEqualTo(4);
      assertThat(main.errorCount()).isEqualTo(main.errors().get(ErrorCause.TIMEOUT));
      // Four connections held by a silent server: the rest of the schedule never went out,
      // and each unsent request is charged the wait it had (a lower bound).
      assertThat(main.unsent()).isPositive();
      assertThat(main.latency().getMaxValue()).isGreaterThan(100_000);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void sources_bindConnectionsRoundRobin() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (TestServer server = TestServer.start(request -> {
      seen.add(request.remoteAddress().host());
      request.response().end();
    })) {
      StreamOptions stream = StreamOptions.of("traffic", server.target(), ROOT,
          new Pacing.Closed(), 4).withSources(List.of("127.0.0.2", "127.0.0.3"));
      RunResult result = TestServer.run(TestServer.options(stream, Duration.ofSeconds(2))
          .withMaxRequests(200));
      assertThat(result.main().answered()).isEqualTo(200);
      assertThat(seen).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
    }
  }

  @Test
  void hostHeader_isSentApartFromTheAddress() {
    Set<String> hosts = ConcurrentHashMap.newKeySet();
    try (TestServer server = TestServer.start(request -> {
      hosts.add(request.authority().toString());
      request.response().end();
    })) {
      Target target = Target.parse(server.url() + "/base", "www.shop.example");
      RunResult result = TestServer.run(TestServer.options(StreamOptions.of("traffic", target,
          ROOT, new Pacing.Closed(), 1), Duration.ofSeconds(2)).withMaxRequests(3));
      assertThat(result.main().answered()).isEqualTo(3);
      assertThat(hosts).containsExactly("www.shop.example");
    }
  }

  @Test
  void loopbackGuard_refusesRemoteTargets_unlessAllowed() {
    assertThat(LoopbackGuard.resolveChecked("127.0.2.1", false, "target")).isEqualTo("127.0.2.1");
    assertThat(LoopbackGuard.resolveChecked("localhost", false, "target"))
        .matches("127\\..*|0:0:0:0:0:0:0:1");
    assertThatThrownBy(() -> LoopbackGuard.resolveChecked("10.0.0.1", false, "target"))
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("--allow-remote");
    assertThatThrownBy(() -> LoopbackGuard.resolveChecked("192.0.2.7", false, "target"))
        .isInstanceOf(IllegalArgumentException.class);
    // Allowed: checked only for resolving; nothing is sent here.
    assertThat(LoopbackGuard.resolveChecked("192.0.2.7", true, "target")).isEqualTo("192.0.2.7");
  }

  @Test
  void target_readsBaseUrls_andRefusesWhatItCannotSend() {
    Target target = Target.parse("http://127.0.2.1:8080/", "www.shop.example");
    assertThat(target.connectHost()).isEqualTo("127.0.2.1");
    assertThat(target.port()).isEqualTo(8080);
    assertThat(target.hostHeader()).isEqualTo("www.shop.example");
    assertThat(target.requestUri("/a")).isEqualTo("/a");
    assertThat(Target.parse("http://[::1]:81/p", null).requestUri("/a")).isEqualTo("/p/a");
    assertThat(Target.parse("http://[::1]:81/p", null).connectHost()).isEqualTo("::1");
    assertThat(Target.parse("http://localhost", null).hostHeader()).isEqualTo("localhost");
    assertThatThrownBy(() -> Target.parse("https://127.0.0.1", null))
        .hasMessageContaining("https is not supported");
    assertThatThrownBy(() -> Target.parse("http://127.0.0.1/a?b", null))
        .hasMessageContaining("base URL");
  }

  @Test
  void options_boundEveryRun() {
    StreamOptions stream = StreamOptions.of("traffic", Target.parse("http://127.0.0.1", null),
        ROOT, new Pacing.Closed(), 1);
    assertThatThrownBy(() -> LoadOptions.of(stream, Duration.ofHours(2)))
        .hasMessageContaining("at most 1h");
    assertThatThrownBy(() -> LoadOptions.of(stream, Duration.ZERO))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> LoadOptions.of(stream, Duration.ofSeconds(1)).withMaxRequests(0))
        .hasMessageContaining("max requests");
    assertThatThrownBy(() -> new Pacing.Open(0)).hasMessageContaining("rate");
  }
}
