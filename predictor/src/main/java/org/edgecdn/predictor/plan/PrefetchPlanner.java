package org.edgecdn.predictor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.edgecdn.predictor.model.Prediction;

/**
 * Chooses, from a model's predictions, the pages to fetch ahead: probability at least the
 * threshold, support at least the minimum, the most likely first, at most
 * {@link PlannerOptions#maxPerView()}, never the page being viewed.
 *
 * <h2>Large pages need more probability</h2>
 * With {@link PlannerOptions#weighSize()}, the threshold is for a page of the site's mean size
 * and a page k times larger needs k times the probability (smaller pages the plain threshold).
 * A prefetch costs its bytes whether used or not, and a page view saved is worth the same at any
 * size, so this ranks pages by value per byte, as GreedyDual-Size weighs a cached object's cost
 * by its size. Measured with {@code cdn bench prefetch} (docs/prefetch.md): most of the extra
 * origin bytes go, for little of the hit-ratio gain.
 */
public final class PrefetchPlanner {

  private final PlannerOptions options;

  public PrefetchPlanner(PlannerOptions options) {
    this.options = options;
  }

  public PlannerOptions options() {
    return options;
  }

  /** As {@link #plan(String, List, ToDoubleFunction)} with every page of the mean size. */
  public List<Prediction> plan(String current, List<Prediction> predictions) {
    return plan(current, predictions, page -> 1);
  }

  /**
   * @param predictions sorted most likely first (as the model returns them)
   * @param relativeSize a page's size over the site's mean ({@link PageSizes#relative}), used
   *     when the options weigh sizes
   */
  public List<Prediction> plan(String current, List<Prediction> predictions,
      ToDoubleFunction<String> relativeSize) {
    List<Prediction> chosen = new ArrayList<>(options.maxPerView());
    for (Prediction p : predictions) {
      if (chosen.size() >= options.maxPerView() || p.probability() < options.threshold()) {
        break;
      }
      if (p.support() >= options.minSupport() && !p.page().equals(current)
          && (!options.weighSize()
              || p.probability() >= options.threshold()
                  * Math.max(1, relativeSize.applyAsDouble(p.page())))) {
        chosen.add(p);
      }
    }
    return chosen;
  }
}
