package org.edgecdn.predictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgecdn.predictor.model.Visits.visit;

import java.util.ArrayList;
import java.util.List;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.model.CountsSnapshot.ContextCounts;
import org.edgecdn.predictor.model.CountsSnapshot.PageCounts;
import org.edgecdn.predictor.model.CountsSnapshot.Successor;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.visit.VisitTracker;
import org.junit.jupiter.api.Test;

/** The arithmetic of counts shared between the edges of a region: own plus an overlay. */
class SharedCountsTest {

  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;
  private static final SharedCounts.Limits LIMITS =
      new SharedCounts.Limits(3 * 30_000L, HOUR, 100, 8);

  private static TransitionModel model() {
    return new TransitionModel(ModelOptions.defaults().withHalfLifeMillis(HOUR));
  }

  /** A peer that saw {@code views} views of {@code page}, followed as {@code next} says. */
  private static CountsSnapshot peer(long at, String page, double views, Object... next) {
    List<Successor> successors = new ArrayList<>();
    for (int i = 0; i < next.length; i += 2) {
      successors.add(new Successor((String) next[i], ((Number) next[i + 1]).doubleValue()));
    }
    return new CountsSnapshot(at, List.of(new PageCounts(page, views, successors)));
  }

  @Test
  void merge_ownPlusPeers_probabilityIsBothCountsOverBothViews() {
    TransitionModel own = model();
    visit(own, 0, "/a", "/b");
    visit(own, 0, "/a", "/c");
    visit(own, 0, "/a");
    visit(own, 0, "/a");
    SharedCounts peers = SharedCounts.of(List.of(peer(0, "/a", 6, "/b", 5),
        peer(0, "/a", 2, "/d", 1)), LIMITS, 0);

    List<Prediction> next = own.predict(null, "/a", 0, peers);

    // own: 4 views, /b 1, /c 1; peers: 8 views, /b 5, /d 1.
    assertThat(next).extracting(Prediction::page).containsExactly("/b", "/c", "/d");
    assertThat(next.get(0).probability()).isCloseTo(6.0 / 12, within(1e-9));
    assertThat(next.get(0).support()).isCloseTo(6, within(1e-9));
    assertThat(next.get(1).probability()).isCloseTo(1.0 / 12, within(1e-9));
    assertThat(next.get(2).probability()).isCloseTo(1.0 / 12, within(1e-9));
  }

