package org.edgecdn.sim.cache;

import java.util.Objects;
import org.edgecdn.sim.workload.Trace;

/**
 * What a policy is built for: the trace it will see (only a clairvoyant policy reads ahead in
 * it) and its byte budget.
 */
public record CacheSetting(Trace trace, long budgetBytes) {
  public CacheSetting {
    Objects.requireNonNull(trace, "trace");
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budget must be positive: " + budgetBytes);
    }
  }
}
