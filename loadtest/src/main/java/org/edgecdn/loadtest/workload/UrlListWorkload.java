package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GETs of a fixed list of paths, in order and round again ({@code order=sequential}, the
 * default) or drawn uniformly with the seed ({@code order=random}). Absolute URLs are reduced
 * to their path and query: the host is the target's.
 */
public final class UrlListWorkload implements Workload {

  private final List<String> paths;
  private final boolean random;
  private final SplittableRandom rng;
  private final ParseReport report;
  private int next;

  public UrlListWorkload(List<String> paths, boolean random, long seed) {
    this(paths, random, seed, ParseReport.EMPTY);
  }

  private UrlListWorkload(List<String> paths, boolean random, long seed, ParseReport report) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("the URL list is empty");
    }
    this.paths = List.copyOf(paths);
    this.random = random;
    this.rng = new SplittableRandom(seed);
    this.report = report;
  }

  /** Settings: paths (separated by spaces), file (one URL or path a line), order. */
  static Workload create(WorkloadSettings settings, long seed) throws IOException {
    List<String> paths = new ArrayList<>();
    ParseReport.Builder report = new ParseReport.Builder();
    for (String given : settings.text("paths", "").split("\\s+")) {
      if (!given.isEmpty()) {
        String path = Lines.pathOf(given);
        if (path == null) {
          throw new IllegalArgumentException("not a path or URL: " + given);
        }
        paths.add(path);
      }
    }
    if (settings.has("file")) {
      Lines.read(settings.path("file"), (number, line) -> {
        if (Lines.isBlankOrComment(line)) {
          return;
        }
        String path = Lines.pathOf(line.strip());
        if (path == null || path.chars().anyMatch(Character::isWhitespace)) {
          report.bad(number, "not a path or URL", line);
        } else {
          report.used();
          paths.add(path);
        }
      });
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("the urls workload needs paths or a file of URLs");
    }
    String order = settings.text("order", "sequential").toLowerCase(Locale.ROOT);
    if (!order.equals("sequential") && !order.equals("random")) {
      throw new IllegalArgumentException("order: sequential or random, got " + order);
    }
    return new UrlListWorkload(paths, order.equals("random"), seed, report.build());
  }

  @Override
  public LoadRequest next() {
    int index;
    if (random) {
      index = rng.nextInt(paths.size());
    } else {
      index = next;
      next = (next + 1) % paths.size();
    }
    return LoadRequest.get(paths.get(index));
  }

  @Override
  public String describe() {
    return "urls: " + paths.size() + " paths, " + (random ? "random" : "in order");
  }

  @Override
  public ParseReport parseReport() {
    return report;
  }
}
