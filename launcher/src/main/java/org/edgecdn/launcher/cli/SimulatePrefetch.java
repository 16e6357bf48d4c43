package org.edgecdn.launcher.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgecdn.predictor.eval.Policies;
import org.edgecdn.predictor.eval.PolicyResult;
import org.edgecdn.predictor.eval.PrefetchPolicy;
import org.edgecdn.predictor.eval.PrefetchReport;
import org.edgecdn.predictor.eval.PrefetchSimulation;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.TopTransition;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.ClickstreamReader;
import org.edgecdn.predictor.trace.VisitInterleaver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdn simulate prefetch}: one clickstream through an edge cache with every prefetch
 * policy (none, first order, second order/PPM, oracle), the figures side by side.
 */
@Command(name = "prefetch", mixinStandardHelpOptions = true,
    description = {"Replay a clickstream through an edge cache with no prefetch, first-order",
        "Markov, second-order/PPM and an oracle that knows the next page (the ceiling):",
        "hit ratio, prefetch precision and coverage, extra origin requests and bytes."})
final class SimulatePrefetch implements Callable<Integer> {

  static final class Source {
    @Option(names = "--trace", paramLabel = "FILE", description = {"a clickstream: one visit "
        + "a line of page ids, or an Apache/nginx common or combined access log"})
    Path trace;

    @Option(names = "--synthetic", description = {"generate a site with a known transition "
        + "matrix (--pages, Zipf entry pages, 3-8 links a page, skewed) and its visits"})
    boolean synthetic;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--cache-size", paramLabel = "PAGES",
      description = "pages the cache holds (default: 20%% of the trace's distinct pages)")
  Integer cacheSize;

  @Option(names = "--threshold", defaultValue = "0.3",
      description = "probability a next page needs to be prefetched (default ${DEFAULT-VALUE})")
  double threshold;

  @Option(names = "--min-support", defaultValue = "" + PlannerOptions.DEFAULT_MIN_SUPPORT,
      description = "decayed count a transition needs (default ${DEFAULT-VALUE})")
  double minSupport;

  @Option(names = "--no-weigh-size", description = {"hold every page to the plain threshold; "
      + "by default a page k times the trace's mean size needs k times the probability"})
  boolean noWeighSize;

  @Option(names = "--concurrency", defaultValue = "4", description = {"visits in progress at "
      + "once when a trace gives whole visits (default ${DEFAULT-VALUE}); 1 replays them back "
      + "to back"})
  int concurrency;

  @Option(names = "--visits", defaultValue = "20000",
      description = "synthetic: visits to generate (default ${DEFAULT-VALUE})")
  int visits;

  @Option(names = "--pages", defaultValue = "200",
      description = "synthetic: pages of the site (default ${DEFAULT-VALUE})")
  int pages;

  @Option(names = "--link-skew", defaultValue = "1.2",
      description = "synthetic: Zipf exponent over a page's links (default ${DEFAULT-VALUE})")
  double linkSkew;

  @Option(names = "--exit", defaultValue = "0.25",
      description = "synthetic: probability a visit ends after a view (default ${DEFAULT-VALUE})")
  double exit;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default 1)")
  long seed;

  @Option(names = "--top", defaultValue = "10",
      description = "predicted transitions to list (default ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--write-trace", paramLabel = "FILE",
      description = "synthetic: also write the generated visits, one a line")
  Path writeTrace;

  private final PrintStream out;
  private final PrintStream err;

  SimulatePrefetch() {
    this(System.out, System.err);
  }

  SimulatePrefetch(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (concurrency < 1 || (cacheSize != null && cacheSize < 1) || visits < 1) {
      err.println("--concurrency, --cache-size and --visits must be at least 1");
      return ExitCodes.BAD_CONFIG;
    }
    SyntheticSite site = null;
    Clickstream trace;
    try {
      if (source.synthetic) {
        site = new SyntheticSite(SyntheticSite.Options.defaults(seed).withPages(pages)
            .withLinks(linkSkew, exit));
        List<List<String>> generated = site.visits(visits);
        if (writeTrace != null) {
          write(writeTrace, generated);
        }
        trace = VisitInterleaver.interleave(generated, concurrency, seed, site::bytes);
      } else {
        try (BufferedReader reader = Files.newBufferedReader(source.trace,
            StandardCharsets.UTF_8)) {
          trace = ClickstreamReader.read(reader, concurrency, seed);
        }
      }
    } catch (IOException e) {
      err.println("cannot read the trace: " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    if (trace.size() == 0) {
      err.println("the trace holds no page views");
      return ExitCodes.BAD_CONFIG;
    }
    int capacity = cacheSize != null ? cacheSize : Math.max(1, trace.distinctPages() / 5);
    PlannerOptions plan = new PlannerOptions(threshold, minSupport,
        PlannerOptions.DEFAULT_MAX_PER_VIEW, !noWeighSize);
    List<PrefetchPolicy> policies = new ArrayList<>(Policies.all(ModelOptions.defaults(), plan));
    if (site != null) {
      // A synthetic site's true matrix, at the same threshold: the best a learned model can do.
      policies.add(policies.size() - 1, Policies.knownMatrix(site::nextViews, plan));
    }
    List<PolicyResult> results = PrefetchSimulation.run(trace, capacity, policies);

    out.printf(Locale.ROOT, "trace: %d page views, %d visits, %d distinct pages%s%n",
        trace.size(), trace.visits(), trace.distinctPages(),
        site == null ? "" : String.format(Locale.ROOT,
            " (synthetic: %d pages, link skew %.2f, exit %.2f, seed %d)", pages, linkSkew, exit,
            seed));
    out.printf(Locale.ROOT, "cache: %d pages (LRU), threshold %.2f%s, min support %.1f, "
        + "concurrency %d%n%n", capacity, threshold,
        noWeighSize ? "" : " for a page of the mean size", minSupport, concurrency);
    out.print(PrefetchReport.table(results));
    Policies.Markov firstOrder = (Policies.Markov) policies.get(1);
    out.printf(Locale.ROOT, "%nmodel: %d bytes (first order)%n", firstOrder.modelBytes());
    out.printf(Locale.ROOT, "%ntop predicted transitions (first order)%s:%n",
        site == null ? "" : ", with the true probability");
    List<TopTransition> strongest = firstOrder.top(top);
    if (site == null) {
      out.print(PrefetchReport.transitions(strongest, null));
    } else {
      // The model's p is of the next view, exits included: the truth is link share x (1 - exit).
      SyntheticSite known = site;
      out.print(PrefetchReport.transitions(strongest,
          (from, to) -> known.transition(from, to) * (1 - exit)));
    }
    return ExitCodes.OK;
  }

  private static void write(Path file, List<List<String>> visits) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (List<String> visit : visits) {
        writer.write(String.join(" ", visit));
        writer.write('\n');
      }
    }
  }
}
