package org.edgecdn.predictor.model;

import java.util.Optional;
import org.edgecdn.predictor.visit.Transition;

/** Visits recorded straight into a model, as the edge's visit tracker would split them. */
final class Visits {

  private Visits() {}

  /** One visit through {@code pages} at time {@code t}: views and transitions as the edge sees. */
  static void visit(TransitionModel model, long t, String... pages) {
    String previous = null;
    String current = null;
    for (String page : pages) {
      Optional<Transition> step = current == null ? Optional.empty()
          : Optional.of(new Transition(previous, current, page));
      previous = current;
      current = page;
      model.record(step, previous, current, t);
    }
  }
}
