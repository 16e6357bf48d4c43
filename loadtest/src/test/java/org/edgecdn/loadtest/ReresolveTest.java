package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * During a run, the target's name is followed through a DNS as a client's stub resolver
 * follows it: when the answer changes the load moves, when the DNS goes quiet the last good
 * address is kept. Answers have a TTL of 0, kept for the shortest TTL the options allow, so a
 * run of about a second sees several lookups.
 */
class ReresolveTest {

  private static final String A = "127.0.0.1";
  /** The second server listens on another loopback address, on the port the first one got. */
  private static final String B = "127.0.0.6";
  private static final String NAME = "www.shop.example";
  private static final Duration KEEP = Duration.ofMillis(150);
  private static final FixedWorkload ROOT = new FixedWorkload(LoadRequest.get("/"));

  private Vertx vertx;
  /** Which server answered each request, in order of arrival. */
  private final Queue<String> served = new ConcurrentLinkedQueue<>();
  /** Connections open at server A now. */
  private final AtomicInteger openAtA = new AtomicInteger();
  private int port;

  @BeforeEach
  void startServers() {
    vertx = Vertx.vertx();
    HttpServer a = TestServer.await(vertx.createHttpServer(new HttpServerOptions().setHost(A)
        .setPort(0)).connectionHandler(connection -> {
          openAtA.incrementAndGet();
          connection.closeHandler(ignored -> openAtA.decrementAndGet());
        }).requestHandler(request -> {
          served.add("A");
          request.response().end("a");
        }).listen());
    port = a.actualPort();
    TestServer.await(vertx.createHttpServer(new HttpServerOptions().setHost(B).setPort(port))
        .requestHandler(request -> {
          served.add("B");
          request.response().end("b");
        }).listen());
  }

  @AfterEach
  void stop() {
    TestServer.await(vertx.close());
  }

  private StreamOptions following(FakeDns dns, List<String> sources) {
    List<String> askers = sources.isEmpty() ? List.of("") : sources;
    Map<String, DnsLookup.Answer> answers = new java.util.LinkedHashMap<>();
    for (String source : askers) {
      answers.put(source, TestServer.await(DnsLookup.answer(vertx, dns.address(), NAME,
          source.isEmpty() ? null : source, Duration.ofSeconds(1))));
    }
    ReresolveOptions reresolve = ReresolveOptions.of(dns.address(), NAME, Duration.ofMillis(100),
        answers, System.nanoTime()).withTtlRange(KEEP, KEEP);
    return StreamOptions.of("traffic", Target.parse("http://" + NAME + ":" + port, null), ROOT,
        new Pacing.Open(400), 2).withSources(sources).withReresolve(reresolve);
  }

  @Test
  void answerChangesMidRun_loadMovesToTheNewAddress_oldConnectionsClose_summaryShowsWhen() {
    AtomicReference<String> answer = new AtomicReference<>(A);
    FakeDns dns = FakeDns.start(vertx, 0, query -> answer.get());
    // Once A has served 60 requests (0.15 s of the run), the DNS names B instead.
    AtomicInteger atA = new AtomicInteger();
    AtomicInteger openAtAWhenBWasWellUnderWay = new AtomicInteger(-1);
    AtomicInteger atB = new AtomicInteger();
    vertx.setPeriodic(5, id -> {
      atA.set((int) served.stream().filter("A"::equals).count());
      atB.set((int) served.stream().filter("B"::equals).count());
      if (atA.get() >= 60) {
        answer.set(B);
      }
      if (atB.get() >= 100 && openAtAWhenBWasWellUnderWay.get() < 0) {
        openAtAWhenBWasWellUnderWay.set(openAtA.get());
      }
    });
    StreamOptions stream = following(dns, List.of("127.0.2.9"));

    RunResult result = TestServer.run(TestServer.options(stream, Duration.ofMillis(1200))
        .withMaxRequests(2000));

    assertThat(result.main().errorCount()).isZero();
    List<String> order = new ArrayList<>(served);
    assertThat(order).contains("A", "B");
    assertThat(order.subList(order.indexOf("B"), order.size()))
        .as("after the first request to B, none to A").containsOnly("B");
    assertThat(openAtAWhenBWasWellUnderWay.get()).as("connections to A retired").isZero();
    assertThat(result.resolutions()).singleElement().satisfies(r -> {
      assertThat(r.source()).isEqualTo("127.0.2.9");
      assertThat(r.changes()).singleElement().satisfies(change -> {
        assertThat(change.from()).isEqualTo(A);
        assertThat(change.to()).isEqualTo(B);
        assertThat(change.at()).isBetween(Duration.ofMillis(100), Duration.ofMillis(900));
      });
      assertThat(r.failures()).isEmpty();
    });
    assertThat(dns.queries).allMatch(query -> query.from().equals("127.0.2.9")
        && "127.0.2.0/24".equals(query.subnet()));

    Report report = new Report(result, null, List.of(), List.of());
    assertThat(report.text()).containsPattern("moved +at 0\\.\\d\\d s from 127\\.0\\.2\\.9: "
        + "127\\.0\\.0\\.1:" + port + " -> 127\\.0\\.0\\.6:" + port)
        .contains("by span");
    assertThat(report.spans()).hasSize(2);
    assertThat(report.spans().get(0).counts().answered()
        + report.spans().get(1).counts().answered()).isEqualTo(result.main().answered());
    JsonObject change = report.json().getJsonObject("dns").getJsonArray("changes")
        .getJsonObject(0);
    assertThat(change.getString("source")).isEqualTo("127.0.2.9");
    assertThat(change.getString("from")).isEqualTo(A + ":" + port);
    assertThat(change.getString("to")).isEqualTo(B + ":" + port);
    assertThat(change.getDouble("at_s")).isBetween(0.1, 0.9);
  }

  @Test
  void dnsStopsAnswering_theLastGoodAddressIsKept_andTheFailuresAreCountedByCause() {
    AtomicBoolean answering = new AtomicBoolean(true);
    FakeDns dns = FakeDns.start(vertx, 0, query -> answering.get() ? A : null);
    StreamOptions stream = following(dns, List.of());
    answering.set(false);

    RunResult result = TestServer.run(TestServer.options(stream, Duration.ofMillis(1000))
        .withMaxRequests(2000));

    assertThat(result.main().errorCount()).isZero();
    assertThat(result.main().answered()).as("a cold JVM answers slowly at first")
        .isGreaterThan(20);
    assertThat(served).containsOnly("A");
    assertThat(result.resolutions()).singleElement().satisfies(r -> {
      assertThat(r.source()).isEmpty();
      assertThat(r.lastAddress()).isEqualTo(A);
      assertThat(r.changes()).isEmpty();
      assertThat(r.failures().getOrDefault(DnsFailure.TIMEOUT, 0L)).isGreaterThanOrEqualTo(2);
      assertThat(r.failures().keySet()).containsOnly(DnsFailure.TIMEOUT);
    });
    assertThat(dns.queries.size()).isGreaterThanOrEqualTo(3);
    Report report = new Report(result, null, List.of(), List.of());
    assertThat(report.text()).containsPattern("dns +from the default address: kept 127\\.0\\.0"
        + "\\.1:" + port + ", \\d+ lookups, failed timeout \\d+")
        .contains("moved       never");
    assertThat(report.json().getJsonObject("dns").getJsonArray("sources").getJsonObject(0)
        .getJsonObject("failures").getLong("timeout")).isGreaterThanOrEqualTo(2);
  }
}
