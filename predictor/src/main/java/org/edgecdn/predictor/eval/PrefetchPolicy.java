package org.edgecdn.predictor.eval;

import java.util.List;
import org.edgecdn.predictor.trace.Clickstream;

/**
 * One way of choosing pages to fetch ahead, replayed by {@link PrefetchSimulation}. A policy
 * sees each page view once, in trace order, learns from it if it learns, and names the pages it
 * would prefetch after it. Every policy is run on the same trace with its own cache, so their
 * figures compare (Caffeine's simulator does the same for eviction policies).
 */
public interface PrefetchPolicy {

  String name();

  /** The pages to fetch ahead after view {@code index} of {@code trace}. */
  List<String> afterView(Clickstream trace, int index);
}
