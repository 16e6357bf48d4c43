package org.edgecdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cluster.predictor.InMemorySnapshotStore;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.model.CountsSnapshot;
import org.edgecdn.predictor.model.CountsSnapshot.ContextCounts;
import org.edgecdn.predictor.model.CountsSnapshot.PageCounts;
import org.edgecdn.predictor.model.CountsSnapshot.Successor;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.Prediction;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.visit.PageView;
import org.edgecdn.predictor.visit.VisitTracker;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cycle of {@link ModelSharing} against an in-memory store and a fake clock: what is
 * published, whose snapshots are read, and how an overlay is replaced and aged.
 */
class ModelSharingTest {

  private static final long INTERVAL = 30_000;
  private static final String SITE = "shop";

  private Vertx vertx;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final InMemorySnapshotStore store = new InMemorySnapshotStore();

  /** Edges eu1 (a) and eu2 (b) of region eu; a has seen /home → /product three times. */
  private NextPagePredictor a;
  private NextPagePredictor b;
  private ModelSharing shareA;
  private ModelSharing shareB;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    a = predictor();
    b = predictor();
    learn(a, "/home", "/product", 3);
    shareA = sharing(a, "eu1", "eu", "eu2");
    shareB = sharing(b, "eu2", "eu", "eu1");
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static NextPagePredictor predictor() {
    return new NextPagePredictor(VisitTracker.defaults(), ModelOptions.defaults(),
        new PlannerOptions(0.3, 0.9, 2));
  }

  private ModelSharing sharing(NextPagePredictor predictor, String pop, String region,
      String... peers) {
    return new ModelSharing(vertx, predictor, now::get, store,
        new ShareOptions(pop, region, List.of(peers), INTERVAL), List.of(SITE),
        new SimpleMeterRegistry(), "edge-" + pop);
  }

  /** {@code visits} visitors go from {@code from} to {@code to}. */
  private void learn(NextPagePredictor predictor, String from, String to, int visits) {
    for (int i = 0; i < visits; i++) {
      predictor.observe(new PageView(SITE, "v" + i + from, from, null, now.get()));
      predictor.observe(new PageView(SITE, "v" + i + from, to, from, now.get()));
    }
  }

  private static double support(NextPagePredictor predictor, String from, String to,
      long at) {
    return predictor.top(SITE, 100, at).stream()
        .filter(t -> t.from().equals(from) && t.to().equals(to))
        .mapToDouble(TopTransition::support).sum();
  }

  @Test
  void publish_writesOwnCountsUnderSiteAndPop_withRegionAndTime() {
    Await.result(shareA.cycle());

    assertThat(store.keys()).containsExactly("shop|eu1");
    byte[] value = Await.result(store.get(List.of("shop|eu1"))).get("shop|eu1");
    SharedSnapshot snapshot = SharedSnapshot.decode(value);
    assertThat(snapshot.pop()).isEqualTo("eu1");
    assertThat(snapshot.region()).isEqualTo("eu");
    assertThat(snapshot.counts().atMillis()).isEqualTo(now.get());
    assertThat(snapshot.counts().pages().get(0).page()).isEqualTo("/home");
    assertThat(snapshot.counts().pages().get(0).next()).singleElement()
        .satisfies(q -> assertThat(q.count()).isCloseTo(3, within(1e-3)));
  }

