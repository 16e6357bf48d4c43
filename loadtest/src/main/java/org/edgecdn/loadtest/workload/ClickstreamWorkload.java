package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Visitors walking a site: page views as a browser sends them, each visitor with an identity of
 * its own, interleaved as their think times order them.
 *
 * <p><b>Visits.</b> Where a visit goes comes from a {@link Visits} source: a {@link SiteGraph}
 * read from a file (setting {@code graph}), or whatever a caller plugs in (the {@code cdn}
 * command plugs in the prefetch work's synthetic site). Each visit is a new visitor: a
 * {@code User-Agent} of its own ({@link #userAgent}), so a CDN that tells visitors apart by
 * address and User-Agent sees one visitor per visit.
 *
 * <p><b>Navigations.</b> Every view is {@code GET} with {@code Accept: text/html...},
 * {@code Sec-Fetch-Dest: document}, {@code Sec-Fetch-Mode: navigate}, and from the second view
 * of a visit on a same-site {@code Referer} naming the page before ({@link #navigation}). The
 * Referer is absolute when the setting {@code site} ({@code http://www.shop.example}) is given,
 * else the path alone (a partial URI, which RFC 9110 §10.1.3 allows).
 *
 * <p><b>Think time.</b> {@code visitors} visits are under way at once. After each view its
 * visitor thinks for a time drawn uniformly from {@code think-ms} (default
 * {@value #DEFAULT_THINK}) on the workload's own clock, and the next view sent is always that of
 * the visitor due first; a visit that ends makes room for a new visitor a think time later. The
 * pacing (open or closed) sets how fast that clock runs against the wall clock: in the open
 * model at {@code rate} views a second, with {@code visitors = rate × mean think time}, a
 * visitor's views are its think times apart in real time too; fewer visitors crowd them
 * together. The clock never waits for answers, so a view can leave before the previous view
 * of the same visitor was answered when a think time is shorter than the latency.
 *
 * <p>Seeded: the same visits, settings and seed give the same requests in the same order.
 */
public final class ClickstreamWorkload implements Workload {

  /** A browser's navigation {@code Accept}. */
  public static final String ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  public static final int DEFAULT_VISITORS = 100;
  public static final int MAX_VISITORS = 1_000_000;
  public static final String DEFAULT_THINK = "1000-5000";
  public static final int DEFAULT_MAX_VIEWS = 30;

  /** The headers every navigation carries, built once rather than per view. */
  private static final Map.Entry<String, String> ACCEPT_HEADER = Map.entry("Accept", ACCEPT);
  private static final Map.Entry<String, String> DOCUMENT =
      Map.entry("Sec-Fetch-Dest", "document");
  private static final Map.Entry<String, String> NAVIGATE =
      Map.entry("Sec-Fetch-Mode", "navigate");
  private static final Map.Entry<String, String> FIRST_VIEW = Map.entry("Sec-Fetch-Site", "none");
  private static final Map.Entry<String, String> SAME_SITE =
      Map.entry("Sec-Fetch-Site", "same-origin");

  /**
   * Where visits go: each call one visit, its pages in order, at least one. The workload takes
   * a page when its visitor views it, so a source may draw them lazily and a visit costs memory
   * for the page it is at, not for its length.
   */
  @FunctionalInterface
  public interface Visits {
    Iterator<String> next();
  }

  /**
   * How the visitors behave.
   *
   * @param visitors visits under way at once
   * @param minThinkMillis shortest think time between two views of a visitor
   * @param maxThinkMillis longest think time
   * @param site the Referer's scheme and host ({@code http://www.shop.example}), or null
   */
  public record Options(int visitors, int minThinkMillis, int maxThinkMillis, String site) {
    public Options {
      if (visitors < 1 || visitors > MAX_VISITORS) {
        throw new IllegalArgumentException("visitors: between 1 and " + MAX_VISITORS + ", got "
            + visitors);
      }
      if (minThinkMillis < 0 || maxThinkMillis < minThinkMillis) {
        throw new IllegalArgumentException("think-ms: MIN-MAX milliseconds, MIN at most MAX");
      }
      if (site != null && site.endsWith("/")) {
        site = site.substring(0, site.length() - 1);
      }
    }

    /** Reads the settings {@code visitors}, {@code think-ms} and {@code site}. */
    public static Options of(WorkloadSettings settings) {
      int visitors = (int) settings.integer("visitors", DEFAULT_VISITORS, 1, MAX_VISITORS);
      String think = settings.text("think-ms", DEFAULT_THINK);
      String[] range = think.split("-", 2);
      int min;
      int max;
      try {
        min = Integer.parseInt(range[0].strip());
        max = range.length == 2 ? Integer.parseInt(range[1].strip()) : min;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("think-ms: MIN-MAX milliseconds, e.g. 1000-5000, "
            + "got " + think);
      }
      return new Options(visitors, min, max, settings.text("site", null));
    }

    /** The mean think time: {@code visitors / meanThinkSeconds} is the views a second. */
    public double meanThinkSeconds() {
      return (minThinkMillis + maxThinkMillis) / 2000.0;
    }
  }

  private final Visits visits;
  private final String source;
  private final Options options;
  /** What the Referer puts before the previous page: the site, or nothing. */
  private final String refererPrefix;
  private final SplittableRandom think;
  private final PriorityQueue<Visitor> due = new PriorityQueue<>(
      Comparator.comparingLong((Visitor v) -> v.due).thenComparingLong(v -> v.id));
  private long started;

  /**
   * @param source what the visits walk, for the report ({@code graph site.txt (12 pages)})
   */
  public ClickstreamWorkload(Visits visits, String source, Options options, long seed) {
    this.visits = Objects.requireNonNull(visits, "visits");
    this.source = Objects.requireNonNull(source, "source");
    this.options = Objects.requireNonNull(options, "options");
    this.refererPrefix = options.site() == null ? "" : options.site();
    this.think = new SplittableRandom(seed ^ 0x5DEECE66DL);
    // The first visitors arrive spread over one think time, not all at once.
    for (int i = 0; i < options.visitors(); i++) {
      due.add(arrive(thinkMillis()));
    }
  }

  /** Settings: graph, max-views, visitors, think-ms, site. */
  public static Workload create(WorkloadSettings settings, long seed) throws IOException {
    if (!settings.has("graph")) {
      throw new IllegalArgumentException("workload clickstream needs a graph file: "
          + "graph=FILE (lines FROM TO PROBABILITY)");
    }
    SiteGraph graph = SiteGraph.read(settings.path("graph"));
    int maxViews = (int) settings.integer("max-views", DEFAULT_MAX_VIEWS, 1, 10_000);
    SplittableRandom walk = new SplittableRandom(seed);
    return new ClickstreamWorkload(() -> graph.steps(walk, maxViews), graph.toString(),
        Options.of(settings), seed);
  }

  /** The identity of visitor {@code index}: a browser-like User-Agent naming it. */
  public static String userAgent(long index) {
    return "Mozilla/5.0 (edgecdn; visitor " + index + ")";
  }

  /**
   * The headers of a browser's navigation by visitor {@code index}, coming from
   * {@code referer} (null for the first view of a visit).
   */
  public static Map<String, String> navigation(long index, String referer) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : navigation(userAgentHeader(index), referer)) {
      headers.put(header.getKey(), header.getValue());
    }
    return headers;
  }

  private static Map.Entry<String, String> userAgentHeader(long index) {
    return Map.entry("User-Agent", userAgent(index));
  }

  /** {@link #navigation(long, String)}'s headers in its order, mostly the shared entries. */
  @SuppressWarnings("unchecked")
  private static Map.Entry<String, String>[] navigation(Map.Entry<String, String> userAgent,
      String referer) {
    return referer == null
        ? new Map.Entry[] {userAgent, ACCEPT_HEADER, DOCUMENT, NAVIGATE, FIRST_VIEW}
        : new Map.Entry[] {userAgent, ACCEPT_HEADER, DOCUMENT, NAVIGATE, SAME_SITE,
            Map.entry("Referer", referer)};
  }

  /**
   * Runs under the lock of lanes sharing the workload, so a view's headers are one immutable
   * map of mostly shared entries, which {@link LoadRequest} keeps as it is (a copy of an
   * immutable map is the map).
   */
  @Override
  public LoadRequest next() {
    Visitor visitor = due.poll();
    long now = visitor.due;
    String referer = visitor.previous == null ? null : refererPrefix + visitor.previous;
    LoadRequest view = new LoadRequest("GET", visitor.page,
        Map.ofEntries(navigation(visitor.userAgent, referer)), null);
    if (visitor.pages.hasNext()) {
      visitor.previous = visitor.page;
      visitor.page = visitor.pages.next();
      visitor.due = now + thinkMillis();
      due.add(visitor);
    } else {
      due.add(arrive(now + thinkMillis()));
    }
    return view;
  }

  private Visitor arrive(long at) {
    Iterator<String> pages = visits.next();
    if (!pages.hasNext()) {
      throw new IllegalStateException("a visit with no page from " + source);
    }
    return new Visitor(started++, pages, at);
  }

  private long thinkMillis() {
    return options.minThinkMillis() == options.maxThinkMillis() ? options.minThinkMillis()
        : think.nextLong(options.minThinkMillis(), options.maxThinkMillis() + 1L);
  }

  @Override
  public String describe() {
    return "clickstream: " + options.visitors() + " visitors at once walking " + source
        + ", think " + options.minThinkMillis() + "-" + options.maxThinkMillis() + " ms";
  }

  /** One visit under way: the page it views next, the one before, and the rest to draw. */
  private static final class Visitor {
    final long id;
    /** Its User-Agent, named once for all its views. */
    final Map.Entry<String, String> userAgent;
    final Iterator<String> pages;
    String page;
    String previous;
    long due;

    Visitor(long id, Iterator<String> pages, long due) {
      this.id = id;
      this.userAgent = userAgentHeader(id);
      this.pages = pages;
      this.page = pages.next();
      this.due = due;
    }
  }
}
