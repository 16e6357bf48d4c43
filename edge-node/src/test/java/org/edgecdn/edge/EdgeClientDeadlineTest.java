package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients: a request head (or body) not delivered within the head timeout closes the
 * connection, with a 408 when part of it came; a client that is merely idle between requests,
 * or slow to ask but quick to send, is left alone. The timeout is 300 ms here, not 20 s.
 */
class EdgeClientDeadlineTest {

  private static final String HOST = "www.shop.example";
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private Vertx vertx;
  private EdgeNode edge;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    HttpServer origin = vertx.createHttpServer().requestHandler(request ->
        request.body().onComplete(body -> {
          seen.add(request.method() + " " + request.uri()
              + (body.succeeded() ? " complete" : " broken"));
          if (body.succeeded()) {
            request.response().end("page " + request.uri());
          }
        }));
    Await.result(origin.listen(0, "127.0.0.1"));
    edge = TestEdges.start(vertx, HOST, "http://127.0.0.1:" + origin.actualPort(),
        AccessLog.off(), TIMEOUT);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private NetSocket connect() {
    return Await.result(vertx.createNetClient().connect(edge.port(), "127.0.0.1"));
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
  }

  /** Waits {@code millis} on a Vert.x timer (the edge's clock is real time). */
  private void pause(long millis) {
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(millis, id -> waited.complete());
    Await.result(waited.future());
  }

  private double cuts(String phase) {
    return edge.registry().get("cdn.client.timeouts").tag("phase", phase).counter().count();
  }

  @Test
  void aHeadTrickledByteByByte_gets408_andIsClosed() {
    NetSocket socket = connect();
    Future<String> read = TestEdges.readUntil(socket, "\u0000never");
    String head = get("/slow");
    // One byte every 50 ms: each resets the idle timeout, none the head's clock.
    long[] sent = {0};
    long timer = vertx.setPeriodic(50, id -> {
      if (sent[0] < head.length() - 1) {
        socket.write(head.substring((int) sent[0], (int) ++sent[0]));
      }
    });

    String answer = Await.result(read);
    vertx.cancelTimer(timer);

    assertThat(answer).startsWith("HTTP/1.1 408 ");
    assertThat(sent[0]).isLessThan(head.length() - 1);
    assertThat(seen).isEmpty();
    assertThat(cuts("head")).isEqualTo(1.0);
  }

  @Test
  void aConnectionThatSaysNothing_isClosedQuietly() {
    assertThat(Await.result(TestEdges.readUntil(connect(), "\u0000never"))).isEmpty();
    assertThat(cuts("head")).isEqualTo(1.0);
  }

  /**
   * Regression: a half-sent HTTP/2 preface got an HTTP/1.1 408, which an HTTP/2 client reads as
   * a broken frame; it is closed as HTTP/2 closes, without an answer.
   */
  @Test
  void anHttp2PrefaceNeverCompleted_isClosed_withoutAnHttp1Answer() {
    NetSocket socket = connect();
    Future<String> read = TestEdges.readUntil(socket, "\u0000never");
    socket.write("PRI * HTTP/2.0\r\n");

    assertThat(Await.result(read)).isEmpty();
    assertThat(cuts("head")).isEqualTo(1.0);
  }

  @Test
  void aKeptAliveClient_askingSlowerThanTheTimeout_butSendingEachHeadAtOnce_isNeverCut() {
    NetSocket socket = connect();
    for (String path : List.of("/a", "/b", "/c")) {
      Future<String> answered = TestEdges.readUntil(socket, "page " + path);
      socket.write(get(path));
      assertThat(Await.result(answered)).startsWith("HTTP/1.1 200 ").endsWith("page " + path);
      // Idle past the head timeout: the idle timeout's business (75 s), not the head's.
      pause(TIMEOUT.toMillis() * 2);
    }
    assertThat(cuts("head")).isZero();
    assertThat(seen).containsExactly("GET /a complete", "GET /b complete", "GET /c complete");
  }

  @Test
  void theSecondHeadOfAKeptAliveConnection_hasItsOwnDeadline() {
    NetSocket socket = connect();
    Future<String> first = TestEdges.readUntil(socket, "page /a");
    socket.write(get("/a"));
    Await.result(first);
    pause(TIMEOUT.toMillis() * 2);

    Future<String> second = TestEdges.readUntil(socket, "\u0000never");
    socket.write("GET /b HTTP/1.1\r\nHo");

    assertThat(Await.result(second)).startsWith("HTTP/1.1 408 ");
    assertThat(seen).containsExactly("GET /a complete");
  }

  @Test
  void aBodyThatStopsArriving_isCut_andReachesTheOriginBroken() {
    NetSocket socket = connect();
    Future<String> read = TestEdges.readUntil(socket, "\u0000never");
    socket.write("POST /upload HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 10\r\n\r\n123");

    assertThat(Await.result(read)).startsWith("HTTP/1.1 408 ");
    Await.until("the origin saw the upload end", () -> !seen.isEmpty(), Duration.ofSeconds(5));
    assertThat(seen).containsExactly("POST /upload broken");
    assertThat(cuts("body")).isEqualTo(1.0);
  }
}