  @Test
  void merge_pageOnlyPeersSaw_predictedFromPeerCountsAlone() {
    TransitionModel own = model();
    SharedCounts peers = SharedCounts.of(List.of(peer(0, "/a", 4, "/b", 3)), LIMITS, 0);

    List<Prediction> next = own.predict(null, "/a", 0, peers);

    assertThat(next).singleElement().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/b");
      assertThat(p.probability()).isCloseTo(0.75, within(1e-9));
      assertThat(p.support()).isCloseTo(3, within(1e-9));
    });
    assertThat(own.pages()).isZero();
  }

  @Test
  void refresh_replacesOverlay_sameSnapshotTwiceIsNotCountedTwice() {
    TransitionModel own = model();
    visit(own, 0, "/a");
    CountsSnapshot snapshot = peer(0, "/a", 3, "/b", 3);
    SharedCounts first = SharedCounts.of(List.of(snapshot), LIMITS, 0);
    SharedCounts again = SharedCounts.of(List.of(snapshot), LIMITS, 1_000);

    double before = own.predict(null, "/a", 1_000, first).get(0).support();
    double after = own.predict(null, "/a", 1_000, again).get(0).support();

    assertThat(after).isCloseTo(before, within(1e-9));
    assertThat(own.predict(null, "/a", 1_000, SharedCounts.NONE)).isEmpty();
  }

  @Test
  void predictor_shareReplacesThePreviousOverlay() {
    var predictor = new NextPagePredictor(VisitTracker.defaults(), ModelOptions.defaults(),
        PlannerOptions.defaults());
    predictor.share("shop", SharedCounts.of(List.of(peer(0, "/a", 10, "/b", 9)), LIMITS, 0));
    predictor.share("shop", SharedCounts.of(List.of(peer(0, "/a", 10, "/c", 9)), LIMITS, 0));

    assertThat(predictor.top("shop", 10, 0)).singleElement().satisfies(t -> {
      assertThat(t.to()).isEqualTo("/c");
      assertThat(t.support()).isCloseTo(9, within(1e-9));
      assertThat(t.peerSupport()).isCloseTo(9, within(1e-9));
    });
    assertThat(predictor.top("unknown", 10, 0)).isEmpty();
  }

  @Test
  void top_saysWhichPartOfTheSupportIsThePeers() {
    TransitionModel own = model();
    visit(own, 0, "/a", "/b");
    visit(own, 0, "/x", "/y");
    SharedCounts peers = SharedCounts.of(List.of(peer(0, "/a", 3, "/b", 2)), LIMITS, 0);

    List<TopTransition> top = own.top(10, 0, peers);

    assertThat(top).hasSize(2);
    assertThat(top.get(0)).satisfies(t -> {
      assertThat(t.from() + " " + t.to()).isEqualTo("/a /b");
      assertThat(t.support()).isCloseTo(3, within(1e-9));
      assertThat(t.peerSupport()).isCloseTo(2, within(1e-9));
      assertThat(t.probability()).isCloseTo(3.0 / 4, within(1e-9));
    });
    assertThat(top.get(1).peerSupport()).isZero();
  }

  @Test
  void ageing_snapshotOlderThanMaxAge_leftOut_andAgedDropsTheRest() {
    CountsSnapshot old = peer(0, "/a", 4, "/old", 4);
    CountsSnapshot fresh = peer(60_000, "/a", 4, "/new", 4);

    SharedCounts peers = SharedCounts.of(List.of(old, fresh), LIMITS, 100_000);

    assertThat(peers.peers()).isEqualTo(1);
    assertThat(peers.page("/a", 100_000).next()).extracting(Successor::page)
        .containsExactly("/new");
    assertThat(peers.aged(LIMITS, 140_000).peers()).isEqualTo(1);
    assertThat(peers.aged(LIMITS, 160_000)).isSameAs(SharedCounts.NONE);
  }

  @Test
  void ageing_snapshotDatedFarAhead_isLeftOut_soAWrongClockCannotKeepItForever() {
    CountsSnapshot ahead = peer(100_000 + 10 * 60_000, "/a", 4, "/ahead", 4);

    assertThat(SharedCounts.of(List.of(ahead), LIMITS, 100_000)).isSameAs(SharedCounts.NONE);
  }

  @Test
  void decay_peerCountsWeighWhatTheirVisitsWeighNow() {
    SharedCounts.Limits longAge = new SharedCounts.Limits(4 * HOUR, HOUR, 100, 8);
    SharedCounts peers = SharedCounts.of(List.of(peer(0, "/a", 8, "/b", 4)), longAge, HOUR);

    PageCounts a = peers.page("/a", 2 * HOUR);

    assertThat(a.views()).isCloseTo(2, within(1e-9));
    assertThat(a.next().get(0).count()).isCloseTo(1, within(1e-9));
  }

  @Test
  void bounded_overlayKeepsMostViewedPagesAndHeaviestSuccessors() {
    SharedCounts.Limits small = new SharedCounts.Limits(MINUTE, HOUR, 2, 2);
    CountsSnapshot one = new CountsSnapshot(0, List.of(
        new PageCounts("/light", 1, List.of(new Successor("/x", 1))),
        new PageCounts("/heavy", 50, List.of(new Successor("/p", 10), new Successor("/q", 9),
            new Successor("/r", 1)))));
    CountsSnapshot two = new CountsSnapshot(0, List.of(
        new PageCounts("/middle", 20, List.of(new Successor("/x", 5))),
        new PageCounts("/heavy", 50, List.of(new Successor("/r", 30)))));

    SharedCounts peers = SharedCounts.of(List.of(one, two), small, 0);

    assertThat(peers.all(0)).extracting(PageCounts::page).containsExactly("/heavy", "/middle");
    PageCounts heavy = peers.page("/heavy", 0);
    assertThat(heavy.views()).isCloseTo(100, within(1e-9));
    assertThat(heavy.next()).extracting(Successor::page).containsExactly("/r", "/p");
    assertThat(heavy.next().get(0).count()).isCloseTo(31, within(1e-9));
    assertThat(peers.footprintBytes()).isPositive();
  }

  @Test
  void snapshot_ownCountsOnly_mostViewedPages_boundedByMaxPages() {
    TransitionModel own = model();
    for (int i = 0; i < 3; i++) {
      visit(own, 0, "/a", "/b");
    }
    visit(own, 0, "/a");
    visit(own, 0, "/c", "/d");
    // What peers lend the model is never part of what it publishes.
    own.predict(null, "/a", 0, SharedCounts.of(List.of(peer(0, "/a", 50, "/z", 50)), LIMITS, 0));

    CountsSnapshot snapshot = own.snapshot(2, HOUR);

    assertThat(snapshot.atMillis()).isEqualTo(HOUR);
    assertThat(snapshot.pages()).extracting(PageCounts::page).containsExactly("/a", "/b");
    PageCounts a = snapshot.pages().get(0);
    assertThat(a.views()).isCloseTo(2, within(1e-9));
    assertThat(a.next()).singleElement().satisfies(s -> {
      assertThat(s.page()).isEqualTo("/b");
      assertThat(s.count()).isCloseTo(1.5, within(1e-9));
    });
  }

  /** A peer that saw {@code views} views of {@code current} reached from {@code previous}. */
  private static CountsSnapshot peerContext(String previous, String current, double views,
      String next, double count) {
    return new CountsSnapshot(0, List.of(), List.of(new ContextCounts(previous, current, views,
        List.of(new Successor(next, count)))));
  }

  @Test
  void secondOrder_peersViewsOfAContext_countTowardItsSupport_andItsSuccessorsAdd() {
    TransitionModel own = model();
    // Own: /a mostly leads to /b; from /x, /a led to /c twice: too thin for order 2 (5 views).
    for (int i = 0; i < 6; i++) {
      visit(own, 0, "/a", "/b");
    }
    visit(own, 0, "/x", "/a", "/c");
    visit(own, 0, "/x", "/a", "/c");
    assertThat(own.predict("/x", "/a", 0, SharedCounts.NONE).get(0).order()).isEqualTo(1);

    SharedCounts peers = SharedCounts.of(List.of(peerContext("/x", "/a", 4, "/c", 3)),
        LIMITS, 0);
    List<Prediction> next = own.predict("/x", "/a", 0, peers);

    // Context (/x, /a): own 2 views, 2 to /c; peers 4 views, 3 to /c.
    assertThat(next).first().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/c");
      assertThat(p.order()).isEqualTo(2);
      assertThat(p.probability()).isCloseTo(5.0 / 6, within(1e-9));
      assertThat(p.support()).isCloseTo(5, within(1e-9));
    });
    assertThat(own.predict(null, "/a", 0, peers).get(0).page()).isEqualTo("/b");
  }

  @Test
  void secondOrder_contextOnlyPeersSaw_predictedFromTheirCounts_andBounded() {
    SharedCounts.Limits small = new SharedCounts.Limits(MINUTE, HOUR, 1, 8);
    SharedCounts peers = SharedCounts.of(List.of(peerContext("/x", "/a", 9, "/c", 6),
        peerContext("/y", "/a", 6, "/d", 6)), small, 0);

    assertThat(peers.contexts()).isEqualTo(1);
    assertThat(peers.context("/y", "/a", 0)).isNull();
    assertThat(model().predict("/x", "/a", 0, peers)).singleElement().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/c");
      assertThat(p.order()).isEqualTo(2);
      assertThat(p.probability()).isCloseTo(6.0 / 9, within(1e-9));
    });
  }

  @Test
  void snapshot_publishesTheMostViewedSecondOrderContexts_withBothPages() {
    TransitionModel own = model();
    for (int i = 0; i < 3; i++) {
      visit(own, 0, "/x", "/a", "/c");
    }
    visit(own, 0, "/w", "/x", "/a");

    CountsSnapshot snapshot = own.snapshot(10, 1, 0);

    // Contexts (/x, /a) 4 views, (/a, /c) 3, (/w, /x) 1.
    assertThat(snapshot.contexts()).singleElement().satisfies(c -> {
      assertThat(c.previous()).isEqualTo("/x");
      assertThat(c.current()).isEqualTo("/a");
      assertThat(c.views()).isCloseTo(4, within(1e-9));
      assertThat(c.next()).singleElement().satisfies(q -> {
        assertThat(q.page()).isEqualTo("/c");
        assertThat(q.count()).isCloseTo(3, within(1e-9));
      });
    });
    assertThat(own.snapshot(10, HOUR).contexts()).isEmpty();
  }

  @Test
  void secondOrder_noContextAnywhere_withMinimumSupportZero_fallsBackToFirstOrder() {
    TransitionModel own = new TransitionModel(new ModelOptions(100, 8, 100, HOUR, 0));
    visit(own, 0, "/a", "/b");

    List<Prediction> next = own.predict("/x", "/a", 0, SharedCounts.NONE);

    assertThat(next).singleElement().satisfies(p -> {
      assertThat(p.page()).isEqualTo("/b");
      assertThat(p.order()).isEqualTo(1);
    });
  }

  @Test
  void secondOrder_firstOrderOnlyModel_takesNoContextFromPeers() {
    TransitionModel own = new TransitionModel(
        ModelOptions.defaults().withHalfLifeMillis(HOUR).firstOrderOnly());
    visit(own, 0, "/a", "/b");
    SharedCounts peers = SharedCounts.of(List.of(peerContext("/x", "/a", 9, "/c", 9)),
        LIMITS, 0);

    assertThat(own.predict("/x", "/a", 0, peers)).extracting(Prediction::order)
        .containsOnly(1);
  }
}
