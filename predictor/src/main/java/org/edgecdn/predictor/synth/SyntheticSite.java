package org.edgecdn.predictor.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A made-up site whose true transition matrix is known, for measuring predictors against a
 * ceiling. Seeded: the same options give the same site and the same visits.
 *
 * <ul>
 *   <li>Pages {@code /p/0} ... {@code /p/(n-1)}, each with a size drawn log-normally around
 *       {@code meanBytes}.
 *   <li>Entry pages Zipf-popular (exponent {@code entrySkew}) over a random permutation of the
 *       pages.
 *   <li>Each page links to 3 to 8 other pages (uniform), chosen at random; the link taken is
 *       Zipf-skewed over the page's links (exponent {@code linkSkew}), so some links are
 *       clearly favourite and others rare.
 *   <li>After each view the visit ends with probability {@code exitProbability}; visits are
 *       cut at 30 views.
 * </ul>
 */
public final class SyntheticSite {

  /** The shape of the site. */
  public record Options(int pages, int minLinks, int maxLinks, double entrySkew,
      double linkSkew, double exitProbability, long meanBytes, long seed) {

    public static Options defaults(long seed) {
      return new Options(200, 3, 8, 1.0, 1.2, 0.25, 24 * 1024, seed);
    }

    public Options withPages(int value) {
      return new Options(value, minLinks, maxLinks, entrySkew, linkSkew, exitProbability,
          meanBytes, seed);
    }

    public Options withLinks(double skew, double exit) {
      return new Options(pages, minLinks, maxLinks, entrySkew, skew, exit, meanBytes, seed);
    }
  }

  private static final int MAX_VISIT = 30;

  private final Options options;
  private final int[][] links;
  private final double[][] linkCdf;
  private final double[] entryCdf;
  private final int[] entryOrder;
  private final long[] bytes;
  private final SplittableRandom random;

  public SyntheticSite(Options options) {
    if (options.pages() <= options.maxLinks()) {
      throw new IllegalArgumentException("a site needs more pages than links per page");
    }
    this.options = options;
    SplittableRandom shape = new SplittableRandom(options.seed());
    int n = options.pages();
    this.links = new int[n][];
    this.linkCdf = new double[n][];
    this.bytes = new long[n];
    for (int page = 0; page < n; page++) {
      int count = options.minLinks() + shape.nextInt(options.maxLinks() - options.minLinks() + 1);
      links[page] = distinctOthers(shape, page, count, n);
      linkCdf[page] = zipfCdf(count, options.linkSkew());
      bytes[page] = Math.max(512, Math.round(options.meanBytes()
          * Math.exp(0.6 * shape.nextDouble(-1.5, 1.5))));
    }
    this.entryOrder = distinctOthers(shape, -1, n, n);
    this.entryCdf = zipfCdf(n, options.entrySkew());
    this.random = new SplittableRandom(options.seed() * 31 + 7);
  }

  public Options options() {
    return options;
  }

  public static String page(int id) {
    return "/p/" + id;
  }

  /** The true probability of going from {@code from} to {@code to} (exit not counted). */
  public double transition(int from, int to) {
    double previous = 0;
    for (int i = 0; i < links[from].length; i++) {
      double p = linkCdf[from][i] - previous;
      previous = linkCdf[from][i];
      if (links[from][i] == to) {
        return p;
      }
    }
    return 0;
  }

  /**
   * The true probability of each page being the next view after {@code page}: the link's share
   * of the visits that go on (visits cut at their longest length aside). Empty for an unknown
   * page.
   */
  public Map<String, Double> nextViews(String page) {
    int from;
    try {
      from = id(page);
    } catch (RuntimeException e) {
      return Map.of();
    }
    if (from < 0 || from >= links.length) {
      return Map.of();
    }
    Map<String, Double> next = new HashMap<>();
    for (int to : links[from]) {
      next.put(page(to), transition(from, to) * (1 - options.exitProbability()));
    }
    return next;
  }

  public int[] links(int page) {
    return links[page].clone();
  }

  /** The true probability of {@code to} after {@code from}, by page names; 0 if unknown. */
  public double transition(String from, String to) {
    try {
      return transition(id(from), id(to));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static int id(String page) {
    return Integer.parseInt(page.substring(page.lastIndexOf('/') + 1));
  }

  public long bytes(String page) {
    return bytes[id(page)];
  }

  /** The next visit: an entry page, then links followed until the visitor leaves. */
  public List<String> visit() {
    List<String> pages = new ArrayList<>();
    int current = entryOrder[pick(entryCdf)];
    pages.add(page(current));
    while (pages.size() < MAX_VISIT && random.nextDouble() >= options.exitProbability()) {
      current = links[current][pick(linkCdf[current])];
      pages.add(page(current));
    }
    return pages;
  }

  public List<List<String>> visits(int count) {
    List<List<String>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(visit());
    }
    return out;
  }

  private int pick(double[] cdf) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
  }

  private static double[] zipfCdf(int n, double skew) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, skew);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  /** {@code count} distinct pages other than {@code self}, in random order. */
  private static int[] distinctOthers(SplittableRandom random, int self, int count, int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = new int[count];
    int k = 0;
    for (int i = 0; k < count; i++) {
      if (all[i] != self) {
        out[k++] = all[i];
      }
    }
    return out;
  }
}
