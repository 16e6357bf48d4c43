package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A site's pages and the probabilities of going from one to the next, as data: what the
 * clickstream workload walks when the user gives a graph file.
 *
 * <p>The file has one edge a line, {@code FROM TO PROBABILITY}, separated by spaces or tabs;
 * blank lines and {@code #} comments are ignored. {@code FROM} is a path, or {@code -} for
 * where visits start: those lines are weights, normalized over all of them. The probabilities
 * leaving a page add up to at most 1; what is left is the chance that the visitor leaves the
 * site there (a page with no line of its own ends every visit). For example:
 *
 * <pre>
 * -          /          0.8
 * -          /blog      0.2
 * /          /products  0.5
 * /          /about     0.2     # 0.3 left: the visitor leaves
 * /products  /p/1       0.6
 * </pre>
 *
 * <p>A line that cannot be read stops the parse with its number: a graph with a line missing
 * would send other probabilities than the ones given, so nothing is skipped.
 */
public final class SiteGraph {

  /** A step of a visit: to {@code page} with probability {@code probability}. */
  public record Link(String page, double probability) {}

  private static final double SLACK = 1e-9;

  private final List<Link> entries;
  private final Map<String, List<Link>> links;
  private final String source;

  private SiteGraph(List<Link> entries, Map<String, List<Link>> links, String source) {
    this.entries = List.copyOf(entries);
    this.links = Map.copyOf(links);
    this.source = source;
  }

  /**
   * Reads a graph file.
   *
   * @throws IllegalArgumentException a line that cannot be read, probabilities leaving a page
   *     above 1, or no entry line
   */
  public static SiteGraph read(Path file) throws IOException {
    Map<String, Double> entryWeights = new LinkedHashMap<>();
    Map<String, Map<String, Double>> edges = new LinkedHashMap<>();
    Lines.read(file, (number, line) -> {
      String text = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      if (Lines.isBlankOrComment(text)) {
        return;
      }
      String[] columns = text.strip().split("\\s+");
      String where = file + ":" + number + ": ";
      if (columns.length != 3) {
        throw new IllegalArgumentException(where + "expected FROM TO PROBABILITY, got " + line);
      }
      String from = columns[0];
      String to = columns[1];
      if (!(from.equals("-") || from.startsWith("/")) || !to.startsWith("/")) {
        throw new IllegalArgumentException(where + "pages are paths starting with / (FROM may "
            + "be - for where visits start), got " + line);
      }
      double p;
      try {
        p = Double.parseDouble(columns[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "not a probability: " + columns[2]);
      }
      if (!(p >= 0 && p <= 1) && !(from.equals("-") && p > 0 && Double.isFinite(p))) {
        throw new IllegalArgumentException(where + "a probability is between 0 and 1, got "
            + columns[2]);
      }
      Map<String, Double> out = from.equals("-") ? entryWeights
          : edges.computeIfAbsent(from, k -> new LinkedHashMap<>());
      if (out.put(to, p) != null) {
        throw new IllegalArgumentException(where + "a second line for " + from + " -> " + to);
      }
    });
    double entrySum = entryWeights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(entrySum > 0)) {
      throw new IllegalArgumentException(file + ": no line '- PAGE WEIGHT' says where visits "
          + "start");
    }
    List<Link> entries = new ArrayList<>();
    entryWeights.forEach((page, w) -> entries.add(new Link(page, w / entrySum)));
    Map<String, List<Link>> links = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Double>> page : edges.entrySet()) {
      double sum = page.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 1 + SLACK) {
        throw new IllegalArgumentException(file + ": the probabilities leaving "
            + page.getKey() + " add up to " + String.format(Locale.ROOT, "%.4f", sum)
            + ", more than 1");
      }
      List<Link> out = new ArrayList<>();
      page.getValue().forEach((to, p) -> out.add(new Link(to, p)));
      links.put(page.getKey(), List.copyOf(out));
    }
    return new SiteGraph(entries, links, file.toString());
  }

  /** Where visits start, with probabilities that add up to 1. */
  public List<Link> entries() {
    return entries;
  }

  /** The probability of going from {@code from} to {@code to}; 0 if there is no such link. */
  public double probability(String from, String to) {
    for (Link link : links.getOrDefault(from, List.of())) {
      if (link.page().equals(to)) {
        return link.probability();
      }
    }
    return 0;
  }

  /** The probability that a visitor on {@code page} leaves the site. */
  public double exit(String page) {
    return 1 - links.getOrDefault(page, List.of()).stream()
        .mapToDouble(Link::probability).sum();
  }

  /** Distinct pages named in the graph. */
  public int pages() {
    Set<String> all = new HashSet<>(links.keySet());
    entries.forEach(e -> all.add(e.page()));
    links.values().forEach(out -> out.forEach(l -> all.add(l.page())));
    return all.size();
  }

  /**
   * One visit drawn with {@code random}: an entry page, then links taken with their
   * probabilities until the visitor leaves or {@code maxViews} pages were viewed.
   */
  public List<String> walk(SplittableRandom random, int maxViews) {
    List<String> visit = new ArrayList<>();
    steps(random, maxViews).forEachRemaining(visit::add);
    return visit;
  }

  /**
   * One visit as {@link #walk} draws it, a page at a time: each page is drawn with
   * {@code random} when it is asked for, so a long visit (a page that links to itself) costs
   * nothing until it is walked.
   */
  public Iterator<String> steps(SplittableRandom random, int maxViews) {
    return new Iterator<>() {
      private String page = entry(random.nextDouble());
      private int viewed;

      @Override
      public boolean hasNext() {
        return page != null && viewed < maxViews;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the visit ended");
        }
        String current = page;
        viewed++;
        page = pick(links.getOrDefault(current, List.of()), random.nextDouble());
        return current;
      }
    };
  }

  private String entry(double u) {
    String page = pick(entries, u);
    // The weights' rounding left a sliver.
    return page != null ? page : entries.get(entries.size() - 1).page();
  }

  /** The link whose share of [0, 1) holds {@code u}, or null when {@code u} is past them all. */
  private static String pick(List<Link> out, double u) {
    double cumulative = 0;
    for (Link link : out) {
      cumulative += link.probability();
      if (u < cumulative) {
        return link.page();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "graph " + source + " (" + pages() + " pages)";
  }
}
