package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.shield.ShieldNode;
import org.edgecdn.shield.ShieldOptions;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.edgecdn.testkit.ScriptedOrigin;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding through the network without caching: client → edge (→ shield) → scripted origin,
 * asserting what the origin received and what the client got back.
 */
class EdgeForwardingTest {

  private static final String HOST = "www.shop.example";

  private Vertx vertx;
  private HttpClient client;
  private ScriptedOrigin origin;
  private final List<Future<Void>> toClose = new ArrayList<>();

  @BeforeEach
  void startOrigin() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
    origin = Await.result(ScriptedOrigin.start(vertx, got -> Reply.ok("hello from origin")));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private Site site(String... origins) {
    return new Site("shop", List.of(HOST, "shop.example"),
        java.util.Arrays.stream(origins).map(URI::create).toList(), Optional.empty());
  }

  private EdgeNode edge(List<EdgeOptions.ShieldAddress> shields, long responseTimeoutMillis) {
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site(origin.baseUrl())), shields, 1_000,
        responseTimeoutMillis, CacheOptions.edgeDefaults());
    return Await.result(EdgeNode.start(vertx, options, AccessLog.off(), new MemberSlot()));
  }

  private EdgeNode edge() {
    return edge(List.of(), 5_000);
  }

  private ShieldNode shield(HostPort listen) {
    ShieldOptions options = new ShieldOptions("shield", listen, new HostPort("127.0.0.1", 0),
        List.of(site(origin.baseUrl())), Set.of("127.0.0.1"), 1_000, 5_000,
        CacheOptions.shieldDefaults());
    return Await.result(ShieldNode.start(vertx, options, AccessLog.off(), new MemberSlot()));
  }

  private Answer get(int port, String path, MultiMap headers) {
    return send(HttpMethod.GET, port, path, headers, null);
  }

  private Answer send(HttpMethod method, int port, String path, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path).setHeaders(headers);
    // Nested, not chained: the body handler must be set on the event loop as the response
    // arrives, or Vert.x 5.0.7 may drop early chunks (eclipse-vertx/vert.x#5825, #6038).
    return Await.result(client.request(options).compose(request ->
        (body == null ? request.send() : request.send(body)).compose(response ->
            response.body().map(b -> new Answer(response, b)))));
  }

  private static MultiMap headers(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  record Answer(int status, MultiMap headers, String body) {
    Answer(HttpClientResponse response, Buffer body) {
      this(response.statusCode(), response.headers(), body.toString());
    }
  }

  @Test
  void forwardingHeaders_sentByClient_areReplacedByTheNetwork() {
    EdgeNode edge = edge();

    Answer answer = get(edge.port(), "/", headers("Host", HOST,
        "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example",
        "X-Forwarded-Proto", "https", "Via", "1.1 evil", "Forwarded", "for=6.6.6.6",
        "X-Real-IP", "6.6.6.6"));

    assertThat(answer.status()).isEqualTo(200);
    MultiMap seen = origin.last().headers();
    assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(seen.getAll("X-Forwarded-Host")).containsExactly(HOST);
    assertThat(seen.getAll("X-Forwarded-Proto")).containsExactly("http");
    assertThat(seen.getAll("Via")).containsExactly("1.1 edge-t (edgecdn)");
    assertThat(seen.contains("Forwarded")).isFalse();
    assertThat(seen.contains("X-Real-IP")).isFalse();
    assertThat(seen.get("Host")).isEqualTo(HOST);
  }

  @Test
  void forwardingHeaders_throughShield_keepTheClientAddressFromTheEdge() {
    HostPort shieldAddress = new HostPort("127.0.0.1", FreePorts.loopback());
    shield(shieldAddress);
    EdgeNode edge = edge(List.of(new EdgeOptions.ShieldAddress("shield", shieldAddress)), 5_000);

    Answer answer = get(edge.port(), "/page", headers("Host", HOST,
        "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.example"));

    assertThat(answer.status()).isEqualTo(200);
    MultiMap seen = origin.last().headers();
    // The edge's client address, then the edge's own address as the shield saw it.
    assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1, 127.0.0.1");
    assertThat(seen.get("X-Forwarded-Host")).isEqualTo(HOST);
    assertThat(seen.get("Via")).isEqualTo("1.1 edge-t (edgecdn), 1.1 shield (edgecdn)");
    assertThat(answer.headers().get("Cache-Status"))
        .isEqualTo("shield; fwd=uri-miss; fwd-status=200; detail=no-freshness, "
            + "edge-t; fwd=uri-miss; fwd-status=200; detail=no-freshness");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void unknownHost_gets421_withoutTouchingAnyOrigin() {
    EdgeNode edge = edge();

    Answer answer = get(edge.port(), "/", headers("Host", "www.other.example"));

    assertThat(answer.status()).isEqualTo(421);
    assertThat(answer.body()).contains("www.other.example");
    assertThat(answer.headers().get("Cache-Status")).isEqualTo("edge-t; detail=unknown-host");
    assertThat(origin.received()).isEmpty();
  }

  @Test
  void host_matchesWithoutCaseOrPort() {
    EdgeNode edge = edge();

    Answer answer = get(edge.port(), "/", headers("Host", "WWW.Shop.Example:8080"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("hello from origin");
    assertThat(origin.last().headers().get("Host")).isEqualTo(HOST);
  }

  @Test
  void post_isForwardedWithItsWholeBody() {
    EdgeNode edge = edge();
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(bytes);

    Answer answer = send(HttpMethod.POST, edge.port(), "/upload?x=1",
        headers("Host", HOST, "Content-Type", "application/octet-stream"), Buffer.buffer(bytes));

    assertThat(answer.status()).isEqualTo(200);
    ScriptedOrigin.Received got = origin.last();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.uri()).isEqualTo("/upload?x=1");
    assertThat(got.body().getBytes()).isEqualTo(bytes);
    assertThat(answer.headers().get("Cache-Status")).isEqualTo("edge-t; fwd=method; fwd-status=200");
  }

  @Test
  void hopByHopHeaders_includingThoseNamedInConnection_areNotForwarded() {
    origin.script(got -> Reply.ok("x").header("Connection", "X-Origin-Secret")
        .header("X-Origin-Secret", "1").header("Keep-Alive", "timeout=5"));
    EdgeNode edge = edge();

    Answer answer = get(edge.port(), "/", headers("Host", HOST, "Connection", "X-Client-Secret",
        "X-Client-Secret", "1", "Proxy-Authorization", "Basic Zm9vOmJhcg=="));

    MultiMap seen = origin.last().headers();
    assertThat(seen.contains("X-Client-Secret")).isFalse();
    assertThat(seen.contains("Proxy-Authorization")).isFalse();
    assertThat(answer.headers().contains("X-Origin-Secret")).isFalse();
    assertThat(answer.headers().contains("Keep-Alive")).isFalse();
  }

  @Test
  void cdnOnlyHeaders_areStrippedAtTheEdge_butPassedByTheShield() {
    origin.script(got -> Reply.ok("x").header("Surrogate-Key", "page home")
        .header("Cache-Tag", "home").header("CDN-Cache-Control", "max-age=60")
        .header("Surrogate-Control", "max-age=60").header("Cache-Control", "max-age=5"));
    HostPort shieldAddress = new HostPort("127.0.0.1", FreePorts.loopback());
    ShieldNode shield = shield(shieldAddress);
    EdgeNode edge = edge(List.of(new EdgeOptions.ShieldAddress("shield", shieldAddress)), 5_000);

    Answer atShield = get(shield.port(), "/", headers("Host", HOST));
    Answer atEdge = get(edge.port(), "/", headers("Host", HOST));

    assertThat(atShield.headers().get("Surrogate-Key")).isEqualTo("page home");
    assertThat(atShield.headers().get("CDN-Cache-Control")).isEqualTo("max-age=60");
    assertThat(atEdge.headers().contains("Surrogate-Key")).isFalse();
    assertThat(atEdge.headers().contains("Cache-Tag")).isFalse();
    assertThat(atEdge.headers().contains("CDN-Cache-Control")).isFalse();
    assertThat(atEdge.headers().contains("Surrogate-Control")).isFalse();
    assertThat(atEdge.headers().get("Cache-Control")).isEqualTo("max-age=5");
  }

  @Test
  void shieldDown_edgeFallsBackToTheOrigin() {
    HostPort deadShield = new HostPort("127.0.0.1", FreePorts.loopback());
    EdgeNode edge = edge(List.of(new EdgeOptions.ShieldAddress("shield", deadShield)), 5_000);

    Answer answer = get(edge.port(), "/", headers("Host", HOST));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("hello from origin");
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void originDown_gets502_withTheReasonInCacheStatus() {
    int deadPort = FreePorts.loopback();
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0), List.of(site("http://127.0.0.1:" + deadPort)), List.of(),
        1_000, 5_000, CacheOptions.edgeDefaults());
    EdgeNode edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(),
        new MemberSlot()));

    Answer answer = get(edge.port(), "/", headers("Host", HOST));

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.headers().get("Cache-Status"))
        .isEqualTo("edge-t; fwd=uri-miss; detail=connect-failed");
    assertThat(answer.body()).contains("127.0.0.1:" + deadPort).contains("connection refused");
  }

  @Test
  void earlyHints_fromTheOrigin_reachTheClient() {
    HttpServer hinting = Await.result(vertx.createHttpServer()
        .requestHandler(request -> request.response()
            .writeEarlyHints(MultiMap.caseInsensitiveMultiMap()
                .add("Link", "</static/app.css>; rel=preload; as=style"))
            .onComplete(v -> request.response().end("page")))
        .listen(0, "127.0.0.1"));
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0),
        List.of(site("http://127.0.0.1:" + hinting.actualPort())), List.of(), 1_000, 5_000,
        CacheOptions.edgeDefaults());
    EdgeNode edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(),
        new MemberSlot()));
    List<String> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestOptions request = new RequestOptions().setHost("127.0.0.1").setPort(edge.port())
        .setURI("/").setHeaders(headers("Host", HOST));

    String body = Await.result(client.request(request).compose(req -> {
      req.earlyHintsHandler(h -> hints.add(h.get("Link")));
      return req.send().compose(resp -> resp.body().map(Buffer::toString));
    }));

    assertThat(body).isEqualTo("page");
    assertThat(hints).containsExactly("</static/app.css>; rel=preload; as=style");
  }

  @Test
  void silentOrigin_gets504_afterTheResponseTimeout() {
    // An origin that accepts the request and never answers.
    HttpServer silent = Await.result(vertx.createHttpServer()
        .requestHandler(request -> { })
        .listen(0, "127.0.0.1"));
    EdgeOptions options = new EdgeOptions("t", new HostPort("127.0.0.1", 0),
        new HostPort("127.0.0.1", 0),
        List.of(site("http://127.0.0.1:" + silent.actualPort())), List.of(), 1_000, 300,
        CacheOptions.edgeDefaults());
    EdgeNode edge = Await.result(EdgeNode.start(vertx, options, AccessLog.off(),
        new MemberSlot()));

    Answer answer = get(edge.port(), "/", headers("Host", HOST));

    assertThat(answer.status()).isEqualTo(504);
    assertThat(answer.headers().get("Cache-Status"))
        .isEqualTo("edge-t; fwd=uri-miss; detail=response-timeout");
  }

  /**
   * Regression: an origin answer longer than its Content-Length left its tail on the kept-alive
   * connection, and the next request on it, another client's, got a 502 ("invalid version
   * format"). A bodiless GET whose answer cannot be parsed is asked again, once.
   */
  @Test
  void originAnswerOverrunningItsLength_doesNotBreakTheNextRequest() {
    AtomicInteger answers = new AtomicInteger();
    NetServer overrunning = vertx.createNetServer().connectHandler(socket -> socket.handler(
        request -> socket.write(answers.incrementAndGet() == 1
            ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: no-store\r\n\r\n"
                + "0123456789"
            : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCache-Control: no-store\r\n\r\nok")));
    Await.result(overrunning.listen(0, "127.0.0.1"));
    EdgeNode edge = TestEdges.start(vertx, HOST, "http://127.0.0.1:" + overrunning.actualPort());

    Answer first = get(edge.port(), "/first", headers("Host", HOST));
    Answer next = get(edge.port(), "/next", headers("Host", HOST));

    assertThat(first.body()).isEqualTo("01234");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.body()).isEqualTo("ok");
  }
}
