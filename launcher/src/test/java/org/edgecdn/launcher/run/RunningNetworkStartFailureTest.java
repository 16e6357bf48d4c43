package org.edgecdn.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A port already in use: one message naming node and port, and nothing left running. */
@ExtendWith(VertxExtension.class)
class RunningNetworkStartFailureTest {

  private Vertx vertx;

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void portInUse_failsTheStart_namingNodeAndPort_andClosesWhatHadStarted() throws IOException {
    NetworkConfig config = TestNetworks.demoOnFreePorts();
    NetworkConfig.PopSection ap = config.pops().get(2);
    // A plain socket, not a Vert.x server: Vert.x shares a port among its own servers.
    ServerSocket squatter = new ServerSocket();
    squatter.bind(new InetSocketAddress(ap.listen().host(), ap.listen().port()));

    Throwable failure = Await.failure(RunningNetwork.start(vertx, new NodePlans(config),
        new Role.WholeNetwork(), AccessLog.off()));

    assertThat(failure.getMessage())
        .isEqualTo("edge ap: traffic port " + ap.listen() + " is already in use");
    squatter.close();
    // Everything opened before the failure (origin, DNS, shield, edges us and eu) is closed.
    List<HostPort> opened = new ArrayList<>();
    opened.add(config.demoOrigin().orElseThrow());
    opened.add(config.dns().admin());
    config.shields().forEach(s -> opened.addAll(List.of(s.listen(), s.admin())));
    config.pops().forEach(p -> opened.addAll(List.of(p.listen(), p.admin())));
    for (HostPort address : opened) {
      Await.until(address + " is free again", () -> canBind(address), Duration.ofSeconds(5));
    }
  }

  private static boolean canBind(HostPort address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address.host(), address.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void start_ofOneEdge_opensOnlyThatEdge() {
    NetworkConfig config = TestNetworks.demoOnFreePorts();

    RunningNetwork edge = Await.result(RunningNetwork.start(vertx, new NodePlans(config),
        new Role.Edge("eu"), AccessLog.off()), Duration.ofSeconds(60));

    // The edge, the custom-domain rechecks of this process, its cluster member.
    assertThat(edge.nodes()).extracting(StartedNode::kind)
        .containsExactly("edge", "domains", "cluster");
    assertThat(edge.nodes().get(0).name()).isEqualTo("eu");
    assertThat(canBind(config.pops().get(0).listen())).isTrue();
    Await.result(edge.close(), Duration.ofSeconds(10));
    // The listening socket is released by the event loop just after close completes.
    Await.until("eu's port is free again", () -> canBind(config.pops().get(1).listen()),
        Duration.ofSeconds(5));
  }
}
