package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.accesslog.AccessLogEntry;
import org.edgecdn.http.node.DirectAnswers;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain hits answered on the channel (DirectHits) against the same edge with them turned off
 * ({@code -Dedgecdn.directHits=false}): a client, the metrics and the access log cannot tell
 * the two apart; and the connection's other duties (answer order behind a miss, the head
 * deadline) hold.
 */
class EdgeDirectHitsTest {

  private static final String HOST = "www.shop.example";
  private static final Duration HEAD_TIMEOUT = Duration.ofMillis(300);

  private Vertx vertx;
  private String originUrl;
  private final List<String> atOrigin = new CopyOnWriteArrayList<>();

  @BeforeEach
  void origin() {
    vertx = Vertx.vertx();
    HttpServer origin = vertx.createHttpServer().requestHandler(request -> {
      atOrigin.add(request.method() + " " + request.uri());
      // /slow answers late, so that requests behind it on a connection wait for it.
      long delay = request.path().equals("/slow") ? 100 : 1;
      vertx.setTimer(delay, id -> request.response()
          .putHeader("Cache-Control", "public, max-age=600")
          .putHeader("Content-Type", "text/css")
          .putHeader("ETag", "\"v1\"")
          .putHeader("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")
          .end("body of " + request.uri()));
    });
    Await.result(origin.listen(0, "127.0.0.1"));
    originUrl = "http://127.0.0.1:" + origin.actualPort();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private EdgeNode edge(boolean direct, AccessLog log) {
    return withDirectHits(direct,
        () -> TestEdges.start(vertx, HOST, originUrl, log, HEAD_TIMEOUT));
  }

  private static <T> T withDirectHits(boolean on, Supplier<T> start) {
    String before = System.getProperty("edgecdn.directHits");
    System.setProperty("edgecdn.directHits", Boolean.toString(on));
    try {
      return start.get();
    } finally {
      if (before == null) {
        System.clearProperty("edgecdn.directHits");
      } else {
        System.setProperty("edgecdn.directHits", before);
      }
    }
  }

  private NetSocket connect(EdgeNode edge) {
    return Await.result(vertx.createNetClient().connect(edge.port(), "127.0.0.1"));
  }

  private static String request(String method, String path) {
    return method + " " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nUser-Agent: test\r\n\r\n";
  }

  /** The bytes of one exchange on {@code socket}, read until {@code marker} arrived. */
  private static String exchange(NetSocket socket, String bytes, String marker) {
    Future<String> read = TestEdges.readUntil(socket, marker);
    socket.write(bytes);
    return Await.result(read);
  }

  /**
   * Age and the ttl in Cache-Status move with the clock, and the two edges compared fill from
   * the origin at moments that may be a second apart (its Date); the rest must not differ.
   */
  private static String timeless(String response) {
    return response.replaceAll("(?m)^Age: \\d+", "Age: _").replaceAll("ttl=\\d+", "ttl=_")
        .replaceAll("(?m)^Date: .*$", "Date: _");
  }

  /** An access log kept in memory. */
  private static final class Kept implements AccessLog {
    final List<AccessLogEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(AccessLogEntry entry) {
      entries.add(entry);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** An edge, a kept-alive connection to it, and {@code path} stored by a first GET on it. */
  private record Stored(EdgeNode edge, NetSocket socket) {}

  private Stored stored(boolean direct, AccessLog log, String path) {
    EdgeNode edge = edge(direct, log);
    NetSocket socket = connect(edge);
    exchange(socket, request("GET", path), "body of " + path);
    return new Stored(edge, socket);
  }

  private record Seen(String getHit, String headHit, AccessLogEntry logged, double hits,
      double hitBytes) {}

  /** A miss, then a GET and a HEAD hit on one kept-alive connection, as {@code edge} saw them. */
  private Seen hitsOf(boolean direct) {
    Kept log = new Kept();
    Stored stored = stored(direct, log, "/app.css");
    EdgeNode edge = stored.edge();
    NetSocket socket = stored.socket();
    String getHit = exchange(socket, request("GET", "/app.css"), "body of /app.css");
    String headHit = exchange(socket, request("HEAD", "/app.css"), "\r\n\r\n");
    Await.until("three lines logged", () -> log.entries.size() == 3, Await.DEFAULT);
    double hits = hitRequests(edge, "2xx");
    double bytes = edge.registry().get("cdn.response.bytes").tag("cache_status", "hit")
        .counter().count();
    return new Seen(getHit, headHit, log.entries.get(1), hits, bytes);
  }

  @Test
  void aHitAnsweredOnTheChannel_isTheAnswerTheVertxPathGives_inBytesMetricsAndLog() {
    Seen vertxPath = hitsOf(false);
    Seen direct = hitsOf(true);

    assertThat(direct.getHit()).contains("Cache-Status: edge-t; hit; ttl=")
        .endsWith("\r\n\r\nbody of /app.css");
    assertThat(timeless(direct.getHit())).isEqualTo(timeless(vertxPath.getHit()));
    assertThat(timeless(direct.headHit())).isEqualTo(timeless(vertxPath.headHit()));
    assertThat(direct.hits()).isEqualTo(vertxPath.hits()).isEqualTo(2.0);
    assertThat(direct.hitBytes()).isEqualTo(vertxPath.hitBytes()).isEqualTo(16.0);
    AccessLogEntry a = direct.logged();
    AccessLogEntry b = vertxPath.logged();
    assertThat(List.of(a.node(), a.client(), a.site(), a.method(), a.path(), a.status(),
        a.bytes(), a.cacheStatus().replaceAll("ttl=\\d+", "ttl=_"), a.upstreamMillis()))
        .isEqualTo(List.of(b.node(), b.client(), b.site(), b.method(), b.path(), b.status(),
            b.bytes(), b.cacheStatus().replaceAll("ttl=\\d+", "ttl=_"), b.upstreamMillis()));
    assertThat(atOrigin).containsExactly("GET /app.css", "GET /app.css");
  }

  private record Revalidated(List<String> answers, List<String> logged, double notModified,
      double fullHits) {}

  /**
   * A miss, then a browser's revalidations of the stored page on one connection: validators
   * that match (strong, weak, on a HEAD) and ones that do not, as {@code edge} answered them.
   */
  private Revalidated revalidationsOf(boolean direct) {
    Kept log = new Kept();
    Stored stored = stored(direct, log, "/app.css");
    EdgeNode edge = stored.edge();
    NetSocket socket = stored.socket();
    // Each with where its answer ends: a 304 at its blank line, a 200 with its body.
    String blankLine = "\r\n\r\n";
    String body = "body of /app.css";
    List<List<String>> asked = List.of(
        List.of(conditional("GET", "If-None-Match: \"v1\""), blankLine),
        List.of(conditional("GET", "If-None-Match: \"v0\""), body),
        List.of(conditional("GET", "If-None-Match: W/\"v0\", W/\"v1\""), blankLine),
        List.of(conditional("HEAD", "If-None-Match: \"v1\""), blankLine),
        List.of(conditional("GET", "If-None-Match: *"), blankLine),
        List.of(conditional("GET", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT"),
            blankLine),
        List.of(conditional("GET", "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT"), body),
        // If-None-Match decides when both are sent (RFC 9110 §13.2.2).
        List.of(conditional("GET", "If-None-Match: \"v0\"\r\n"
            + "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT"), body));
    List<String> answers = new ArrayList<>();
    for (List<String> request : asked) {
      answers.add(timeless(exchange(socket, request.get(0), request.get(1))));
    }
    Await.until("every answer logged", () -> log.entries.size() == 1 + asked.size(),
        Await.DEFAULT);
    double notModified = hitRequests(edge, "3xx");
    double fullHits = hitRequests(edge, "2xx");
    List<String> logged = log.entries.stream().skip(1)
        .map(e -> e.method() + " " + e.status() + " " + e.bytes() + " " + e.client() + " "
            + e.cacheStatus().replaceAll("ttl=\\d+", "ttl=_"))
        .toList();
    return new Revalidated(answers, logged, notModified, fullHits);
  }

  private static String conditional(String method, String validator) {
    return method + " /app.css HTTP/1.1\r\nHost: " + HOST + "\r\n" + validator + "\r\n\r\n";
  }

  @Test
  void aRevalidationAnsweredOnTheChannel_isTheAnswerTheVertxPathGives() {
    Revalidated vertxPath = revalidationsOf(false);
    Revalidated direct = revalidationsOf(true);

    assertThat(direct.answers().get(0)).startsWith("HTTP/1.1 304 Not Modified\r\n")
        .contains("ETag: \"v1\"\r\n", "Cache-Control: public, max-age=600\r\n",
            "Cache-Status: edge-t; hit; ttl=")
        .doesNotContainIgnoringCase("content-length").endsWith("\r\n\r\n");
    assertThat(direct.answers().stream().map(a -> a.substring(0, 12)).toList())
        .containsExactly("HTTP/1.1 304", "HTTP/1.1 200", "HTTP/1.1 304", "HTTP/1.1 304",
            "HTTP/1.1 304", "HTTP/1.1 304", "HTTP/1.1 200", "HTTP/1.1 200");
    assertThat(direct.answers()).isEqualTo(vertxPath.answers());
    assertThat(direct.logged()).isEqualTo(vertxPath.logged());
    assertThat(direct.notModified()).isEqualTo(vertxPath.notModified()).isEqualTo(5.0);
    assertThat(direct.fullHits()).isEqualTo(vertxPath.fullHits()).isEqualTo(3.0);
    assertThat(atOrigin).containsExactly("GET /app.css", "GET /app.css");
  }

  @Test
  void aMatchingRevalidation_isAnsweredOnTheChannel_notByVertx() {
    EdgeNode edge = edge(true, AccessLog.off());
    exchange(connect(edge), request("GET", "/app.css"), "body of /app.css");
    HeadersMultiMap headers = HeadersMultiMap.httpHeaders();
    headers.add("Host", HOST).add("If-None-Match", "\"v1\"");

    // What the connection's handler offers it, as the decoder made it.
    DirectAnswers.Answer answer = edge.directAnswers().answer(new DefaultHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.GET, "/app.css", headers), "127.0.0.1",
        System.nanoTime());

    assertThat(answer).isNotNull();
    assertThat(answer.head().toString(StandardCharsets.ISO_8859_1))
        .startsWith("HTTP/1.1 304 Not Modified\r\n").contains("ETag: \"v1\"\r\n");
    assertThat(answer.body()).isNull();
  }

  @Test
  void aHitAskedWithConnectionClose_inAnyOfTwoFields_isTheLastOnItsConnection() {
    EdgeNode edge = edge(true, AccessLog.off());
    exchange(connect(edge), request("GET", "/a"), "body of /a");
    for (String fields : List.of("Connection: close\r\n",
        "Connection: keep-alive\r\nConnection: close\r\n")) {
      NetSocket socket = connect(edge);
      String asked = "GET /a HTTP/1.1\r\nHost: " + HOST + "\r\n" + fields + "\r\n";

      // Read until the edge closes: with the connection kept, this would wait in vain.
      String answer = exchange(socket, asked + request("GET", "/a"), "\u0000never");

      assertThat(answer).startsWith("HTTP/1.1 200 ").contains("; hit; ")
          .containsIgnoringCase("connection: close");
      assertThat(answer.split("HTTP/1.1 200 ", -1)).hasSize(2);
    }
  }

  @Test
  void aMissAlone_makesNoHitSeriesAppear() {
    EdgeNode edge = edge(true, AccessLog.off());
    exchange(connect(edge), request("GET", "/a"), "body of /a");

    assertThat(edge.registry().find("cdn.requests").tag("cache_status", "hit").counters())
        .isEmpty();
    assertThat(edge.registry().find("cdn.request.duration").tag("cache_status", "hit")
        .timers()).isEmpty();
  }

  @Test
  void headHitsAlone_makeNoHitBytesSeriesAppear_asOnTheVertxPath() {
    for (boolean direct : List.of(false, true)) {
      Stored stored = stored(direct, AccessLog.off(), "/a");
      EdgeNode edge = stored.edge();
      NetSocket socket = stored.socket();
      exchange(socket, request("HEAD", "/a"), "\r\n\r\n");
      exchange(socket, conditional("GET", "If-None-Match: \"v1\"").replace("/app.css", "/a"),
          "\r\n\r\n");

      assertThat(hitRequests(edge, "2xx") + hitRequests(edge, "3xx")).as("direct " + direct)
          .isEqualTo(2.0);
      assertThat(edge.registry().find("cdn.response.bytes").tag("cache_status", "hit")
          .counters()).as("direct " + direct).isEmpty();
    }
  }

  /** The edge's count of hits answered with {@code codeClass}. */
  private static double hitRequests(EdgeNode edge, String codeClass) {
    return edge.registry().get("cdn.requests").tag("cache_status", "hit")
        .tag("code_class", codeClass).counter().count();
  }

  @Test
  void hitsPipelinedBehindAMiss_areAnsweredAfterIt_inOrder() {
    EdgeNode edge = edge(true, AccessLog.off());
    NetSocket socket = connect(edge);
    exchange(socket, request("GET", "/a"), "body of /a");
    exchange(socket, request("GET", "/b"), "body of /b");

    String all = exchange(socket, request("GET", "/slow") + request("GET", "/a")
        + request("GET", "/b"), "body of /b");

    assertThat(all.indexOf("body of /slow")).isPositive()
        .isLessThan(all.indexOf("body of /a"));
    assertThat(all.indexOf("body of /a")).isLessThan(all.indexOf("body of /b"));
    assertThat(atOrigin).containsExactly("GET /a", "GET /b", "GET /slow");
  }

  @Test
  void afterHitsAnsweredOnTheChannel_theNextHeadStillHasItsDeadline() {
    EdgeNode edge = edge(true, AccessLog.off());
    NetSocket socket = connect(edge);
    exchange(socket, request("GET", "/a"), "body of /a");
    exchange(socket, request("GET", "/a"), "body of /a");
    pause(HEAD_TIMEOUT.toMillis() * 2);

    Future<String> cut = TestEdges.readUntil(socket, "\u0000never");
    socket.write("GET /b HTTP/1.1\r\nHo");

    assertThat(Await.result(cut)).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void aClientIdleBetweenHitsLongerThanTheHeadTimeout_isNotCut() {
    EdgeNode edge = edge(true, AccessLog.off());
    NetSocket socket = connect(edge);
    exchange(socket, request("GET", "/a"), "body of /a");
    for (int i = 0; i < 2; i++) {
      pause(HEAD_TIMEOUT.toMillis() * 2);
      assertThat(exchange(socket, request("GET", "/a"), "body of /a"))
          .startsWith("HTTP/1.1 200 ").contains("; hit; ");
    }
    assertThat(edge.registry().find("cdn.client.timeouts").counters()).allSatisfy(
        counter -> assertThat(counter.count()).isZero());
  }

  /** Waits {@code millis} on a Vert.x timer (the head deadline runs on real time). */
  private void pause(long millis) {
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(millis, id -> waited.complete());
    Await.result(waited.future());
  }
}
