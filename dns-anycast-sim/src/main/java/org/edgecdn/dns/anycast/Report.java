package org.edgecdn.dns.anycast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one simulation run found, and its text form for {@code cdn simulate anycast}.
 *
 * @param clients clients simulated
 * @param networks access networks
 * @param transits transit providers
 * @param pops PoP names, in configuration order
 * @param seed the seed of the run
 * @param before every PoP up
 * @param failure what changed when a PoP withdrew, if one was failed
 */
public record Report(
    int clients,
    int networks,
    int transits,
    List<String> pops,
    long seed,
    Situation before,
    Optional<Failure> failure) {

  /** DNS steering, anycast, and the best possible, over the same clients and PoPs. */
  public record Situation(Side dns, Side anycast, Side best) {}

  /**
   * One way of choosing PoPs.
   *
   * @param atBestShare share of clients at their lowest-RTT PoP, 0..1
   * @param meanMs mean RTT to the chosen PoP
   * @param p95Ms 95th percentile RTT (nearest rank)
   * @param load clients per PoP, in configuration order (a PoP with none is listed with 0)
   */
  public record Side(double atBestShare, double meanMs, double p95Ms, Map<String, Integer> load) {}

  /** Convergence times over the clients that had to move, in seconds. */
  public record Convergence(double meanSeconds, double p95Seconds, double maxSeconds) {}

  /**
   * A PoP withdrawn.
   *
   * @param pop the PoP
   * @param after the situation once everything converged
   * @param dnsMoved clients DNS sent elsewhere
   * @param anycastMoved clients whose route moved
   * @param dns how long the DNS clients took: probe detection, then the rest of the TTL of the
   *     answer their resolver holds (uniform over the TTL)
   * @param anycast how long the anycast clients took: the withdrawal travelling back along the
   *     old AS path, one MRAI-like delay per hop
   */
  public record Failure(
      String pop,
      Situation after,
      int dnsMoved,
      int anycastMoved,
      Convergence dns,
      Convergence anycast) {}

  /** The report as printed: a header, then the three columns side by side. */
  public String text() {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT,
        "anycast simulation: %,d clients, %d access networks, %d transit providers, PoPs %s,"
            + " seed %d", clients, networks, transits, String.join(", ", pops), seed));
    out.add("");
    out.add("all PoPs up:");
    table(out, before);
    failure.ifPresent(f -> {
      out.add("");
      out.add("after " + f.pop() + " withdraws:");
      table(out, f.after());
      out.add(String.format(Locale.ROOT, "  %-22s %16s %16s", "clients moved",
          String.format(Locale.ROOT, "%,d", f.dnsMoved()),
          String.format(Locale.ROOT, "%,d", f.anycastMoved())));
      out.add(row("convergence mean", seconds(f.dns().meanSeconds()),
          seconds(f.anycast().meanSeconds()), ""));
      out.add(row("convergence p95", seconds(f.dns().p95Seconds()),
          seconds(f.anycast().p95Seconds()), ""));
      out.add(row("convergence max", seconds(f.dns().maxSeconds()),
          seconds(f.anycast().maxSeconds()), ""));
      out.add("  DNS: probe detection, then the rest of the TTL of cached answers.");
      out.add("  Anycast: an MRAI-like delay per AS hop of the withdrawn route.");
    });
    return String.join("\n", out) + "\n";
  }

  private void table(List<String> out, Situation s) {
    out.add(String.format(Locale.ROOT, "  %-22s %16s %16s %16s", "", "DNS steering", "anycast",
        "best possible"));
    out.add(row("at best PoP", percent(s.dns().atBestShare()),
        percent(s.anycast().atBestShare()), percent(s.best().atBestShare())));
    out.add(row("mean RTT", ms(s.dns().meanMs()), ms(s.anycast().meanMs()),
        ms(s.best().meanMs())));
    out.add(row("p95 RTT", ms(s.dns().p95Ms()), ms(s.anycast().p95Ms()), ms(s.best().p95Ms())));
    for (String pop : pops) {
      out.add(row("load " + pop, load(s.dns(), pop), load(s.anycast(), pop),
          load(s.best(), pop)));
    }
  }

  private String load(Side side, String pop) {
    int n = side.load().getOrDefault(pop, 0);
    return String.format(Locale.ROOT, "%,d (%.1f %%)", n, 100.0 * n / Math.max(1, clients));
  }

  private static String row(String label, String dns, String anycast, String best) {
    return String.format(Locale.ROOT, "  %-22s %16s %16s %16s", label, dns, anycast, best)
        .stripTrailing();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f s", value);
  }
}
