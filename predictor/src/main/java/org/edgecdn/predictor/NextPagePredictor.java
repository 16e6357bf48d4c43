package org.edgecdn.predictor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.predictor.model.CountsSnapshot;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.Prediction;
import org.edgecdn.predictor.model.SharedCounts;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.model.TransitionModel;
import org.edgecdn.predictor.plan.PageSizes;
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
 *
 * <p>A site may also predict from the counts of other edges ({@link #share}): they are laid
 * over the site's own model, which keeps only what this node saw.
 */
public final class NextPagePredictor {

  private final VisitTracker visits;
  private final ModelOptions modelOptions;
  private final Map<String, ModelOptions> siteModelOptions = new ConcurrentHashMap<>();
  private final Map<String, TransitionModel> models = new ConcurrentHashMap<>();
  private final Map<String, PrefetchPlanner> planners = new ConcurrentHashMap<>();
  private final Map<String, SharedCounts> shared = new ConcurrentHashMap<>();
  private final Map<String, PageSizes> sizes = new ConcurrentHashMap<>();
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

  /**
   * Sets {@code site}'s model bounds and decay (its half-life); others use the node's. Takes
   * effect for a model not built yet: call it before the site's first page view.
   */
  public NextPagePredictor modelOptions(String site, ModelOptions options) {
    siteModelOptions.put(site, options);
    return this;
  }

  /** {@code site}'s model bounds and decay. */
  public ModelOptions modelOptions(String site) {
    return siteModelOptions.getOrDefault(site, modelOptions);
  }

  /** Learns from {@code view} and returns the pages to fetch ahead after it. */
  public List<Prediction> observe(PageView view) {
    Step step = visits.observe(view);
    TransitionModel model = model(view.site());
    model.record(step.transition(), step.previous(), step.current(), view.timeMillis());
    List<Prediction> predictions = model.predict(step.previous(), step.current(),
        view.timeMillis(), shared(view.site()));
    return planner(view.site()).plan(step.current(), predictions, sizes(view.site())::relative);
  }

  /**
   * {@code page} of {@code site} was served whole with a body of {@code bytes}: large pages need
   * more probability to be fetched ahead ({@link PrefetchPlanner}), when the site's plan weighs
   * sizes.
   */
  public void noteSize(String site, String page, long bytes) {
    // A site that does not weigh sizes never reads them: no table to keep up.
    if (planner(site).options().weighSize()) {
      sizes(site).note(page, bytes);
    }
  }

  /** What would be fetched ahead after {@code current}, without learning anything. */
  public List<Prediction> peek(String site, String previous, String current, long nowMillis) {
    TransitionModel model = models.get(site);
    if (model == null) {
      return List.of();
    }
    return planner(site).plan(current, model.predict(previous, current, nowMillis,
        shared(site)), sizes(site)::relative);
  }

  /** The strongest first-order transitions, the peers' counts included. */
  public List<TopTransition> top(String site, int limit, long nowMillis) {
    // A site name nobody configured (the admin API takes any) creates no model.
    TransitionModel model = shared.containsKey(site) ? model(site) : models.get(site);
    return model == null ? List.of() : model.top(limit, nowMillis, shared(site));
  }

  /**
   * Replaces {@code site}'s peer counts (never adds to them: each overlay is the peers' whole
   * state, see {@link SharedCounts}).
   */
  public void share(String site, SharedCounts peers) {
    shared.put(site, peers);
  }

  /** {@code site}'s peer counts, {@link SharedCounts#NONE} when it has none. */
  public SharedCounts shared(String site) {
    return shared.getOrDefault(site, SharedCounts.NONE);
  }

  /**
   * This node's own counts of {@code site}, bounded to {@code maxPages} pages and
   * {@code maxContexts} second-order contexts, to publish to peers.
   */
  public CountsSnapshot snapshot(String site, int maxPages, int maxContexts, long nowMillis) {
    TransitionModel model = models.get(site);
    return model == null ? new CountsSnapshot(nowMillis, List.of())
        : model.snapshot(maxPages, maxContexts, nowMillis);
  }

  /** The model options of the sites not given their own ({@link #modelOptions(String)}). */
  public ModelOptions modelOptions() {
    return modelOptions;
  }

  /** Estimated heap bytes of all models and the visit table. */
  public long footprintBytes() {
    long bytes = visits.size() * 160L;
    for (TransitionModel model : models.values()) {
      bytes += model.footprintBytes();
    }
    for (SharedCounts peers : shared.values()) {
      bytes += peers.footprintBytes();
    }
    for (PageSizes weighed : sizes.values()) {
      bytes += weighed.footprintBytes();
    }
    return bytes;
  }

  public TransitionModel model(String site) {
    return models.computeIfAbsent(site, s -> new TransitionModel(modelOptions(s)));
  }

  private PageSizes sizes(String site) {
    return sizes.computeIfAbsent(site, s -> new PageSizes(modelOptions(s).maxPages()));
  }

  private PrefetchPlanner planner(String site) {
    return planners.computeIfAbsent(site, s -> new PrefetchPlanner(defaultPlan));
  }
}
