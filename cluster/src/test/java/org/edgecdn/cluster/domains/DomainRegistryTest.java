package org.edgecdn.cluster.domains;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.ClusterOptions;
import org.edgecdn.cluster.domains.CustomDomain.State;
import org.edgecdn.http.HostPort;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Custom domains in a real two-member cluster plus a client (as the DNS reads them): a domain
 * put through one member reaches a watcher on the other member and on the client.
 */
class DomainRegistryTest {

  private static final Duration SLOW = Duration.ofSeconds(30);
  private static final Duration CLIENT_BOUND =
      Duration.ofMillis(DomainWatcher.RESYNC_MILLIS + 3_000);

  private static Vertx vertx;
  private static ClusterMember first;
  private static ClusterMember second;
  private static ClusterClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    String name = "domains-" + System.nanoTime();
    HostPort a = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    HostPort b = new HostPort("127.0.0.1", FreePorts.stable("127.0.0.1"));
    List<HostPort> all = List.of(a, b);
    first = Await.result(ClusterMember.start(vertx, new ClusterOptions(name, "shield", a, all)),
        SLOW);
    second = Await.result(ClusterMember.start(vertx, new ClusterOptions(name, "eu", b, all)),
        SLOW);
    client = Await.result(ClusterClient.start(vertx, name, "dns", all), SLOW);
  }

  @AfterAll
  static void stop() {
    Await.result(client.close(), SLOW);
    Await.result(Future.join(second.terminate(), first.terminate()), SLOW);
    Await.result(vertx.close());
  }

  private static HazelcastDomainRegistry on(ClusterMember member) {
    return new HazelcastDomainRegistry(vertx, () -> Optional.of(member.hazelcast()));
  }

  private static CustomDomain domain(String name, State state) {
    return new CustomDomain(name, "shop", state, "CNAME shop.cdn.test.",
        name + ". CNAME shop.cdn.test.", 1_000, 2_000);
  }

  @Test
  void domainPutOnOneMember_reachesWatchersOnTheOtherMemberAndTheClient_activeOnly() {
    AtomicReference<Map<String, String>> edge = new AtomicReference<>(Map.of());
    AtomicReference<Map<String, String>> dns = new AtomicReference<>(Map.of());
    DomainWatcher edgeWatcher = new DomainWatcher(vertx, on(second), "edge eu", edge::set)
        .start();
    HazelcastDomainRegistry viaClient = new HazelcastDomainRegistry(vertx,
        () -> client.connected() ? Optional.of(client.hazelcast()) : Optional.empty());
    DomainWatcher dnsWatcher = new DomainWatcher(vertx, viaClient, "dns", dns::set).start();
    try {
      Await.result(on(first).put(domain("www.their-site.top", State.ACTIVE)));
      Await.result(on(first).put(domain("pending.example", State.PENDING)));

      Map<String, String> expected = Map.of("www.their-site.top", "shop");
      // Well under the periodic resync: the entry listener carries the change.
      Await.until("the edge applies the active domain", () -> expected.equals(edge.get()),
          Duration.ofSeconds(3));
      // The client's listener is usually as quick, but under load its events may lag: the
      // DNS is promised the periodic resync, no more.
      Await.until("the DNS applies it", () -> expected.equals(dns.get()), CLIENT_BOUND);

      assertThat(Await.result(on(second).remove("www.their-site.top"))).isTrue();
      Await.until("the edge drops the removed domain", () -> edge.get().isEmpty(),
          Duration.ofSeconds(3));
      Await.until("the DNS drops it", () -> dns.get().isEmpty(), CLIENT_BOUND);
    } finally {
      edgeWatcher.stop();
      dnsWatcher.stop();
      Await.result(on(first).remove("pending.example"));
    }
  }

  @Test
  void putGetAll_roundTripEveryField() {
    CustomDomain pending = domain("shop.their-site.top", State.PENDING);

    Await.result(on(first).put(pending));

    assertThat(Await.result(on(second).get("shop.their-site.top"))).contains(pending);
    assertThat(Await.result(on(second).all())).contains(pending);
    assertThat(Await.result(on(second).get("nobody.example"))).isEmpty();
    Await.result(on(first).remove("shop.their-site.top"));
  }

  @Test
  void withoutAnInstance_callsFailSayingWhy() {
    HazelcastDomainRegistry none = new HazelcastDomainRegistry(vertx, Optional::empty);

    assertThat(Await.failure(none.all()).getMessage()).contains("not connected to the cluster");
  }
}
