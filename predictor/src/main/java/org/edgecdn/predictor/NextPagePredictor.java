package org.edgecdn.predictor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.Prediction;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.model.TransitionModel;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.plan.PrefetchPlanner;
import org.edgecdn.predictor.visit.PageView;
import org.edgecdn.predictor.visit.Step;
import org.edgecdn.predictor.visit.VisitTracker;

/**
 * A node's next-page predictor: visits split from page views ({@link VisitTracker}), one
 * {@link TransitionModel} per site, and a {@link PrefetchPlanner} per site. Feed it page views
 * only (see {@link org.edgecdn.predictor.visit.Navigation}); it answers, for the view just seen,
 * which pages to fetch ahead. Time is whatever the caller passes: tests and the simulator use
 * their own clock.
 */
public final class NextPagePredictor {

  private final VisitTracker visits;
  private final ModelOptions modelOptions;
  private final Map<String, TransitionModel> models = new ConcurrentHashMap<>();
  private final Map<String, PrefetchPlanner> planners = new ConcurrentHashMap<>();
  private final PlannerOptions defaultPlan;

  public NextPagePredictor(VisitTracker visits, ModelOptions modelOptions,
      PlannerOptions defaultPlan) {
    this.visits = visits;
    this.modelOptions = modelOptions;
    this.defaultPlan = defaultPlan;
  }

  /** Sets {@code site}'s planner (threshold, support); others use the default. */
  public NextPagePredictor plan(String site, PlannerOptions options) {
    planners.put(site, new PrefetchPlanner(options));
    return this;
  }

  /** Learns from {@code view} and returns the pages to fetch ahead after it. */
  public List<Prediction> observe(PageView view) {
    Step step = visits.observe(view);
    TransitionModel model = model(view.site());
    model.record(step.transition(), step.previous(), step.current(), view.timeMillis());
    List<Prediction> predictions = model.predict(step.previous(), step.current(),
        view.timeMillis());
    return planner(view.site()).plan(step.current(), predictions);
  }

  /** What would be fetched ahead after {@code current}, without learning anything. */
  public List<Prediction> peek(String site, String previous, String current, long nowMillis) {
    TransitionModel model = models.get(site);
    if (model == null) {
      return List.of();
    }
    return planner(site).plan(current, model.predict(previous, current, nowMillis));
  }

  public List<TopTransition> top(String site, int limit, long nowMillis) {
    TransitionModel model = models.get(site);
    return model == null ? List.of() : model.top(limit, nowMillis);
  }

  /** Estimated heap bytes of all models and the visit table. */
  public long footprintBytes() {
    long bytes = visits.size() * 160L;
    for (TransitionModel model : models.values()) {
      bytes += model.footprintBytes();
    }
    return bytes;
  }

  public TransitionModel model(String site) {
    return models.computeIfAbsent(site, s -> new TransitionModel(modelOptions));
  }

  private PrefetchPlanner planner(String site) {
    return planners.computeIfAbsent(site, s -> new PrefetchPlanner(defaultPlan));
  }
}
