package org.edgecdn.http.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cache.CacheSetup;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.http.node.NodeServers;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Collapsing when a node serves its traffic port from two event loops: the clients of one
 * uncached URL arrive on both loops while the origin holds its answer back.
 */
@ExtendWith(VertxExtension.class)
class CollapsingAcrossLoopsTest {

  private static final String HOST = "www.example";
  private static final HostPort ANY_PORT = new HostPort("127.0.0.1", 0);
  private static final int CLIENTS = 12;
  private static final String BODY = "x".repeat(64 * 1024);

  private Vertx vertx;
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger arrived = new AtomicInteger();
  /** The thread each client's request arrived on, and the one its response head was made on. */
  private final Map<String, String> arrivalThread = new ConcurrentHashMap<>();
  private final Map<String, String> headThread = new ConcurrentHashMap<>();

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void missOnTwoLoops_oneOriginFetch_wholeBodies_eachAnsweredOnItsOwnLoop_countedOnce() {
    HttpServer origin = Await.result(vertx.createHttpServer()
        .requestHandler(held::add).listen(0, "127.0.0.1"));
    PrometheusMeterRegistry registry = NodeRegistry.create();
    NodeServers node = Await.result(NodeServers.start(vertx, "edge t", ANY_PORT, ANY_PORT,
        forwarding(origin.actualPort(), registry), registry, JsonObject::new, Optional.empty(),
        Tags.empty(), NodeServers.DEFAULT_HEAD_TIMEOUT, 2));
    // A connection per client, so the port spreads them over both loops.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(CLIENTS));

    List<Future<Buffer>> bodies = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(node.port()).setURI("/page")
          .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Host", HOST)
              .add("X-Client", Integer.toString(i)));
      bodies.add(client.request(get).compose(request -> request.send()
          .compose(response -> response.body())));
    }
    Await.until("every client waiting on the one fetch",
        () -> arrived.get() == CLIENTS && held.size() == 1, Duration.ofSeconds(10));
    held.get(0).response().putHeader("Cache-Control", "public, max-age=60").end(BODY);
    Await.result(Future.all(bodies));

    assertThat(held).hasSize(1);
    bodies.forEach(body -> assertThat(body.result().toString()).isEqualTo(BODY));
    assertThat(new HashSet<>(arrivalThread.values())).hasSize(2);
    assertThat(headThread).isEqualTo(arrivalThread);
    Await.until("every exchange counted", () -> requestsCounted(registry) >= CLIENTS,
        Duration.ofSeconds(10));
    assertThat(requestsCounted(registry)).isEqualTo(CLIENTS);
  }

  private static double requestsCounted(PrometheusMeterRegistry registry) {
    return registry.find("cdn.requests").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** An edge's handler straight to the origin, noting the threads of arrival and head. */
  private io.vertx.core.Handler<HttpServerRequest> forwarding(int originPort,
      PrometheusMeterRegistry registry) {
    URI originUrl = URI.create("http://127.0.0.1:" + originPort);
    Site site = new Site("s", List.of(HOST), List.of(originUrl), Optional.empty());
    NodeIdentity node = NodeIdentity.edge("t");
    ForwardingHandler handler = new ForwardingHandler(
        UpstreamClients.create(vertx, 1_000, null), List.of(site),
        (s, host, path) -> List.of(Upstream.origin(originUrl)),
        new ForwardingPolicy(node, 1_000, 5_000, Set.of(), true), new NodeMetrics(registry, node),
        AccessLog.off(), Optional.of(new CacheSetup(new CaffeineStore(64L << 20),
            CacheOptions.edgeDefaults(), CacheClock.system(), NodePurging.none().generations())),
        Optional.empty());
    handler.observe(new ExchangeObserver() {
      @Override
      public MultiMap beforeHead(ObservedExchange exchange) {
        headThread.put(exchange.requestHeaders().get("X-Client"),
            Thread.currentThread().getName());
        return null;
      }
    });
    return request -> {
      arrivalThread.put(request.getHeader("X-Client"), Thread.currentThread().getName());
      handler.handle(request);
      arrived.incrementAndGet();
    };
  }
}
