package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.launcher.demo.DemoOriginFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Edge Shop site, its static files and JSON API, over real HTTP on loopback. */
class DemoOriginTest {

  private static final Pattern STRONG_ETAG = Pattern.compile("\"[0-9a-f]{32}\"");
  private static final Pattern LINK = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"");

  private static DemoOriginFixture origin;

  @BeforeAll
  static void start() {
    origin = DemoOriginFixture.start();
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  @Test
  void homePage_servedWithSharedCacheHeaders() {
    Reply home = origin.get("/");

    assertThat(home.status()).isEqualTo(200);
    assertThat(home.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(home.header("Cache-Control"))
        .isEqualTo("public, max-age=60, s-maxage=300, stale-while-revalidate=30");
    assertThat(home.header("ETag")).matches(STRONG_ETAG);
    assertThat(home.header("Last-Modified")).isEqualTo(DemoOriginFixture.LAST_MODIFIED);
    assertThat(home.header("Date")).isEqualTo(DemoOriginFixture.DATE);
    assertThat(home.header("Server")).isEqualTo("edgecdn-demo-origin");
    assertThat(home.header("Surrogate-Key")).isEqualTo("page home");
    assertThat(home.header("Cache-Tag")).isEqualTo("page,home");
    assertThat(home.header("Content-Length")).isEqualTo(String.valueOf(home.body().length()));
    assertThat(home.text()).contains(
        "href=\"/products\"", "href=\"/about\"", "href=\"/cart\"", "href=\"/products/1\"",
        "href=\"/static/app.css\"", "src=\"/static/app.js\"",
        "src=\"/static/img/product-1.svg\"");
  }

  @Test
  void everyPage_rootRelativeLinksAndAssets_resolveOnTheOrigin() {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(Set.of("/"));
    while (!todo.isEmpty()) {
      String path = todo.pop();
      if (!seen.add(path) || path.startsWith("/api/")) {
        continue;
      }
      Reply reply = origin.get(path);
      assertThat(reply.status()).as(path).isEqualTo(200);
      if (reply.header("Content-Type").startsWith("text/html")) {
        Matcher link = LINK.matcher(reply.text());
        while (link.find()) {
          todo.add(link.group(1));
        }
      }
    }
    assertThat(seen).contains("/", "/products", "/products/1", "/products/6", "/about",
        "/cart", "/static/app.css", "/static/app.js", "/static/img/logo.svg",
        "/static/img/product-6.svg");
  }

  @Test
  void homePage_ifNoneMatchCurrentEtag_answers304WithCacheHeaders() {
    String etag = origin.get("/").header("ETag");

    Reply revalidated = origin.get("/", "If-None-Match", etag);

    assertThat(revalidated.status()).isEqualTo(304);
    assertThat(revalidated.body().length()).isZero();
    assertThat(revalidated.header("ETag")).isEqualTo(etag);
    assertThat(revalidated.header("Cache-Control")).contains("s-maxage=300");
    assertThat(revalidated.header("Surrogate-Key")).isEqualTo("page home");
  }

  @Test
  void homePage_weakOrListedEtag_answers304() {
    String etag = origin.get("/").header("ETag");

    assertThat(origin.get("/", "If-None-Match", "W/" + etag).status()).isEqualTo(304);
    assertThat(origin.get("/", "If-None-Match", "\"old\", " + etag).status()).isEqualTo(304);
  }

  @Test
  void homePage_staleEtag_answers200EvenIfNotModifiedSince() {
    Reply reply = origin.get("/", "If-None-Match", "\"stale\"",
        "If-Modified-Since", DemoOriginFixture.LAST_MODIFIED);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().length()).isPositive();
  }

  @Test
  void homePage_ifModifiedSince_answers304OnlyFromTheDeployOn() {
    assertThat(origin.get("/", "If-Modified-Since", DemoOriginFixture.LAST_MODIFIED).status())
        .isEqualTo(304);
    assertThat(origin.get("/", "If-Modified-Since", "Fri, 28 Feb 2025 09:29:59 GMT").status())
        .isEqualTo(200);
  }

  @Test
  void productPage_taggedForPurgeByProduct() {
    Reply product = origin.get("/products/3");

    assertThat(product.status()).isEqualTo(200);
    assertThat(product.header("Surrogate-Key")).isEqualTo("page products product-3");
    assertThat(product.header("Cache-Tag")).isEqualTo("page,products,product-3");
    assertThat(product.text()).contains("Purge Button", "src=\"/static/img/product-3.svg\"");
    assertThat(origin.get("/products").header("Surrogate-Key"))
        .startsWith("page products product-1").endsWith("product-6");
  }

  @Test
  void pages_sameDeploy_sameEtagsOnEveryStart() {
    try (DemoOriginFixture again = DemoOriginFixture.start()) {
      assertThat(again.get("/products/2").header("ETag"))
          .isEqualTo(origin.get("/products/2").header("ETag"));
    }
  }

  @Test
  void unknownPath_servesNotFoundPageCachedBriefly() {
    Reply missing = origin.get("/products/7");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.header("Cache-Control")).isEqualTo("public, max-age=10");
    assertThat(missing.header("ETag")).isNull();
    assertThat(missing.text()).contains("Page not found", "href=\"/\"");
  }

  @Test
  void staticAsset_servedImmutableWithValidators() {
    Reply css = origin.get("/static/app.css");
    Reply svg = origin.get("/static/img/product-4.svg");

    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(css.header("ETag")).matches(STRONG_ETAG);
    assertThat(css.header("Last-Modified")).isEqualTo(DemoOriginFixture.LAST_MODIFIED);
    assertThat(svg.header("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(svg.header("Surrogate-Key")).isEqualTo("static img product-4");
    assertThat(svg.text()).startsWith("<svg").contains("Shield Sticker Pack");
    assertThat(origin.get("/static/app.js", "If-None-Match", css.header("ETag")).status())
        .isEqualTo(200);
  }

  @Test
  void staticAsset_head_sendsHeadersAndLengthWithoutBody() {
    Reply get = origin.get("/static/app.js");
    Reply head = origin.send(HttpMethod.HEAD, "/static/app.js", null);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body().length()).isZero();
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get.body().length()));
    assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
  }

  @Test
  void page_post_answers405() {
    Reply post = origin.send(HttpMethod.POST, "/products", null);

    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void apiProducts_listsCatalogForThirtySeconds() {
    Reply list = origin.get("/api/products");

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("Content-Type")).isEqualTo("application/json");
    assertThat(list.header("Cache-Control")).isEqualTo("public, max-age=30");
    assertThat(list.header("ETag")).matches(STRONG_ETAG);
    JsonArray products = list.json().getJsonArray("products");
    assertThat(products).hasSize(6);
    assertThat(products.getJsonObject(2).getString("name")).isEqualTo("Purge Button");
    assertThat(origin.get("/api/products/3").json().getInteger("price_cents")).isEqualTo(1900);
  }

  @Test
  void apiProduct_unknownId_answers404JsonCachedBriefly() {
    Reply missing = origin.get("/api/products/99");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).isEqualTo("application/json");
    assertThat(missing.header("Cache-Control")).isEqualTo("public, max-age=10");
    assertThat(missing.header("Surrogate-Key")).isEqualTo("api products");
    assertThat(missing.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
  }

  @Test
  void apiTime_neverStored_showsInjectedClock() {
    Reply time = origin.get("/api/time");

    assertThat(time.status()).isEqualTo(200);
    assertThat(time.header("Cache-Control")).isEqualTo("no-store");
    assertThat(time.json().getString("now")).isEqualTo(DemoOriginFixture.NOW.toString());
    assertThat(time.json().getLong("epoch_millis"))
        .isEqualTo(DemoOriginFixture.NOW.toEpochMilli());
  }

  @Test
  void healthz_answersOkUncached() {
    Reply health = origin.get("/healthz");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text()).isEqualTo("ok");
    assertThat(health.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void cart_withoutCookie_setsCartCookieAndForbidsCaching() {
    Reply cart = origin.get("/cart");

    assertThat(cart.status()).isEqualTo(200);
    assertThat(cart.header("Cache-Control")).isEqualTo("private, no-store");
    assertThat(cart.header("ETag")).isNull();
    assertThat(cart.header("Set-Cookie")).startsWith("cart=").contains("Path=/", "HttpOnly");
    String cartId = cart.header("Set-Cookie").substring(5, cart.header("Set-Cookie").indexOf(';'));
    assertThat(cart.text()).contains(cartId);
  }

  @Test
  void cart_withCookie_showsThatCartAndSetsNoCookie() {
    Reply cart = origin.get("/cart", "Cookie", "theme=dark; cart=abc-123");

    assertThat(cart.header("Set-Cookie")).isNull();
    assertThat(cart.text()).contains("abc-123");
  }

  @Test
  void start_portHeldByAnotherSocket_failsNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> startOn(port))
          .hasMessage("demo origin: 127.0.0.1:" + port + " is already in use");
    }
  }

  @Test
  void start_portOfAnotherServerInSameVertx_failsInsteadOfSharingIt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    DemoOrigin first = startOn(port);
    try {
      assertThatThrownBy(() -> startOn(port))
          .hasMessage("demo origin: 127.0.0.1:" + port + " is already in use");
    } finally {
      DemoOriginFixture.await(first.close());
    }
  }

  @Test
  void options_defaults_deployedNowWithDefaultChatDelay() {
    DemoOriginOptions defaults = DemoOriginOptions.defaults("127.0.0.1", 8000);

    assertThat(defaults.chatDelay()).isEqualTo(Duration.ofMillis(800));
    assertThat(defaults.deployedAt()).isBeforeOrEqualTo(Instant.now());
    assertThat(DemoOriginFixture.options().deployedAt().getNano()).isZero();
  }

  /** Starts a second origin in the fixture's Vertx; a failure is rethrown as its cause. */
  private static DemoOrigin startOn(int port) throws Exception {
    DemoOriginOptions options = new DemoOriginOptions(DemoOriginFixture.HOST, port,
        DemoOriginFixture.CHAT_DELAY, DemoOriginFixture.DEPLOYED_AT);
    try {
      return DemoOrigin.start(origin.vertx, options)
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
