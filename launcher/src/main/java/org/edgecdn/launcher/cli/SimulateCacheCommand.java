package org.edgecdn.launcher.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.sim.Registry;
import org.edgecdn.sim.cache.CachePolicies;
import org.edgecdn.sim.cache.CachePolicy;
import org.edgecdn.sim.cache.CacheReport;
import org.edgecdn.sim.cache.CacheSetting;
import org.edgecdn.sim.cache.CacheSimulation;
import org.edgecdn.sim.workload.ObjectSizes;
import org.edgecdn.sim.workload.Trace;
import org.edgecdn.sim.workload.TraceFile;
import org.edgecdn.sim.workload.ZipfWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdn simulate cache}: the edge's Caffeine store against LRU, FIFO and LFU at the same
 * byte budget, on a seeded Zipf workload or a trace file, with Belady's clairvoyant policy as
 * the ceiling (module {@code predictor}, package {@code org.edgecdn.sim.cache}).
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Hit ratio and byte hit ratio of the edge's Caffeine (W-TinyLFU) against LRU,"
        + " FIFO and LFU at the same byte budget, with Belady's clairvoyant policy as the"
        + " ceiling, on a seeded Zipf workload or a trace file (one request a line: 'key' or"
        + " 'key size', the size in bytes).")
final class SimulateCacheCommand implements Callable<Integer> {

  /** How synthetic objects are sized. */
  enum Sizes { fixed, lognormal }

  @Option(names = "--trace", paramLabel = "FILE",
      description = "replay this trace instead of a Zipf workload")
  Path trace;

  @Option(names = "--zipf", paramLabel = "ALPHA", defaultValue = "0.8",
      description = "Zipf skew of the synthetic workload (default ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--objects", defaultValue = "10000",
      description = "objects in the synthetic workload (default ${DEFAULT-VALUE})")
  int objects;

