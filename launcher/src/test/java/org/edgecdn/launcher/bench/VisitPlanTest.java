package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.http.forward.PrefetchMarkers;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.predictor.visit.Navigation;
import org.junit.jupiter.api.Test;

/** The bench's visitors: seeded, walking the site's true matrix, browsing as browsers do. */
class VisitPlanTest {

  private static SyntheticSite site() {
    return new SyntheticSite(SyntheticSite.Options.defaults(5));
  }

  @Test
  void seeded_sameSeed_samePlan() {
    VisitPlan a = VisitPlan.of(site(), 2_000, 20, 50, 9);
    VisitPlan b = VisitPlan.of(site(), 2_000, 20, 50, 9);

    assertThat(a.visits()).isEqualTo(b.visits());
  }

  @Test
  void views_cutAtTheLimit_thinkTimesWithinTheRange_noneBeforeTheFirstView() {
    VisitPlan plan = VisitPlan.of(site(), 1_001, 20, 50, 1);

    assertThat(plan.views()).isEqualTo(1_001);
    assertThat(plan.visits().stream().mapToInt(v -> v.pages().size()).sum()).isEqualTo(1_001);
    for (VisitPlan.Visit visit : plan.visits()) {
      assertThat(visit.thinkMillis().get(0)).isZero();
      assertThat(visit.thinkMillis().subList(1, visit.thinkMillis().size()))
          .allSatisfy(ms -> assertThat(ms).isBetween(20, 50));
    }
  }

  @Test
  void walk_everyStepIsALink_andFavouriteLinksTakenAtTheirTrueShare() {
    SyntheticSite truth = site();
    VisitPlan plan = VisitPlan.of(site(), 60_000, 0, 0, 1);
    Map<Integer, Map<Integer, Integer>> taken = new HashMap<>();
    for (VisitPlan.Visit visit : plan.visits()) {
      List<String> pages = visit.pages();
      for (int i = 1; i < pages.size(); i++) {
        int from = id(pages.get(i - 1));
        int to = id(pages.get(i));
        assertThat(truth.transition(from, to)).as("%s -> %s", from, to).isPositive();
        taken.computeIfAbsent(from, k -> new HashMap<>()).merge(to, 1, Integer::sum);
      }
    }
    // The pages left most often: their favourite link's share is close to the truth.
    taken.entrySet().stream()
        .filter(e -> e.getValue().values().stream().mapToInt(Integer::intValue).sum() >= 2_000)
        .forEach(e -> {
          int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
          int favourite = truth.links(e.getKey())[0];
          assertThat((double) e.getValue().getOrDefault(favourite, 0) / total)
              .isCloseTo(truth.transition(e.getKey(), favourite), within(0.05));
        });
    assertThat(taken.values().stream()
        .filter(m -> m.values().stream().mapToInt(Integer::intValue).sum() >= 2_000))
        .isNotEmpty();
  }

  @Test
  void headers_aNavigationWithAVisitorOfItsOwn_andASameSiteRefererAfterTheFirstView() {
    VisitPlan plan = VisitPlan.of(site(), 500, 20, 50, 1);
    VisitPlan.Visit visit = plan.visits().stream().filter(v -> v.pages().size() >= 2)
        .findFirst().orElseThrow();
    VisitPlan.Visit other = plan.visits().get(visit.index() == 0 ? 1 : 0);

    MultiMap first = visit.headers(0, "www.shop.example");
    MultiMap second = visit.headers(1, "www.shop.example");

    assertThat(PrefetchMarkers.isPrefetch(first)).isFalse();
    assertThat(Navigation.isPageView("GET", 200, false, first::get)).isTrue();
    assertThat(first.get("Referer")).isNull();
    assertThat(Navigation.sameSiteReferer(second.get("Referer"), "www.shop.example"))
        .contains(visit.pages().get(0));
    assertThat(first.get("User-Agent")).isEqualTo(second.get("User-Agent"))
        .isNotEqualTo(other.headers(0, "www.shop.example").get("User-Agent"));
  }

  private static int id(String page) {
    return Integer.parseInt(page.substring(page.lastIndexOf('/') + 1));
  }
}
