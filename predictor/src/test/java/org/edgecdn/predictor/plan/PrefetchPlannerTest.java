package org.edgecdn.predictor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.edgecdn.predictor.model.Prediction;
import org.junit.jupiter.api.Test;

class PrefetchPlannerTest {

  private final PrefetchPlanner planner = new PrefetchPlanner(PlannerOptions.defaults());

  @Test
  void plan_keepsLikelyAndSupported_mostLikelyFirst_atMostMaxPerView() {
    List<Prediction> predictions = List.of(new Prediction("/a", 0.5, 10, 1),
        new Prediction("/b", 0.35, 2, 1), new Prediction("/c", 0.31, 9, 1),
        new Prediction("/d", 0.30, 9, 1), new Prediction("/e", 0.1, 50, 1));

    assertThat(planner.plan("/", predictions)).extracting(Prediction::page)
        .containsExactly("/a", "/c");
  }

  @Test
  void defaults_aTransitionSeenFiveTimesIsNotYetARule_sixIs() {
    List<Prediction> predictions = List.of(new Prediction("/seen-5", 0.8, 5, 1),
        new Prediction("/seen-6", 0.4, 6, 1));

    assertThat(planner.plan("/", predictions)).extracting(Prediction::page)
        .containsExactly("/seen-6");
  }

  @Test
  void plan_belowThreshold_nothing() {
    assertThat(planner.plan("/", List.of(new Prediction("/a", 0.29, 100, 1)))).isEmpty();
  }

  @Test
  void plan_neverTheCurrentPage() {
    assertThat(planner.plan("/a", List.of(new Prediction("/a", 0.9, 100, 1)))).isEmpty();
  }

  @Test
  void weighSize_aPageTwiceTheMeanNeedsTwiceTheThreshold_smallerOnesThePlainOne() {
    Map<String, Double> relative = Map.of("/big", 2.0, "/small", 0.5);
    List<Prediction> predictions = List.of(new Prediction("/big", 0.5, 10, 1),
        new Prediction("/small", 0.31, 10, 1));

    assertThat(planner.plan("/", predictions, relative::get)).extracting(Prediction::page)
        .containsExactly("/small");
    assertThat(planner.plan("/", List.of(new Prediction("/big", 0.6, 10, 1)), relative::get))
        .extracting(Prediction::page).containsExactly("/big");
  }

  @Test
  void weighSizeOff_everyPageHeldToThePlainThreshold() {
    PrefetchPlanner plain = new PrefetchPlanner(PlannerOptions.defaults().withWeighSize(false));
    List<Prediction> predictions = List.of(new Prediction("/big", 0.5, 10, 1));

    assertThat(plain.plan("/", predictions, page -> 2.0)).extracting(Prediction::page)
        .containsExactly("/big");
  }
}
