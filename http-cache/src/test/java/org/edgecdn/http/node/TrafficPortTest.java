package org.edgecdn.http.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.PortProbe;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stop reports the port stopped only once its address can be bound again: with the JDK
 * transport, Vert.x reports a server closed a moment before the listening socket is released,
 * and an operator's start right after a stop met the node's own socket (a CI failure).
 */
@ExtendWith(VertxExtension.class)
class TrafficPortTest {

  private Vertx vertx;
  /** The addresses the port probed, in order. */
  private final List<InetSocketAddress> probed = new CopyOnWriteArrayList<>();

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  private TrafficPort open(Predicate<InetSocketAddress> canBind) {
    Context home = vertx.getOrCreateContext();
    return Await.result(TrafficPort.open("edge t", new HostPort("127.0.0.1", 0),
        () -> new TrafficLoops(vertx, home, 1,
            () -> vertx.createHttpServer().requestHandler(r -> r.response().end("ok"))),
        server -> Future.succeededFuture(), 1_000, address -> {
          probed.add(address);
          return canBind.test(address);
        }));
  }

  @Test
  void stop_completesOnlyOnceTheAddressCanBeBoundAgain() {
    TrafficPort port = open(address -> probed.size() >= 3);

    assertThat(Await.result(port.stop())).isEqualTo(TrafficPort.State.STOPPED);
    assertThat(probed).hasSize(3)
        .containsOnly(new InetSocketAddress("127.0.0.1", port.port()));
  }

  @Test
  void stop_whoseAddressStaysTaken_stillReportsStopped_afterItsProbes() {
    TrafficPort port = open(address -> false);

    assertThat(Await.result(port.stop())).isEqualTo(TrafficPort.State.STOPPED);
    assertThat(probed).hasSize(TrafficPort.RELEASE_PROBES);
  }

  @Test
  void stop_thenStart_servesAgain_withTheRealProbe() {
    TrafficPort port = open(PortProbe::canBind);

    Await.result(port.stop());

    assertThat(Await.result(port.start())).isEqualTo(TrafficPort.State.SERVING);
    assertThat(probed).isNotEmpty();
  }
}
