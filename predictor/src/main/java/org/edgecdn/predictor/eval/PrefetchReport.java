package org.edgecdn.predictor.eval;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import org.edgecdn.predictor.model.TopTransition;

/** The simulator's table: one row a policy, the floor first and the ceiling last. */
public final class PrefetchReport {

  private PrefetchReport() {}

  public static String table(List<PolicyResult> results) {
    PolicyResult baseline = results.stream().filter(r -> r.policy().equals("none"))
        .findFirst().orElse(results.get(0));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-10s %9s %9s %10s %9s %9s %9s %11s %10s%n",
        "policy", "hit-ratio", "gain-pts", "precision", "coverage", "issued", "wasted",
        "extra-reqs", "extra-bytes"));
    for (PolicyResult r : results) {
      out.append(String.format(Locale.ROOT,
          "%-10s %9.3f %+9.1f %10s %9.3f %9d %9d %+11d %+9.1f%%%n",
          r.policy(), r.hitRatio(), 100 * (r.hitRatio() - baseline.hitRatio()),
          r.issued() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.precision()),
          r.coverage(), r.issued(), r.wasted(), r.extraRequests(baseline),
          100 * r.extraBytes(baseline)));
    }
    return out.toString();
  }

  /**
   * The strongest transitions; with {@code truth} (a synthetic site's known probabilities, or
   * null) a column beside the model's.
   */
  public static String transitions(List<TopTransition> top,
      ToDoubleBiFunction<String, String> truth) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-24s %-24s %8s %8s %10s%n", "from", "to", "p",
        truth == null ? "" : "true-p", "support"));
    for (TopTransition t : top) {
      out.append(String.format(Locale.ROOT, "%-24s %-24s %8.3f %8s %10.1f%n", t.from(), t.to(),
          t.probability(), truth == null ? ""
              : String.format(Locale.ROOT, "%.3f", truth.applyAsDouble(t.from(), t.to())),
          t.support()));
    }
    return out.toString();
  }
}
