package org.edgecdn.purge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeStatus;
import org.edgecdn.purge.PurgeStatus.NodeState;
import org.edgecdn.purge.PurgeStatus.State;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.purge.PurgeTarget.Prefix;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.PurgeTokens.TokenGrant;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API over real HTTP on loopback, with a fake service that records what it gets. */
class PurgeApiTest {

  static final String SHOP_TOKEN = "shop-token-0123456789";
  static final String SHOP_PURGE_ONLY = "shop-purge-only-0123456789";
  static final String BLOG_TOKEN = "blog-token-0123456789";
  static final Site SHOP = PurgeRequestParserTest.SHOP;
  static final Site BLOG = new Site("blog", List.of("blog.example"),
      List.of(URI.create("http://127.0.0.1:8001")), Optional.empty());
  static final PurgeTokens TOKENS = new PurgeTokens(List.of(
      new TokenGrant("shop", SHOP_TOKEN, Set.of(Scope.PURGE, Scope.PURGE_ALL)),
      new TokenGrant("shop", SHOP_PURGE_ONLY, Set.of(Scope.PURGE)),
      new TokenGrant("blog", BLOG_TOKEN, Set.of(Scope.PURGE))));

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final FakePurgeService service = new FakePurgeService();
  private Vertx vertx;
  private HttpServer server;
  private HttpClientAgent client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    startWith(new PurgeRateLimiter(now::get));
    client = vertx.createHttpClient();
  }

  private void startWith(PurgeRateLimiter limiter) {
    if (server != null) {
      Await.result(server.close());
    }
    PurgeApi api = new PurgeApi(List.of(SHOP, BLOG), TOKENS, limiter, service, "eu");
    server = Await.result(vertx.createHttpServer().requestHandler(api).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  // ---- Authentication and authorization ----

  @Test
  void post_withoutToken_is401WithABearerChallenge() {
    Reply reply = post(null, "{\"tags\":[\"a\"]}");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"edgecdn\"");
    assertThat(reply.json().getBoolean("success")).isFalse();
    assertThat(reply.errorMessage()).contains("bearer token is required");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void post_withUnknownToken_is401() {
    Reply reply = post("not-a-valid-token-at-all", "{\"tags\":[\"a\"]}");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(reply.errorMessage()).isEqualTo("unknown token");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void post_withAnotherSitesUrl_is400AndPurgesNothing() {
    // The token names the site (blog), so a shop URL is not one of its targets.
    Reply reply = post(BLOG_TOKEN, "{\"files\":[\"https://www.shop.example/cart\"]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).contains("is not a domain of site blog");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void status_withAnotherSitesToken_is404LikeAnUnknownId() {
    service.put(shopStatus("p-7"));

    Reply reply = get("/api/v1/purge/p-7", BLOG_TOKEN);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorMessage()).isEqualTo("no purge with id p-7");
  }

  @Test
  void everything_withoutPurgeAllScope_is403AndPurgesNothing() {
    Reply reply = post(SHOP_PURGE_ONLY, "{\"everything\":true}");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.errorMessage()).isEqualTo("the token lacks scope purge_all");
    assertThat(reply.headers().get("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void everything_withPurgeAllScope_isAccepted() {
    Reply reply = post(SHOP_TOKEN, "{\"everything\":true}");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(service.commands())
        .containsExactly(new PurgeCommand("shop", new PurgeTarget.Everything(), false));
  }

  // ---- Each kind ----

  static Stream<Arguments> eachKind() {
    return Stream.of(
        Arguments.of("{\"files\":[\"https://www.shop.example/p/1\"]}",
            new PurgeTarget.Urls(List.of(URI.create("https://www.shop.example/p/1")))),
        Arguments.of("{\"tags\":[\"product-1\"]}", new PurgeTarget.Tags(List.of("product-1"))),
        Arguments.of("{\"prefixes\":[\"shop.example/static/\"]}", new PurgeTarget.Prefixes(
            List.of(new Prefix(Optional.of("shop.example"), "/static/")))),
        Arguments.of("{\"hosts\":[\"shop.example\"]}",
            new PurgeTarget.Hosts(List.of("shop.example"))),
        Arguments.of("{\"everything\":true}", new PurgeTarget.Everything()));
  }

  @ParameterizedTest
  @MethodSource("eachKind")
  void post_ofEachKind_submitsThatCommandAndAnswers202WithIdAndSeq(String body,
      PurgeTarget target) {
    Reply reply = post(SHOP_TOKEN, body);

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json()).isEqualTo(new JsonObject().put("success", true)
        .put("result", new JsonObject().put("id", "p-1").put("seq", 1)));
    assertThat(service.commands()).containsExactly(new PurgeCommand("shop", target, false));
  }

  @Test
  void post_soft_submitsASoftPurge() {
    post(SHOP_TOKEN, "{\"tags\":[\"a\"],\"soft\":true}");

    assertThat(service.commands())
        .containsExactly(new PurgeCommand("shop", new PurgeTarget.Tags(List.of("a")), true));
  }

  // ---- Bad bodies ----

  @Test
  void post_malformedJson_is400() {
    Reply reply = post(SHOP_TOKEN, "{\"tags\": [\"a\",]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).startsWith("body is not valid JSON: ");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getInteger("code"))
        .isEqualTo(400);
  }

  @Test
  void post_unknownField_is400NamingIt() {
    Reply reply = post(SHOP_TOKEN, "{\"urls\":[\"https://www.shop.example/\"]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).startsWith("unknown field \"urls\"");
  }

  @Test
  void post_twoKinds_is400() {
    Reply reply = post(SHOP_TOKEN, "{\"tags\":[\"a\"],\"hosts\":[\"shop.example\"]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage())
        .isEqualTo("give exactly one of files, tags, prefixes, hosts, everything");
  }

  @Test
  void post_wrongType_is400NamingTheField() {
    Reply reply = post(SHOP_TOKEN, "{\"files\":\"https://www.shop.example/\"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).isEqualTo("\"files\" must be a list of strings");
  }

  @Test
  void post_tooManyTargets_is413() {
    String tags = String.join(",", Collections.nCopies(101, "\"t\""));

    Reply reply = post(SHOP_TOKEN, "{\"tags\":[" + tags + "]}");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.errorMessage()).isEqualTo("at most 100 targets per purge, got 101");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void post_bodyOver64KiB_is413() {
    Reply reply = post(SHOP_TOKEN, "{\"tags\":[\"" + "a".repeat(70_000) + "\"]}");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.errorMessage()).contains("at most 65536");
  }

  @Test
  void post_chunkedBodyOver64KiB_is413() {
    Buffer part = Buffer.buffer("a".repeat(8192));
    RequestOptions options = options(HttpMethod.POST, "/api/v1/purge", SHOP_TOKEN);

    Reply reply = Await.result(client.request(options).compose(request -> {
      request.setChunked(true);
      request.write("{\"tags\":[\"");
      for (int i = 0; i < 10; i++) {
        request.write(part);
      }
      request.end("\"]}");
      return request.response().compose(response -> response.body()
          .map(body -> new Reply(response.statusCode(), response.headers(), body.toString())));
    }));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void post_declaringOver64KiB_is413BeforeAnyBodyIsSent() throws IOException {
    // The body never comes: only an answer given from the header alone can arrive.
    String head = "POST /api/v1/purge HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer "
        + SHOP_TOKEN + "\r\nContent-Length: 10000000\r\n\r\n";

    assertThat(rawStatusLine(head)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
  }

  @Test
  void post_expectingContinue_getsItOnlyWhenTheSizeIsAcceptable() throws IOException {
    String head = "POST /api/v1/purge HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer "
        + SHOP_TOKEN + "\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n";

    assertThat(rawStatusLine(head.formatted(100))).isEqualTo("HTTP/1.1 100 Continue");
    assertThat(rawStatusLine(head.formatted(100_000)))
        .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
  }

  // ---- Rate limit ----

  @Test
  void post_overTheRate_is429WithRetryAfter_andARefusedCallSpendsNothing() {
    startWith(new PurgeRateLimiter(1, 2, now::get));
    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"a\"]}").status()).isEqualTo(202);
    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"b\"]}").status()).isEqualTo(202);

    Reply refused = post(SHOP_TOKEN, "{\"tags\":[\"c\"]}");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"c\"]}").status()).isEqualTo(429);

    now.addAndGet(SECOND);

    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"d\"]}").status()).isEqualTo(202);
    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"e\"]}").status()).isEqualTo(429);
    assertThat(service.commands()).hasSize(3);
  }

  @Test
  void post_unauthenticated_spendsNoToken() {
    startWith(new PurgeRateLimiter(1, 1, now::get));
    for (int i = 0; i < 3; i++) {
      assertThat(post("not-a-valid-token-at-all", "{\"tags\":[\"a\"]}").status()).isEqualTo(401);
    }

    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"a\"]}").status()).isEqualTo(202);
  }

  @Test
  void post_sitesHaveTheirOwnBudget() {
    startWith(new PurgeRateLimiter(1, 1, now::get));
    assertThat(post(SHOP_TOKEN, "{\"tags\":[\"a\"]}").status()).isEqualTo(202);

    assertThat(post(BLOG_TOKEN, "{\"tags\":[\"a\"]}").status()).isEqualTo(202);
  }

  // ---- Cluster trouble ----

  @Test
  void post_whenTheServiceFails_is503WithTheReason() {
    service.failWith("no cluster quorum");

    Reply reply = post(SHOP_TOKEN, "{\"tags\":[\"a\"]}");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.errorMessage()).contains("node eu").contains("no cluster quorum");
  }

  // ---- Status ----

  @Test
  void status_ofAKnownPurge_is200WithEachNode() {
    service.put(shopStatus("p-7"));

    Reply reply = get("/api/v1/purge/p-7", SHOP_PURGE_ONLY);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(new JsonObject("""
        {"id":"p-7","seq":7,"site":"shop","kind":"tags","soft":true,
         "issued_at":"2025-01-02T03:04:05.678Z","complete":false,
         "nodes":[{"node":"shield","state":"applied","took_ms":3},
                  {"node":"eu","state":"pending","took_ms":null},
                  {"node":"ap","state":"down","took_ms":null}]}
        """));
  }

  @Test
  void status_ofAnUnknownId_is404() {
    Reply reply = get("/api/v1/purge/p-404", SHOP_TOKEN);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().getBoolean("success")).isFalse();
  }

  @Test
  void status_withoutToken_is401() {
    service.put(shopStatus("p-7"));

    assertThat(get("/api/v1/purge/p-7", null).status()).isEqualTo(401);
  }

  // ---- Routing ----

  @Test
  void otherPathUnderApi_is404Json() {
    Reply reply = get("/api/v2/things", SHOP_TOKEN);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void wrongMethod_is405WithAllow() {
    Reply onCollection = call(HttpMethod.GET, "/api/v1/purge", SHOP_TOKEN, null);
    Reply onPurge = call(HttpMethod.DELETE, "/api/v1/purge/p-1", SHOP_TOKEN, null);

    assertThat(onCollection.status()).isEqualTo(405);
    assertThat(onCollection.headers().get("Allow")).isEqualTo("POST");
    assertThat(onPurge.status()).isEqualTo(405);
    assertThat(onPurge.headers().get("Allow")).isEqualTo("GET, HEAD");
  }

  // ---- Helpers ----

  static PurgeStatus shopStatus(String id) {
    return new PurgeStatus(id, 7, new PurgeCommand("shop", new PurgeTarget.Tags(List.of("a")),
        true), 1_735_787_045_678L, List.of(
        new NodeState("shield", State.APPLIED, OptionalLong.of(3)),
        new NodeState("eu", State.PENDING, OptionalLong.empty()),
        new NodeState("ap", State.DOWN, OptionalLong.empty())));
  }

  record Reply(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String errorMessage() {
      return json().getJsonArray("errors").getJsonObject(0).getString("message");
    }
  }

  private Reply post(String token, String body) {
    return call(HttpMethod.POST, "/api/v1/purge", token, body);
  }

  private Reply get(String uri, String token) {
    return call(HttpMethod.GET, uri, token, null);
  }

  private Reply call(HttpMethod method, String uri, String token, String body) {
    // Nested, not chained: chained compose can drop body chunks in Vert.x 5.0.7.
    return Await.result(client.request(options(method, uri, token))
        .compose(request -> request.send(body == null ? Buffer.buffer() : Buffer.buffer(body))
            .compose(response -> response.body()
                .map(b -> new Reply(response.statusCode(), response.headers(), b.toString())))));
  }

  private RequestOptions options(HttpMethod method, String uri, String token) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI(uri);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return options;
  }

  /** Sends {@code head} on a fresh connection and reads the first status line back. */
  private String rawStatusLine(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString().trim();
    }
  }
}
