package org.edgecdn.predictor.eval;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.Prediction;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.plan.PageSizes;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.plan.PrefetchPlanner;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.PageRequest;
import org.edgecdn.predictor.visit.PageView;
import org.edgecdn.predictor.visit.VisitTracker;

/**
 * The policies the simulator compares: none (the floor), first-order Markov, second-order with
 * PPM fallback, and the oracle that knows each visitor's next page (the ceiling: it prefetches
 * exactly the page that will be asked, once, and nothing else). For a site whose transition
 * matrix is known, {@link #knownMatrix} prefetches by the true probabilities at the planner's
 * threshold: the ceiling of any model that learns them, as precise as a threshold allows.
 */
public final class Policies {

  private Policies() {}

  /** The registry, in the order the report lists them. */
  public static List<PrefetchPolicy> all(ModelOptions model, PlannerOptions plan) {
    return List.of(none(), markov("markov-1", model.firstOrderOnly(), plan),
        markov("ppm-2", model, plan), oracle());
  }

  public static PrefetchPolicy none() {
    return new PrefetchPolicy() {
      @Override
      public String name() {
        return "none";
      }

      @Override
      public List<String> afterView(Clickstream trace, int index) {
        return List.of();
      }
    };
  }

  public static PrefetchPolicy oracle() {
    return new PrefetchPolicy() {
      @Override
      public String name() {
        return "oracle";
      }

      @Override
      public List<String> afterView(Clickstream trace, int index) {
        PageRequest next = trace.nextInVisit(index);
        return next == null ? List.of() : List.of(next.page());
      }
    };
  }

  /**
   * Prefetches by known next-view probabilities, planned as the edge plans: each page with
   * probability at least the threshold (scaled by its size when the options weigh sizes), most
   * likely first, at most {@link PlannerOptions#maxPerView()}.
   *
   * @param nextViews a page's next-view probabilities (the visit's end taken into account)
   */
  public static PrefetchPolicy knownMatrix(Function<String, Map<String, Double>> nextViews,
      PlannerOptions plan) {
    PrefetchPlanner planner = new PrefetchPlanner(plan);
    PageSizes sizes = new PageSizes(Integer.MAX_VALUE);
    return new PrefetchPolicy() {
      @Override
      public String name() {
        return "true-p";
      }

      @Override
      public List<String> afterView(Clickstream trace, int index) {
        PageRequest request = trace.requests().get(index);
        sizes.note(request.page(), request.bytes());
        List<Prediction> known = nextViews.apply(request.page()).entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()))
            .map(e -> new Prediction(e.getKey(), e.getValue(), Double.MAX_VALUE, 1)).toList();
        return planner.plan(request.page(), known, sizes::relative).stream()
            .map(Prediction::page).toList();
      }
    };
  }

  public static Markov markov(String name, ModelOptions model, PlannerOptions plan) {
    return new Markov(name, model, plan);
  }

  /** A policy backed by the edge's own predictor, learning online from the trace. */
  public static final class Markov implements PrefetchPolicy {
    private static final String SITE = "trace";
    private final String name;
    private final NextPagePredictor predictor;
    private long lastMillis;

    Markov(String name, ModelOptions model, PlannerOptions plan) {
      this.name = name;
      // Visits in a trace are already split; the tracker only needs to keep them apart.
      this.predictor = new NextPagePredictor(new VisitTracker(Long.MAX_VALUE / 4, 1 << 20),
          model, plan);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<String> afterView(Clickstream trace, int index) {
      PageRequest request = trace.requests().get(index);
      lastMillis = request.timeMillis();
      predictor.noteSize(SITE, request.page(), request.bytes());
      return predictor.observe(new PageView(SITE,
              "v" + request.visit(), request.page(), null, request.timeMillis()))
          .stream().map(Prediction::page).toList();
    }

    public List<TopTransition> top(int limit) {
      return predictor.top(SITE, limit, lastMillis);
    }

    public long modelBytes() {
      return predictor.model(SITE).footprintBytes();
    }
  }
}