  @Option(names = "--requests", defaultValue = "1000000",
      description = "requests in the synthetic workload (default ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--sizes", defaultValue = "lognormal",
      description = "object sizes: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Sizes sizes;

  @Option(names = "--object-size", paramLabel = "SIZE", defaultValue = "16KiB",
      converter = SizeConverter.class,
      description = "fixed size, or lognormal median, of synthetic objects; size of trace"
          + " lines without one (default ${DEFAULT-VALUE})")
  long objectSize;

  @Option(names = "--size-sigma", defaultValue = "1.5",
      description = "lognormal sigma of ln(size) (default ${DEFAULT-VALUE})")
  double sigma;

  @Option(names = "--cache-size", paramLabel = "SIZE", split = ",",
      converter = SizeConverter.class,
      description = "byte budgets, e.g. 64MiB or 16MiB,64MiB")
  List<Long> cacheSizes = new ArrayList<>();

  @Option(names = "--cache-fraction", paramLabel = "FRACTION", split = ",",
      description = "budgets as shares of the working set's bytes, e.g. 0.01,0.05,0.1"
          + " (default 0.1 when no --cache-size)")
  List<Double> cacheFractions = new ArrayList<>();

  @Option(names = "--policies", paramLabel = "NAME", split = ",",
      description = "policies to run (default all: caffeine, lru, fifo, lfu); belady, the"
          + " bound, always runs")
  List<String> policies = new ArrayList<>();

  @Option(names = "--seed", defaultValue = "1", description = "random seed (default 1)")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the report as JSON")
  Path out;

  @Spec
  CommandSpec spec;

  private final PrintStream stdout;
  private final PrintStream stderr;

  SimulateCacheCommand() {
    this(System.out, System.err);
  }

  SimulateCacheCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() throws IOException {
    List<Registry.Entry<CacheSetting, CachePolicy>> selected;
    Trace workload;
    try {
      checkExclusive();
      selected = CachePolicies.registry().select(policies);
      workload = trace == null ? zipf().generate() : readTrace();
    } catch (IllegalArgumentException e) {
      stderr.println(e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    if (workload == null) {
      return ExitCodes.BAD_CONFIG;
    }
    CacheReport report = CacheSimulation.run(workload, budgets(workload), selected);
    stdout.print(report.text());
    if (out != null) {
      Files.writeString(out, json(report).encodePrettily() + "\n", StandardCharsets.UTF_8);
    }
    return ExitCodes.OK;
  }

  private void checkExclusive() {
    var parsed = spec.commandLine().getParseResult();
    if (trace != null) {
      for (String synthetic : List.of("--zipf", "--objects", "--requests", "--sizes",
          "--size-sigma")) {
        if (parsed.hasMatchedOption(synthetic)) {
          throw new IllegalArgumentException(
              "--trace replays a file; " + synthetic + " is for the Zipf workload");
        }
      }
    }
    if (!cacheSizes.isEmpty() && !cacheFractions.isEmpty()) {
      throw new IllegalArgumentException("give --cache-size or --cache-fraction, not both");
    }
    for (double fraction : cacheFractions) {
      if (!(fraction > 0) || fraction > 1) {
        throw new IllegalArgumentException("--cache-fraction must be in (0, 1]: " + fraction);
      }
    }
  }

  private ZipfWorkload zipf() {
    ObjectSizes objectSizes = sizes == Sizes.fixed ? new ObjectSizes.Fixed(objectSize)
        : new ObjectSizes.LogNormal(objectSize, sigma);
    return new ZipfWorkload(alpha, objects, requests, objectSizes, seed);
  }

  /** The trace, bad lines reported on stderr; null (after saying why) if there is nothing. */
  private Trace readTrace() throws IOException {
    TraceFile.Parsed parsed;
    try {
      parsed = TraceFile.read(trace, objectSize);
    } catch (NoSuchFileException e) {
      stderr.println("no such trace file: " + trace);
      return null;
    } catch (IOException e) {
      stderr.println("cannot read trace file " + trace + ": " + e);
      return null;
    }
    if (parsed.badLines() > 0) {
      stderr.println(String.format(Locale.ROOT, "%s: %,d of %,d lines skipped as bad", trace,
          parsed.badLines(), parsed.lines()));
      for (TraceFile.BadLine bad : parsed.firstBadLines()) {
        stderr.println("  line " + bad.number() + ": " + bad.reason());
      }
      int unlisted = parsed.badLines() - parsed.firstBadLines().size();
      if (unlisted > 0) {
        stderr.println(String.format(Locale.ROOT, "  ... and %,d more", unlisted));
      }
    }
    if (parsed.resizedKeys() > 0) {
      stderr.println(String.format(Locale.ROOT,
          "%s: %,d keys change size; each size counts as a new object", trace,
          parsed.resizedKeys()));
    }
    if (parsed.trace().length() == 0) {
      stderr.println(trace + ": no requests");
      return null;
    }
    return parsed.trace();
  }

  private List<Long> budgets(Trace workload) {
    if (!cacheSizes.isEmpty()) {
      return cacheSizes;
    }
    List<Double> fractions = cacheFractions.isEmpty() ? List.of(0.1) : cacheFractions;
    long workingSet = workload.workingSetBytes();
    return fractions.stream().map(f -> Math.max(1, Math.round(f * workingSet))).toList();
  }

  static JsonObject json(CacheReport report) {
    JsonArray runs = new JsonArray();
    for (CacheReport.Run run : report.runs()) {
      JsonArray results = new JsonArray();
      for (CacheReport.PolicyResult result : run.results()) {
        results.add(new JsonObject()
            .put("policy", result.name())
            .put("label", result.label())
            .put("bound", result.bound())
            .put("hits", result.hits())
            .put("hitRatio", result.hitRatio())
            .put("hitBytes", result.hitBytes())
            .put("byteHitRatio", result.byteHitRatio())
            .put("gapToOptimal", run.gap(result))
            .put("byteGapToOptimal", run.byteGap(result)));
      }
      runs.add(new JsonObject()
          .put("budgetBytes", run.budgetBytes())
          .put("fractionOfWorkingSet", report.fractionOfWorkingSet(run.budgetBytes()))
          .put("tooLargeRequests", run.tooLarge())
          .put("results", results));
    }
    return new JsonObject()
        .put("workload", report.workload())
        .put("requests", report.requests())
        .put("distinctObjects", report.distinctObjects())
        .put("workingSetBytes", report.workingSetBytes())
        .put("requestedBytes", report.requestedBytes())
        .put("runs", runs);
  }

  /** Reads sizes as network files write them: 512KiB, 64MiB, 1GiB or bytes. */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return NetworkConfigLoader.size(value);
    }
  }
}
