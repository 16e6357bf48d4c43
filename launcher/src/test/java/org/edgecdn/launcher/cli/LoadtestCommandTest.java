package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import picocli.CommandLine;

/**
 * {@code cdn loadtest} against a small in-process server that counts its own hits and misses
 * in Prometheus form, as an edge would.
 */
class LoadtestCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Queue<String[]> views = new ConcurrentLinkedQueue<>();
  /** The Authorization header of each request that had one, after its path. */
  private final Queue<String> authorized = new ConcurrentLinkedQueue<>();
  private Vertx vertx;
  private HttpServer server;

  @TempDir
  Path dir;

  @BeforeEach
  void startServer() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/metrics")) {
        request.response().end("# TYPE cdn_requests_total counter\n"
            + "cdn_requests_total{tier=\"edge\",cache_status=\"hit\"} " + hits.get() + "\n"
            + "cdn_requests_total{tier=\"edge\",cache_status=\"miss\"} " + misses.get() + "\n"
            + "cdn_upstream_requests_total{upstream=\"origin\"} " + misses.get() + "\n");
        return;
      }
      hosts.add(request.authority().host());
      if (request.getHeader("Authorization") != null) {
        authorized.add(request.path() + " " + request.getHeader("Authorization"));
      }
      views.add(new String[] {request.uri(), request.getHeader("Referer"),
          request.getHeader("Sec-Fetch-Dest"), request.getHeader("User-Agent")});
      // The first request for a path is a miss, later ones hit: a cache in four lines.
      (seen.add(request.uri()) ? misses : hits).incrementAndGet();
      request.response().end("x");
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stopServer() {
    Await.result(vertx.close());
  }

  @Test
  void loadtest_writesSummaryAndJson_andReadsTheHitRatio() throws Exception {
    Path json = dir.resolve("r.json");
    int exit = run(url(), "--host", "www.shop.example", "--workload", "zipf", "--objects", "20",
        "--rate", "200", "--duration", "1s", "--warmup", "0s", "--connections", "4",
        "--out", json.toString(),
        "--metrics", url() + "/metrics", "--min-hit-ratio", "0.5", "--max-error-ratio", "0");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(hosts).containsExactly("www.shop.example");
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("traffic -> ").contains("p99").contains("hit ratio 0.")
        .contains("origin offload 0.").contains("threshold   min-hit-ratio >= 0.5000");
    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getBoolean("passed")).isTrue();
    JsonObject traffic = report.getJsonArray("streams").getJsonObject(0);
    assertThat(traffic.getJsonObject("requests").getLong("sent")).isBetween(150L, 200L);
    // 20 objects, about 200 requests: at most 20 misses.
    assertThat(report.getJsonObject("cache").getDouble("hit_ratio")).isGreaterThan(0.85);
    assertThat(report.getJsonObject("cache").getDouble("origin_offload")).isGreaterThan(0.85);
  }

  @Test
  void thresholdMissed_exitsFour_andSaysWhich() {
    int exit = run(url(), "--rate", "50", "--duration", "500ms", "--connections", "2",
        "--max-p99", "1us");
    assertThat(exit).isEqualTo(4);
    assertThat(err.toString()).contains("threshold missed: max-p99 <= 1 us");
  }

  @Test
  void remoteTarget_refusedWithoutAllowRemote() {
    int exit = run("http://192.0.2.10:8080", "--duration", "1s");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address").contains("--allow-remote");
  }

  @Test
  void badArguments_exitTwo_withTheReason() {
    assertThat(run(url(), "--workload", "zipf", "--trace", "t.txt")).isEqualTo(2);
    assertThat(err.toString()).contains("--trace is not an option of workload zipf");
    err.reset();
    assertThat(run(url(), "--workload", "trace")).isEqualTo(2);
    assertThat(err.toString()).contains("needs --trace FILE");
    err.reset();
    assertThat(run(url(), "--duration", "2h")).isEqualTo(2);
    assertThat(err.toString()).contains("at most 1h");
    err.reset();
    assertThat(run(url(), "--min-hit-ratio", "0.9")).isEqualTo(2);
    assertThat(err.toString()).contains("needs --metrics");
  }

  @Test
  void traceWithBadLines_runsAndReportsThem() throws Exception {
    Path trace = Files.writeString(dir.resolve("trace.txt"), "a 10\nb x\nc\n");
    int exit = run(url(), "--workload", "trace", "--trace", trace.toString(), "--closed",
        "--connections", "1", "--max-requests", "30", "--duration", "5s");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("1 unreadable lines").contains("line 2");
    assertThat(out.toString()).contains("30 sent, 30 answered");
  }

  @Test
  void purgeStorm_isCountedApart() {
    int exit = run(url(), "--rate", "100", "--duration", "1s", "--connections", "2",
        "--purge-rate", "10", "--purge-url", url() + "/api/v1/purge", "--purge-token", "t");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("purge -> http://127.0.0.1:");
  }

  @Test
  void clickstream_withoutAGraph_walksTheSyntheticSite_asNavigations() {
    int exit = run(url(), "--host", "www.shop.example", "--workload", "clickstream",
        "--pages", "50", "--seed", "3", "--closed", "--connections", "2", "--max-requests",
        "300", "--duration", "5s", "--warmup", "0s");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("clickstream: 8 visitors at once walking synthetic "
        + "site /p/0../p/49 (seed 3)");
    SyntheticSite truth = new SyntheticSite(SyntheticSite.Options.defaults(3).withPages(50));
    assertThat(views).hasSize(300).allSatisfy(view -> {
      assertThat(view[0]).matches("/p/[0-9]+");
      assertThat(view[2]).isEqualTo("document");
      if (view[1] != null) {
        String from = view[1].substring("http://www.shop.example".length());
        assertThat(truth.transition(from, view[0])).as("%s -> %s", from, view[0])
            .isPositive();
      }
    });
    assertThat(views).filteredOn(view -> view[1] != null).hasSizeGreaterThan(100);
  }

  @Test
  void clickstream_withAGraphFile_inTheOpenModel() throws Exception {
    Path graph = Files.writeString(dir.resolve("shop.graph"),
        "- / 1\n/ /products 0.5\n/products /products/1 0.5\n");
    int exit = run(url(), "--workload", "clickstream", "--graph", graph.toString(),
        "--think-ms", "100-300", "--rate", "200", "--duration", "1s", "--warmup", "0s",
        "--connections", "4");

    assertThat(exit).as(err.toString()).isZero();
    // rate 200 x mean think 0.2 s: 40 visitors, so views are their think time apart.
    assertThat(out.toString()).contains("clickstream: 40 visitors at once walking graph");
    assertThat(views).extracting(view -> view[0])
        .containsOnly("/", "/products", "/products/1");
    assertThat(run(url(), "--workload", "clickstream", "--graph", graph.toString(),
        "--pages", "9")).isEqualTo(2);
    assertThat(err.toString()).contains("has no setting pages");
  }

  /**
   * A DNS on loopback answering every A query with {@code answer} (given the query's source
   * address) and {@code ttl}; returns its {@code host:port}.
   */
  private String startDns(long ttl, Function<String, String> answer) {
    DatagramSocket dns = vertx.createDatagramSocket();
    dns.handler(packet -> {
      try {
        Message query = new Message(packet.data().getBytes());
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        reply.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, ttl,
            InetAddress.getByName(answer.apply(packet.sender().host()))), Section.ANSWER);
        dns.send(Buffer.buffer(reply.toWire()), packet.sender().port(),
            packet.sender().host());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Await.result(dns.listen(0, "127.0.0.1"));
    return "127.0.0.1:" + dns.localAddress().port();
  }

  @Test
  void dnsWithSources_eachSourceResolvesForItself_andTheHeaderSaysWhereEachGoes() {
    Set<String> askedFrom = ConcurrentHashMap.newKeySet();
    String at = startDns(20, from -> {
      askedFrom.add(from);
      return "127.0.0.1";
    });

    int exit = run("http://www.shop.example:" + server.actualPort(), "--dns", at,
        "--source", "127.0.1.9", "--source", "127.0.2.9", "--closed", "--connections", "2",
        "--max-requests", "20", "--duration", "5s", "--warmup", "0s");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(askedFrom).containsExactlyInAnyOrder("127.0.1.9", "127.0.2.9");
    String header = out.toString().substring(0, out.toString().indexOf("traffic -> "));
    assertThat(header)
        .contains("from 127.0.1.9: www.shop.example resolved to 127.0.0.1 by " + at
            + " (TTL 20s)")
        .contains("from 127.0.2.9: www.shop.example resolved to 127.0.0.1 by " + at)
        .contains("the name is followed during the run");
    assertThat(hosts).containsExactly("www.shop.example");
  }

  @Test
  void dns_answerChangesDuringTheRun_theLoadMoves_andTheSummarySaysWhen() throws Exception {
    String moved = "127.0.0.7";
    int port = server.actualPort();
    AtomicLong atMoved = new AtomicLong();
    Await.result(vertx.createHttpServer().requestHandler(request -> {
      atMoved.incrementAndGet();
      request.response().end("y");
    }).listen(port, moved));
    // The first answer names the server of the other tests; every later one the moved one.
    AtomicLong asked = new AtomicLong();
    String at = startDns(0, from -> asked.getAndIncrement() == 0 ? "127.0.0.1" : moved);
    Path json = dir.resolve("moved.json");

    int exit = run("http://www.shop.example:" + port, "--dns", at, "--rate", "100",
        "--connections", "2", "--duration", "1500ms", "--warmup", "0s", "--out",
        json.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(hosts).containsExactly("www.shop.example");
    assertThat(atMoved.get()).isPositive();
    assertThat(out.toString()).containsPattern("moved +at [01]\\.\\d\\d s from the default "
        + "address: 127\\.0\\.0\\.1:" + port + " -> 127\\.0\\.0\\.7:" + port)
        .contains("by span");
    JsonObject change = new JsonObject(Files.readString(json)).getJsonObject("dns")
        .getJsonArray("changes").getJsonObject(0);
    assertThat(change.getString("to")).isEqualTo(moved + ":" + port);
    assertThat(run("http://www.shop.example:" + port, "--dns", at, "--dns-ttl-max", "500ms"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--dns-ttl-max: between 1s and 1h");
  }

  @Test
  void fault_isDoneInTheMeasuredRun_andTheSummaryShowsItsMoment() throws Exception {
    Path json = dir.resolve("faults.json");
    int exit = run(url(), "--rate", "100", "--duration", "1s", "--warmup", "300ms",
        "--connections", "2", "--fault", "500ms:http:POST:" + url() + "/admin/slow",
        "--out", json.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(views).filteredOn(view -> view[0].equals("/admin/slow")).hasSize(1);
    assertThat(out.toString()).contains("fault at 500ms: POST " + url() + "/admin/slow")
        .containsPattern("faults +at 0\\.[5-9][0-9] s \\(planned 500ms\\): POST .* -> HTTP 200")
        .contains("by span").contains("0.00-0.");
    JsonObject faults = new JsonObject(Files.readString(json)).getJsonObject("faults");
    assertThat(faults.getJsonArray("done").getJsonObject(0).getBoolean("succeeded")).isTrue();
    assertThat(faults.getJsonArray("spans")).hasSize(2);
  }

  @Test
  void faultHeader_isSentWithEveryHttpFault_andNeverPrinted() throws Exception {
    Path json = dir.resolve("headers.json");
    int exit = run(url(), "--rate", "50", "--duration", "1s", "--warmup", "0s",
        "--connections", "1", "--fault", "200ms:http:POST:" + url() + "/admin/stop",
        "--fault", "600ms:http:POST:" + url() + "/admin/start",
        "--fault-header", "Authorization: Bearer op-s3cret", "--fault-header", "X-Why: test",
        "--out", json.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(authorized).containsExactlyInAnyOrder("/admin/stop Bearer op-s3cret",
        "/admin/start Bearer op-s3cret");
    assertThat(out.toString()).contains("POST " + url() + "/admin/stop (with Authorization,"
        + " X-Why) -> HTTP 200").doesNotContain("s3cret");
    assertThat(err.toString()).doesNotContain("s3cret");
    assertThat(Files.readString(json)).doesNotContain("s3cret");
  }

  @Test
  void faultHeader_malformed_orWithoutAnHttpFault_isRefused() {
    assertThat(run(url(), "--fault", "1s:http:POST:" + url(), "--fault-header", "Bearer x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--fault-header: a header is written 'Name: value'");
    err.reset();
    assertThat(run(url(), "--fault-header", "Authorization: Bearer x")).isEqualTo(2);
    assertThat(err.toString()).contains("--fault-header: no http --fault to send it with");
  }

  /**
   * Regression: a fault the run never reached (its request cap ran out first) has no moment,
   * and printing it threw a NullPointerException after the summary, so the JSON was never
   * written and the exit code was picocli's. A fault not done is a warning, not a failure: the
   * traffic's numbers stand, so the exit code is the run's own (0 here).
   */
  @Test
  void faultAfterTheRunsEnd_isReportedNeverReached_andTheJsonIsWritten() throws Exception {
    Path json = dir.resolve("not-done.json");
    int exit = run(url(), "--closed", "--connections", "1", "--max-requests", "20",
        "--duration", "10s", "--warmup", "0s",
        "--fault", "8s:http:POST:" + url() + "/admin/never", "--out", json.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(views).noneMatch(view -> view[0].equals("/admin/never"));
    assertThat(err.toString()).contains("cdn loadtest: fault never reached (planned 8s): POST "
        + url() + "/admin/never -> not done").doesNotContain("Exception");
    assertThat(out.toString()).contains("faults      never (planned 8s)");
    JsonObject done = new JsonObject(Files.readString(json)).getJsonObject("faults")
        .getJsonArray("done").getJsonObject(0);
    assertThat(done.getValue("fired_s")).isNull();
    assertThat(done.getBoolean("succeeded")).isFalse();
  }

  @Test
  void fault_onAProcessThatDoesNotExist_orARemoteUrl_isRefused() {
    assertThat(run(url(), "--fault", "1s:signal:STOP:999999999")).isEqualTo(2);
    assertThat(err.toString()).contains("no process 999999999");
    err.reset();
    assertThat(run(url(), "--fault", "1s:http:POST:http://192.0.2.1/x")).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address");
    err.reset();
    assertThat(run(url(), "--duration", "1s", "--fault", "2s:http:POST:" + url())).isEqualTo(2);
    assertThat(err.toString()).contains("after the end");
  }

  private String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private int run(String... args) {
    LoadtestCommand command = new LoadtestCommand(new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new CommandLine(command).execute(args);
  }
}
