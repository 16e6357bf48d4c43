package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The traffic port served from several event loops, on loopback, port 0. */
class NodeServersTest {

  private static final HostPort ANY_PORT = new HostPort("127.0.0.1", 0);

  private Vertx vertx;
  private HttpClient client;
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // A new connection per request: the port hands each to the next loop.
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(8));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private NodeServers node(int loops) {
    Handler<HttpServerRequest> handler = request -> {
      threads.add(Thread.currentThread().getName());
      request.response().end("ok");
    };
    return Await.result(NodeServers.start(vertx, "edge t", ANY_PORT, ANY_PORT, handler,
        NodeRegistry.create(), JsonObject::new, Optional.empty(), Tags.empty(),
        NodeServers.DEFAULT_HEAD_TIMEOUT, loops));
  }

  private Future<String> get(int port) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(request -> request.send().compose(response -> response.body()))
        .map(Object::toString);
  }

  private void getMany(int port, int count) {
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(get(port));
    }
    Await.result(Future.all(answers));
    answers.forEach(answer -> assertThat(answer.result()).isEqualTo("ok"));
  }

  @Test
  void twoLoops_portZero_connectionsAreServedOnTwoEventLoops() {
    NodeServers node = node(2);

    getMany(node.port(), 8);

    assertThat(node.port()).isPositive();
    assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread"));
  }

  @Test
  void oneLoop_everyConnectionOnTheSameEventLoop() {
    NodeServers node = node(1);

    getMany(node.port(), 8);

    assertThat(threads).hasSize(1);
  }

  @Test
  void twoNodes_portZero_eachGetsItsOwnPort() {
    NodeServers first = node(2);
    NodeServers second = node(2);

    assertThat(second.port()).isNotEqualTo(first.port());
  }

  @Test
  void close_stopsEveryLoopsServer() {
    NodeServers node = node(2);
    int port = node.port();
    getMany(port, 2);

    Await.result(node.close());

    for (int i = 0; i < 4; i++) {
      assertThat(Await.failure(get(port))).isNotNull();
    }
  }
}
