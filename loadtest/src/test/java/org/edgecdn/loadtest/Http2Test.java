package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.Test;

/** A stream over h2c: requests arrive as HTTP/2, multiplexed on few connections, Host kept. */
class Http2Test {

  @Test
  void h2cStream_speaksHttp2_withTheHostAsAuthority_onFewConnections() {
    Map<HttpVersion, AtomicInteger> versions = new ConcurrentHashMap<>();
    Set<String> authorities = ConcurrentHashMap.newKeySet();
    Set<Object> connections = ConcurrentHashMap.newKeySet();
    try (TestServer server = TestServer.start(request -> {
      versions.computeIfAbsent(request.version(), v -> new AtomicInteger()).incrementAndGet();
      authorities.add(String.valueOf(request.authority()));
      connections.add(request.connection());
      request.response().end("ok");
    })) {
      Target target = Target.parse(server.url(), "www.shop.example");
      StreamOptions stream = StreamOptions.of("traffic", target,
          new FixedWorkload(LoadRequest.get("/")), new Pacing.Closed(), 8)
          .withProtocol(Protocol.H2C);

      RunResult result = TestServer.run(
          TestServer.options(stream, Duration.ofSeconds(10)).withMaxRequests(400));

      // The cap, not the 10 s, ends the run.
      assertThat(result.main().firstErrors()).isEmpty();
      assertThat(result.main().answered()).isEqualTo(400);
      assertThat(result.main().errorCount()).isZero();
      assertThat(versions.keySet()).containsExactly(HttpVersion.HTTP_2);
      assertThat(authorities).containsExactly("www.shop.example");
      assertThat(connections).hasSize(1);
    }
  }

  @Test
  void connectionsFor_http1IsOneARequest_h2cOneAHundredStreams() {
    assertThat(Protocol.HTTP_1_1.connectionsFor(64)).isEqualTo(64);
    assertThat(Protocol.H2C.connectionsFor(64)).isEqualTo(1);
    assertThat(Protocol.H2C.connectionsFor(256)).isEqualTo(3);
  }
}
