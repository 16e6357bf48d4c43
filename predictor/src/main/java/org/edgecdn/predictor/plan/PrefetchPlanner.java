package org.edgecdn.predictor.plan;

import java.util.ArrayList;
import java.util.List;
import org.edgecdn.predictor.model.Prediction;

/**
 * Chooses, from a model's predictions, the pages to fetch ahead: probability at least the
 * threshold, support at least the minimum, the most likely first, at most
 * {@link PlannerOptions#maxPerView()}, never the page being viewed.
 */
public final class PrefetchPlanner {

  private final PlannerOptions options;

  public PrefetchPlanner(PlannerOptions options) {
    this.options = options;
  }

  public PlannerOptions options() {
    return options;
  }

  /** {@code predictions} must be sorted most likely first (as the model returns them). */
  public List<Prediction> plan(String current, List<Prediction> predictions) {
    List<Prediction> chosen = new ArrayList<>(options.maxPerView());
    for (Prediction p : predictions) {
      if (chosen.size() >= options.maxPerView() || p.probability() < options.threshold()) {
        break;
      }
      if (p.support() >= options.minSupport() && !p.page().equals(current)) {
        chosen.add(p);
      }
    }
    return chosen;
  }
}
