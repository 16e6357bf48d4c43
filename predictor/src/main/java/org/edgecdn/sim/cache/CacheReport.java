package org.edgecdn.sim.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.edgecdn.sim.workload.Bytes;

/**
 * What one simulation found: the workload, then for each byte budget every policy's hits beside
 * the bound's.
 *
 * @param workload how the trace was made
 * @param requests requests in the trace
 * @param distinctObjects objects requested at least once
 * @param workingSetBytes bytes of those objects
 * @param requestedBytes bytes over all requests
 * @param runs one per budget, in the order asked
 */
public record CacheReport(String workload, int requests, int distinctObjects,
    long workingSetBytes, long requestedBytes, List<Run> runs) {

  public CacheReport {
    runs = List.copyOf(runs);
  }

  /**
   * Every policy at one budget.
   *
   * @param budgetBytes the budget
   * @param tooLarge requests for objects larger than the budget: misses for every policy
   * @param results one per policy, the bound among them, in registry order
   */
  public record Run(long budgetBytes, int tooLarge, List<PolicyResult> results) {
    public Run {
      results = List.copyOf(results);
    }

    /** The bound's result. */
    public PolicyResult optimal() {
      return results.stream().filter(PolicyResult::bound).findFirst().orElseThrow();
    }

    /** Points of hit ratio between this result and the bound; negative if above it. */
    public double gap(PolicyResult result) {
      return optimal().hitRatio() - result.hitRatio();
    }

    /** Points of byte hit ratio between this result and the bound; negative if above it. */
    public double byteGap(PolicyResult result) {
      return optimal().byteHitRatio() - result.byteHitRatio();
    }
  }

  /**
   * One policy's counts.
   *
   * @param name the registry name
   * @param label the registry label
   * @param bound whether it is the bound
   * @param requests requests replayed
   * @param hits requests answered from the cache
   * @param requestedBytes bytes over all requests
   * @param hitBytes bytes answered from the cache
   */
  public record PolicyResult(String name, String label, boolean bound, long requests, long hits,
      long requestedBytes, long hitBytes) {

    /** Share of requests that were hits, 0..1. */
    public double hitRatio() {
      return requests == 0 ? 0 : (double) hits / requests;
    }

    /** Share of requested bytes served from the cache, 0..1. */
    public double byteHitRatio() {
      return requestedBytes == 0 ? 0 : (double) hitBytes / requestedBytes;
    }
  }

  /** Share of the working set's bytes that a budget holds. */
  public double fractionOfWorkingSet(long budgetBytes) {
    return workingSetBytes == 0 ? 0 : (double) budgetBytes / workingSetBytes;
  }

  /** The report as printed: a heading, then one table per budget, then what the names mean. */
  public String text() {
    List<String> out = new ArrayList<>();
    out.add("cache simulation: " + workload);
    out.add(String.format(Locale.ROOT, "working set: %,d objects, %s; %,d requests for %s",
        distinctObjects, Bytes.format(workingSetBytes), requests, Bytes.format(requestedBytes)));
    for (Run run : runs) {
      out.add("");
      out.add(String.format(Locale.ROOT, "cache %s (%s of the working set)%s:",
          Bytes.format(run.budgetBytes()), percent(fractionOfWorkingSet(run.budgetBytes())),
          run.tooLarge() == 0 ? ""
              : String.format(Locale.ROOT, ", %,d requests too large to cache", run.tooLarge())));
      out.add(String.format(Locale.ROOT, "  %-10s %10s %15s   %s", "policy", "hit ratio",
          "byte hit ratio", "below optimal: hits, bytes"));
      for (PolicyResult result : run.results()) {
        String gap = result.bound() ? "(the bound)" : String.format(Locale.ROOT,
            "%8s pp %8s pp", points(run.gap(result)), points(run.byteGap(result)));
        out.add(String.format(Locale.ROOT, "  %-10s %10s %15s   %s", result.name(),
            percent(result.hitRatio()), percent(result.byteHitRatio()), gap));
      }
    }
    if (!runs.isEmpty()) {
      out.add("");
      for (PolicyResult result : runs.get(0).results()) {
        out.add(String.format(Locale.ROOT, "  %-10s %s", result.name(), result.label()));
      }
    }
    return String.join("\n", out) + "\n";
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * ratio);
  }

  private static String points(double ratio) {
    return String.format(Locale.ROOT, "%.2f", 100 * ratio);
  }
}
