package org.edgecdn.sim.cache;

import java.util.ArrayList;
import java.util.List;
import org.edgecdn.sim.Registry.Entry;
import org.edgecdn.sim.workload.Trace;

/**
 * Replays one trace through each policy at each budget, counting object and byte hits. Every
 * policy starts empty and sees the same requests; requests for objects larger than the budget
 * are misses for all and are not shown to any policy.
 */
public final class CacheSimulation {

  private CacheSimulation() {}

  /** Runs every entry at every budget, in the order given. */
  public static CacheReport run(Trace trace, List<Long> budgets,
      List<Entry<CacheSetting, CachePolicy>> policies) {
    long requestedBytes = trace.requestedBytes();
    List<CacheReport.Run> runs = new ArrayList<>();
    for (long budget : budgets) {
      CacheSetting setting = new CacheSetting(trace, budget);
      int tooLarge = 0;
      for (int i = 0; i < trace.length(); i++) {
        if (trace.size(trace.object(i)) > budget) {
          tooLarge++;
        }
      }
      List<CacheReport.PolicyResult> results = new ArrayList<>();
      for (Entry<CacheSetting, CachePolicy> entry : policies) {
        results.add(replay(trace, setting, entry, requestedBytes));
      }
      runs.add(new CacheReport.Run(budget, tooLarge, results));
    }
    return new CacheReport(trace.description(), trace.length(), trace.distinctObjects(),
        trace.workingSetBytes(), requestedBytes, runs);
  }

  private static CacheReport.PolicyResult replay(Trace trace, CacheSetting setting,
      Entry<CacheSetting, CachePolicy> entry, long requestedBytes) {
    CachePolicy policy = entry.create(setting);
    long hits = 0;
    long hitBytes = 0;
    for (int i = 0; i < trace.length(); i++) {
      int object = trace.object(i);
      long size = trace.size(object);
      if (size <= setting.budgetBytes() && policy.access(i, object, size)) {
        hits++;
        hitBytes += size;
      }
    }
    return new CacheReport.PolicyResult(entry.name(), entry.label(), entry.bound(),
        trace.length(), hits, requestedBytes, hitBytes);
  }
}
