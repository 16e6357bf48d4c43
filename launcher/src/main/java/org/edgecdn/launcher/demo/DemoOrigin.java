package org.edgecdn.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.edgecdn.http.PortProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin of the demo network: the "Edge Shop" website, its JSON API, an OpenAI-compatible
 * chat endpoint and a few echo endpoints, so every CDN feature can be tried offline.
 *
 * <p><b>Design.</b> The point of this server is its headers. Each kind of response takes a
 * different branch of the edge's decisions, and together they cover the cache:
 * <ul>
 *   <li>pages: short in browsers, longer at the CDN, stale-while-revalidate, strong ETag and
 *       Last-Modified answered with 304 (revalidation);
 *   <li>{@code /static/}: a year, immutable (the hit path);
 *   <li>{@code /cart}: {@code private, no-store} and a Set-Cookie (must never be shared);
 *   <li>{@code /api/products}: 30 s JSON; unknown ids a 10 s 404 (negative caching);
 *   <li>{@code /api/time}, {@code /healthz}, {@code /echo/*}: {@code no-store} (pass);
 *   <li>{@code /v1/chat/completions}: slow, deterministic, with no Cache-Control, so the edge's
 *       LLM-answer policy alone decides;
 *   <li>{@code /ws/echo}: WebSocket pass-through;
 *   <li>{@code /_demo/fault}: a switch that makes every other answer slow or failing
 *       ({@link OriginFaults}), to watch the network answer a bad origin.
 * </ul>
 * Every stored page, asset and API answer names purge tags ({@code Surrogate-Key},
 * {@code Cache-Tag}) such as {@code page products product-3}.
 *
 * <p>Everything except the cart and the echoes is rendered once at start and served from
 * memory, and nothing depends on the wall clock but {@code Date} and {@code /api/time}: the
 * same {@code deployedAt} gives byte-identical pages, ETags and chat answers on every run.
 * Routing is a plain switch on the path: a dozen routes do not need a router library.
 */
public final class DemoOrigin {

  static final String SERVER = "edgecdn-demo-origin";

  private static final Logger LOG = LoggerFactory.getLogger(DemoOrigin.class);
  private static final String CART_COOKIE = "cart";
  private static final Pattern CART_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final int CART_COOKIE_SECONDS = 30 * 24 * 3600;

  private final Vertx vertx;
  private final HttpServer server;
  private final Clock clock;
  private final OriginFaults faults = new OriginFaults();
  private final DemoSite site;
  private final Map<String, Resource> assets;
  private final ProductApi api;
  private final ChatCompletions chat;

  private DemoOrigin(Vertx vertx, DemoOriginOptions options, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.site = new DemoSite(options.deployedAt());
    this.assets = StaticAssets.build(options.deployedAt());
    this.api = new ProductApi(options.deployedAt());
    this.chat = new ChatCompletions(vertx, options.chatDelay(), options.deployedAt());
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /**
   * Renders the site and listens on {@code options.host():options.port()}. The future fails
   * with a message naming the address when it cannot bind, e.g.
   * {@code demo origin: 127.0.0.1:8000 is already in use}.
   */
  public static Future<DemoOrigin> start(Vertx vertx, DemoOriginOptions options) {
    return start(vertx, options, Clock.systemUTC());
  }

  /** As {@link #start(Vertx, DemoOriginOptions)}, with the clock of Date and /api/time. */
  static Future<DemoOrigin> start(Vertx vertx, DemoOriginOptions options, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    DemoOrigin origin;
    try {
      origin = new DemoOrigin(vertx, options, clock);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String address = address(options.host(), options.port());
    Future<Void> unbound = options.port() == 0
        ? Future.succeededFuture()
        : vertx.executeBlocking(() -> probe(options.host(), options.port()));
    return unbound
        .compose(v -> origin.server.listen(options.port(), options.host()))
        .recover(failure -> Future.failedFuture(bindFailure(address, failure)))
        .map(listening -> {
          LOG.info("demo origin listening on http://{}", address(options.host(), origin.port()));
          return origin;
        });
  }

  /** The bound port: the configured one, or the one picked when it was 0. */
  public int port() {
    return server.actualPort();
  }

  /** Stops listening and closes open connections. */
  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    // null for a request target without a path, such as "OPTIONS *": nothing here serves it.
    String path = Objects.requireNonNullElse(request.path(), "");
    if (path.equals(OriginFaults.PATH)) {
      commonHeaders(request);
      if (OriginFaults.cameThroughANetwork(request)) {
        // Only whoever runs the origin may break it: not any visitor of the site's edges.
        Responses.text(request, 403, CachePolicy.NO_STORE, "demo origin: the fault switch "
            + "answers only requests made to the origin itself, not through a CDN\n");
        return;
      }
      faults.handle(request);
      return;
    }
    OriginFaults.State fault = faults.state();
    if (!fault.active()) {
      route(request, path);
    } else if (fault.delay().isZero()) {
      fail(request, fault.status());
    } else {
      // Held, then answered; paused meanwhile so that a body arriving now waits for its route.
      request.pause();
      vertx.setTimer(Math.max(1, fault.delay().toMillis()), timer -> {
        if (fault.status() != 0) {
          fail(request, fault.status());
        } else {
          route(request, path);
        }
        request.resume();
      });
    }
  }

  private void commonHeaders(HttpServerRequest request) {
    request.response()
        .putHeader(HttpHeaders.DATE, HttpDate.format(clock.instant()))
        .putHeader(HttpHeaders.SERVER, SERVER)
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  /** The status the fault switch asks for instead of the answer ({@link OriginFaults}). */
  private void fail(HttpServerRequest request, int status) {
    commonHeaders(request);
    Responses.text(request, status, CachePolicy.NO_STORE,
        "demo origin: failing on purpose (" + OriginFaults.PATH + ")\n");
  }

  private void route(HttpServerRequest request, String path) {
    commonHeaders(request);
    switch (path) {
      case WebSocketEcho.PATH -> WebSocketEcho.handle(request);
      case "/healthz" -> health(request);
      case "/api/time" -> time(request);
      case DemoSite.CART -> cart(request);
      case ChatCompletions.PATH -> chat.handle(request);
      default -> {
        if (path.startsWith(RequestEcho.PREFIX)) {
          RequestEcho.handle(request);
        } else if (path.startsWith(ProductApi.PREFIX)) {
          Responses.serve(request, api.resolve(path));
        } else {
          Resource page = site.page(path);
          Resource found = page != null ? page : assets.get(path);
          Responses.serve(request, found != null ? found : site.notFound());
        }
      }
    }
  }

  private void health(HttpServerRequest request) {
    if (!Responses.isGetOrHead(request)) {
      Responses.methodNotAllowed(request, "GET, HEAD");
      return;
    }
    Responses.text(request, 200, CachePolicy.NO_STORE, "ok");
  }

  /** The origin's clock, never stored anywhere: shows which answers were not cached. */
  private void time(HttpServerRequest request) {
    if (!Responses.isGetOrHead(request)) {
      Responses.methodNotAllowed(request, "GET, HEAD");
      return;
    }
    Instant now = clock.instant();
    String body = new JsonObject()
        .put("now", now.toString())
        .put("epoch_millis", now.toEpochMilli())
        .encode();
    request.response().putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE);
    Responses.end(request, ProductApi.JSON, Buffer.buffer(body));
  }

  /**
   * The one page that looks personal: it shows the visitor's cart id, from the cart cookie or
   * a new one it sets, and forbids every cache to keep it.
   */
  private void cart(HttpServerRequest request) {
    if (!Responses.isGetOrHead(request)) {
      Responses.methodNotAllowed(request, "GET, HEAD");
      return;
    }
    Cookie cookie = request.getCookie(CART_COOKIE);
    String cartId = cookie == null ? null : cookie.getValue();
    if (cartId == null || !CART_ID.matcher(cartId).matches()) {
      cartId = UUID.randomUUID().toString();
      request.response().putHeader(HttpHeaders.SET_COOKIE, CART_COOKIE + "=" + cartId
          + "; Path=/; Max-Age=" + CART_COOKIE_SECONDS + "; HttpOnly; SameSite=Lax");
    }
    request.response().putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.PERSONAL);
    Responses.end(request, DemoSite.HTML, Buffer.buffer(site.cart(cartId)));
  }

  /**
   * Binds and releases {@code host:port} to see that it is free. Vert.x does not fail a second
   * listen on a host and port one of its servers in the same Vertx already has: it shares the
   * socket and splits the requests between the servers. In {@code cdn up}, where every node
   * shares one Vertx, a port clash would then send some edge traffic here instead of failing.
   * The probe ({@link PortProbe}) fails exactly when an OS bind would.
   * (Another server could still take the port between probe and listen; the window is tiny.)
   */
  private static Void probe(String host, int port) throws IOException {
    PortProbe.bind(new InetSocketAddress(host, port));
    return null;
  }

  private static Throwable bindFailure(String address, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // NIO throws a BindException and the native transports an IOException, both with the
      // errno text, so the text is what to look for.
      if (String.valueOf(cause.getMessage()).contains("already in use")) {
        return new IllegalStateException(
            "demo origin: " + address + " is already in use", failure);
      }
    }
    return new IllegalStateException(
        "demo origin: cannot listen on " + address + ": " + failure.getMessage(), failure);
  }

  private static String address(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
