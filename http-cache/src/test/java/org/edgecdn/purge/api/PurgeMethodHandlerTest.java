package org.edgecdn.purge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PURGE /path} on a traffic port, the way the edge's request path calls it. */
class PurgeMethodHandlerTest {

  private static final HttpMethod PURGE = HttpMethod.valueOf("PURGE");

  private final AtomicLong now = new AtomicLong();
  private final FakePurgeService service = new FakePurgeService();
  private Vertx vertx;
  private HttpServer server;
  private HttpClientAgent client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    PurgeMethodHandler purge = new PurgeMethodHandler(PurgeApiTest.TOKENS,
        new PurgeRateLimiter(1, 1, now::get), service, "eu");
    // Stands in for the edge: match the site by Host, then hand PURGE over.
    List<Site> sites = List.of(PurgeApiTest.SHOP, PurgeApiTest.BLOG);
    server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      String host = request.authority().host().toLowerCase(Locale.ROOT);
      Site site = sites.stream().filter(s -> s.domains().contains(host)).findFirst()
          .orElseThrow();
      purge.handle(request, site);
    }).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void purge_withoutSoftHeader_submitsAHardUrlPurgeAndAnswersItsId() {
    Reply reply = purge("www.shop.example", "/p/1?color=red", PurgeApiTest.SHOP_TOKEN);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(new JsonObject(reply.body())).isEqualTo(new JsonObject()
        .put("status", "ok").put("id", "p-1").put("seq", 1));
    assertThat(service.commands()).containsExactly(new PurgeCommand("shop",
        new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/p/1?color=red"))),
        false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Fastly-Soft-Purge", "Soft-Purge"})
  void purge_withSoftHeader_submitsASoftPurge(String header) {
    Reply reply = purge("www.shop.example", "/p/1", PurgeApiTest.SHOP_TOKEN, header, "1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(service.commands()).singleElement()
        .extracting(PurgeCommand::soft).isEqualTo(true);
  }

  @Test
  void purge_hostWithPortAndCapitals_purgesTheSitesSpelling() {
    purge("WWW.Shop.Example:8080", "/a", PurgeApiTest.SHOP_TOKEN);

    assertThat(service.commands()).singleElement().extracting(PurgeCommand::target)
        .isEqualTo(new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/a"))));
  }

  @Test
  void purge_withoutToken_is401WithChallenge() {
    Reply reply = purge("www.shop.example", "/a", null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"edgecdn\"");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void purge_withUnknownToken_is401() {
    assertThat(purge("www.shop.example", "/a", "not-a-valid-token-at-all").status())
        .isEqualTo(401);
  }

  @Test
  void purge_withAnotherSitesToken_is403NamingBothSites() {
    Reply reply = purge("www.shop.example", "/a", PurgeApiTest.BLOG_TOKEN);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(new JsonObject(reply.body()).getString("message"))
        .isEqualTo("the token is for site blog, not shop");
    assertThat(service.commands()).isEmpty();
  }

  @Test
  void purge_overTheRate_is429WithRetryAfter() {
    purge("www.shop.example", "/a", PurgeApiTest.SHOP_TOKEN);

    Reply reply = purge("www.shop.example", "/b", PurgeApiTest.SHOP_TOKEN);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
    assertThat(service.commands()).hasSize(1);
  }

  @Test
  void purge_whenTheServiceFails_is503() {
    service.failWith("cluster unreachable");

    Reply reply = purge("www.shop.example", "/a", PurgeApiTest.SHOP_TOKEN);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.body()).contains("cluster unreachable");
  }

  @Test
  void purge_withAbsoluteFormTarget_usesItsPathOnTheHost() throws IOException {
    String request = "PURGE http://www.shop.example/abs?x=1 HTTP/1.1\r\nHost: www.shop.example"
        + "\r\nAuthorization: Bearer " + PurgeApiTest.SHOP_TOKEN + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      assertThat(line.toString().trim()).isEqualTo("HTTP/1.1 200 OK");
    }

    assertThat(service.commands()).singleElement().extracting(PurgeCommand::target)
        .isEqualTo(new PurgeTarget.Urls(List.of(URI.create("http://www.shop.example/abs?x=1"))));
  }

  // ---- Helpers ----

  record Reply(int status, MultiMap headers, String body) {}

  private Reply purge(String host, String path, String token, String... header) {
    RequestOptions options = new RequestOptions().setMethod(PURGE).setHost("127.0.0.1")
        .setPort(server.actualPort()).setURI(path).putHeader("Host", host);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < header.length; i += 2) {
      options.putHeader(header[i], header[i + 1]);
    }
    // Nested, not chained: chained compose can drop body chunks in Vert.x 5.0.7.
    return Await.result(client.request(options).compose(request -> request.send()
        .compose(response -> response.body()
            .map(b -> new Reply(response.statusCode(), response.headers(), b.toString())))));
  }
}
