package org.edgecdn.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.edgecdn.http.HostPort;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real embedded Hazelcast members on loopback, TCP join, as the network runs them. */
@ExtendWith(VertxExtension.class)
class ClusterMemberTest {

  private Vertx vertx;

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void members_listedByAddress_formOneCluster_andLeaveIt() {
    String name = "test-" + System.nanoTime();
    HostPort a = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    HostPort b = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    List<HostPort> all = List.of(a, b);

    ClusterMember first = Await.result(
        ClusterMember.start(vertx, new ClusterOptions(name, "shield", a, all)),
        Duration.ofSeconds(30));
    ClusterMember second = Await.result(
        ClusterMember.start(vertx, new ClusterOptions(name, "eu", b, all)),
        Duration.ofSeconds(30));

    assertThat(first.memberCount()).isEqualTo(2);
    assertThat(second.memberCount()).isEqualTo(2);

    Await.result(second.close(), Duration.ofSeconds(10));
    assertThat(second.isRunning()).isFalse();
    Await.until("the first member sees the second leave", () -> first.memberCount() == 1,
        Duration.ofSeconds(10));
    Await.result(first.close(), Duration.ofSeconds(10));
  }

  @Test
  void config_isTunedForACdn_notLeftAsShipped() {
    HostPort a = new HostPort("127.0.0.1", 15701);
    var config = ClusterMember.config(new ClusterOptions("c", "eu", a, List.of(a)));

    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:15701");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(Integer.parseInt(config.getProperty("hazelcast.max.no.heartbeat.seconds")))
        .isLessThanOrEqualTo(10);
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
  }
}
