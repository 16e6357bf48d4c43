package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each source address resolves the target's name for itself, through a fake geo DNS that
 * answers by the query's Client Subnet (else its source address), and sends only to the edge
 * it was given.
 */
class DnsSteeringTest {

  private static final String US = "127.0.1.9";
  private static final String EU = "127.0.2.9";
  /** The second edge listens on another loopback address, on the port the first one got. */
  private static final String EU_EDGE = "127.0.0.4";

  private Vertx vertx;
  private FakeDns fake;
  private String dns;

  @BeforeEach
  void startDns() {
    vertx = Vertx.vertx();
    // Europe by ECS, else by source: 127.0.2.0/24 is Europe, everything else the US.
    fake = FakeDns.start(vertx, 20, query -> (query.subnet() != null
        ? query.subnet().startsWith("127.0.2.") : query.from().startsWith("127.0.2."))
        ? EU_EDGE : "127.0.0.1");
    dns = fake.address();
  }

  @AfterEach
  void stop() {
    TestServer.await(vertx.close());
  }

  @Test
  void perSource_eachSourceAsksFromItsOwnAddress_withItsSubnet() {
    Map<String, DnsLookup.Answer> answers = TestServer.await(DnsLookup.perSource(vertx, dns,
        "www.shop.example", List.of(US, EU), Duration.ofSeconds(2)));

    assertThat(answers).containsExactly(
        Map.entry(US, new DnsLookup.Answer("127.0.0.1", Duration.ofSeconds(20))),
        Map.entry(EU, new DnsLookup.Answer(EU_EDGE, Duration.ofSeconds(20))));
    assertThat(fake.queries).containsExactlyInAnyOrder(new FakeDns.Query(US, "127.0.1.0/24"),
        new FakeDns.Query(EU, "127.0.2.0/24"));
  }

  @Test
  void run_sendsEachSourcesConnectionsToTheEdgeItsDnsAnswerNamed() {
    Queue<String> atUs = new ConcurrentLinkedQueue<>();
    Queue<String> atEu = new ConcurrentLinkedQueue<>();
    HttpServer us = TestServer.await(vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
          atUs.add(request.remoteAddress().host());
          request.response().end("us");
        }).listen());
    int port = us.actualPort();
    TestServer.await(vertx.createHttpServer(new HttpServerOptions().setHost(EU_EDGE)
        .setPort(port)).requestHandler(request -> {
          atEu.add(request.remoteAddress().host());
          request.response().end("eu");
        }).listen());
    Map<String, DnsLookup.Answer> answers = TestServer.await(DnsLookup.perSource(vertx, dns,
        "www.shop.example", List.of(US, EU), Duration.ofSeconds(2)));
    // The answers' TTL (20 s) outlasts the run: each source stays with its first answer.
    ReresolveOptions reresolve = ReresolveOptions.of(dns, "www.shop.example",
        Duration.ofSeconds(2), answers, System.nanoTime());

    StreamOptions stream = StreamOptions.of("traffic",
        Target.parse("http://www.shop.example:" + port, null),
        new FixedWorkload(LoadRequest.get("/")), new Pacing.Closed(), 4)
        .withSources(List.of(US, EU)).withReresolve(reresolve);
    RunResult result = TestServer.run(TestServer.options(stream, Duration.ofSeconds(5))
        .withMaxRequests(200));

    assertThat(result.main().answered()).isEqualTo(200);
    assertThat(atUs).isNotEmpty().containsOnly(US);
    assertThat(atEu).isNotEmpty().containsOnly(EU);
  }

  @Test
  void perSourceAnswers_neededForEverySource() {
    StreamOptions stream = StreamOptions.of("traffic", Target.parse("http://127.0.0.1:1", null),
        new FixedWorkload(LoadRequest.get("/")), new Pacing.Closed(), 2)
        .withSources(List.of(US, EU));
    ReresolveOptions onlyUs = ReresolveOptions.of(dns, "www.shop.example",
        Duration.ofSeconds(2), Map.of(US, new DnsLookup.Answer("127.0.0.1",
            Duration.ofSeconds(20))), System.nanoTime());
    assertThatThrownBy(() -> stream.withReresolve(onlyUs))
        .hasMessageContaining("an answer for every source address");
  }
}