  @Test
  void refresh_peerOfTheRegion_lendsItsCounts_neverPublishedBackAsOwn() {

    Await.result(shareA.cycle());
    Await.result(shareB.cycle());

    List<Prediction> plan = b.observe(new PageView(SITE, "w", "/home", null, now.get()));
    assertThat(plan).extracting(Prediction::page).containsExactly("/product");
    assertThat(support(b, "/home", "/product", now.get())).isCloseTo(3, within(1e-3));
    assertThat(shareB.count(SITE, "refreshed")).isEqualTo(1);
    // b's own snapshot holds b's one view of /home and none of a's transitions.
    Await.result(shareB.cycle());
    SharedSnapshot published = SharedSnapshot.decode(
        Await.result(store.get(List.of("shop|eu2"))).get("shop|eu2"));
    assertThat(published.counts().pages()).singleElement().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/home");
      assertThat(p.next()).isEmpty();
    });
  }

  @Test
  void refresh_repeatedCycles_replaceTheOverlay_nothingCountedTwice() {

    for (int i = 0; i < 5; i++) {
      Await.result(shareA.cycle());
      Await.result(shareB.cycle());
    }

    assertThat(support(b, "/home", "/product", now.get())).isCloseTo(3, within(1e-3));
    assertThat(b.shared(SITE).peers()).isEqualTo(1);
  }

  @Test
  void refresh_snapshotOfAnotherRegion_isLeftOut() {
    // eu1 moved to another region but b's network file still lists it as a peer.
    store.put("shop|eu1", new SharedSnapshot("eu1", "us", new CountsSnapshot(now.get(),
        List.of(new PageCounts("/home", 3, List.of(new Successor("/product", 3)))))).encode(),
        Duration.ofMinutes(1));

    Await.result(shareB.cycle());

    assertThat(b.shared(SITE).pages()).isZero();
    assertThat(support(b, "/home", "/product", now.get())).isZero();
  }

  @Test
  void refresh_peerStopsPublishing_itsCountsAgeOutAfterThreeIntervals() {
    Await.result(shareA.cycle());

    now.addAndGet(3 * INTERVAL);
    Await.result(shareB.cycle());
    assertThat(b.shared(SITE).peers()).isEqualTo(1);

    now.addAndGet(1);
    Await.result(shareB.cycle());
    assertThat(b.shared(SITE).peers()).isZero();
    assertThat(support(b, "/home", "/product", now.get())).isZero();
  }

  @Test
  void storeUnreachable_failuresCounted_overlayAgedInPlace() {
    Await.result(shareA.cycle());
    Await.result(shareB.cycle());
    store.available(false);

    Await.result(shareB.cycle());
    assertThat(shareB.count(SITE, "publish_failed")).isEqualTo(1);
    assertThat(shareB.count(SITE, "refresh_failed")).isEqualTo(1);
    assertThat(b.shared(SITE).peers()).isEqualTo(1);

    now.addAndGet(3 * INTERVAL + 1);
    Await.result(shareB.cycle());
    assertThat(b.shared(SITE).peers()).isZero();
  }

  @Test
  void refresh_peerCountsDecayWithTheSitesOwnHalfLife() {
    b.modelOptions(SITE, ModelOptions.defaults().withHalfLifeMillis(120_000));
    Await.result(shareA.cycle());
    now.addAndGet(60_000);

    Await.result(shareB.cycle());

    // a's three transitions, published a minute ago: half a half-life of b's site.
    assertThat(support(b, "/home", "/product", now.get()))
        .isCloseTo(3 * Math.pow(2, -0.5), within(1e-3));
  }

  @Test
  void refresh_peersSecondOrderContext_predictsByOrder2_whereOwnEvidenceIsThin() {
    // a: five visitors went /cart → /home → /checkout; b saw the pair once, going on to /help.
    for (int i = 0; i < 5; i++) {
      String visitor = "c" + i;
      a.observe(new PageView(SITE, visitor, "/cart", null, now.get()));
      a.observe(new PageView(SITE, visitor, "/home", "/cart", now.get()));
      a.observe(new PageView(SITE, visitor, "/checkout", "/home", now.get()));
    }
    b.observe(new PageView(SITE, "w", "/cart", null, now.get()));
    b.observe(new PageView(SITE, "w", "/home", "/cart", now.get()));
    b.observe(new PageView(SITE, "w", "/help", "/home", now.get()));

    Await.result(shareA.cycle());
    Await.result(shareB.cycle());

    b.observe(new PageView(SITE, "z", "/cart", null, now.get()));
    List<Prediction> plan = b.observe(new PageView(SITE, "z", "/home", "/cart", now.get()));
    // b's own view of the pair (/cart, /home) is one, under the minimum support of 5: only
    // a's five make the prediction second-order.
    assertThat(plan).first().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/checkout");
      assertThat(p.order()).isEqualTo(2);
    });
    assertThat(b.shared(SITE).contexts()).isPositive();
  }

  @Test
  void codec_secondOrderContexts_roundTrip_andAVersion1ValueStillDecodes() {
    CountsSnapshot firstOrder = new CountsSnapshot(42, List.of(new PageCounts("/home", 4,
        List.of(new Successor("/product", 3)))));
    SharedSnapshot both = new SharedSnapshot("eu1", "eu", new CountsSnapshot(42,
        firstOrder.pages(), List.of(new ContextCounts("/cart", "/home", 5,
            List.of(new Successor("/checkout", 4), new Successor("/product", 1))))));

    assertThat(SharedSnapshot.decode(both.encode())).isEqualTo(both);
    // Version 1 is version 2 without the context section: its count (0) is the last byte.
    byte[] v1 = new SharedSnapshot("eu1", "eu", firstOrder).encode();
    v1 = Arrays.copyOf(v1, v1.length - 1);
    v1[0] = 1;
    assertThat(SharedSnapshot.decode(v1).counts()).isEqualTo(firstOrder);
  }

  @Test
  void codec_roundTrip_keepsCounts_andRefusesDamagedValues() {
    SharedSnapshot snapshot = new SharedSnapshot("eu1", "eu", new CountsSnapshot(42,
        List.of(new PageCounts("/home", 10.5, List.of(new Successor("/product", 7.25),
            new Successor("/caf\u00e9", 1))),
            new PageCounts("/product", 8, List.of(new Successor("/home", 2))))));

    byte[] bytes = snapshot.encode();

    assertThat(SharedSnapshot.decode(bytes)).isEqualTo(snapshot);
    assertThatThrownBy(() -> SharedSnapshot.decode(Arrays.copyOf(bytes,
        bytes.length - 3))).isInstanceOf(IllegalArgumentException.class);
    bytes[0] = 9;
    assertThatThrownBy(() -> SharedSnapshot.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
  }

  @Test
  void codec_countsLargerThanTheValueCouldHold_areRefusedBeforeAnyAllocation() {
    // Version 1, empty PoP and region, a time, then "2^20 strings" in a value of 14 bytes.
    byte[] hostile = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42, (byte) 0x80, (byte) 0x80, 0x40};

    assertThatThrownBy(() -> SharedSnapshot.decode(hostile))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SharedSnapshot.decode(new byte[SharedSnapshot.MAX_VALUE_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
  }
}
