package org.edgecdn.predictor.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.predictor.model.CountsSnapshot.ContextCounts;
import org.edgecdn.predictor.model.CountsSnapshot.PageCounts;
import org.edgecdn.predictor.model.CountsSnapshot.Successor;

/**
 * The counts an edge borrows from the other edges of its region: the sum of their latest
 * {@link CountsSnapshot}s, laid over its own counts when it predicts (issue 7, "edges of a
 * region may merge counts").
 *
 * <h2>1. Own plus overlay</h2>
 * A prediction from page P adds the peers' counts to the edge's own:
 * {@code P(Q | P) = (own(P→Q) + peers(P→Q)) / (own views(P) + peers' views(P))}, and the same
 * for a second-order context (O, P): its views and transitions at the peers add to its own. The
 * edge's
 * own model is never written with peer counts, so what it publishes is its own evidence only,
 * and a count travels one hop: from the edge that saw it to its peers, never back.
 *
 * <h2>2. Replace, never accumulate</h2>
 * Every snapshot is a peer's whole count state (decayed), not what changed since the last one.
 * Adding each refresh to the last would count the same visits again every interval, so an
 * overlay is immutable and each refresh builds a new one from the latest snapshot of each peer
 * and replaces it. A peer that stops publishing (dead, cut off) ages out: snapshots older than
 * {@link Limits#maxAgeMillis()} are left out of the next overlay.
 *
 * <h2>3. Decay</h2>
 * Peers decay with the same half-life as the model. A snapshot's counts are taken at its time
 * and decayed to the overlay's build time, and from there to the time of each prediction, so
 * an old snapshot weighs what its visits weigh now.
 *
 * <h2>4. Bounded</h2>
 * Each snapshot is bounded by its publisher (pages by views, K successors). The merged overlay
 * keeps at most {@link Limits#maxPages()} pages and as many second-order contexts, the most
 * viewed, each with at most {@link Limits#maxSuccessors()} successors, the heaviest; the
 * snapshots themselves are kept too (at most one per peer), so that a refresh that fails can
 * still age them out.
 *
 * <p>Immutable, so safe to read from any thread while a refresh builds the next one.
 */
public final class SharedCounts {

  /** Pages kept in one merged overlay. */
  public static final int DEFAULT_MAX_PAGES = 2_000;

  /** No peer counts. */
  public static final SharedCounts NONE = new SharedCounts(List.of(), Map.of(), Map.of(), 0, 1);

  private final List<CountsSnapshot> sources;
  private final Map<String, Entry> pages;
  /** Second-order contexts, keyed by previous page, separator, page. */
  private final Map<String, Entry> contexts;
  private final long builtAtMillis;
  private final long halfLifeMillis;

  /** One page's merged peer counts, decayed to the build time. */
  private record Entry(double views, String[] next, double[] counts) {}

  /**
   * How an overlay is bounded and aged.
   *
   * @param maxAgeMillis a snapshot older than this is left out (its peer stopped publishing)
   * @param halfLifeMillis the model's half-life, to decay peer counts
   * @param maxPages pages kept, the most viewed
   * @param maxSuccessors successors kept per page, the heaviest
   */
  public record Limits(long maxAgeMillis, long halfLifeMillis, int maxPages, int maxSuccessors) {
    public Limits {
      if (maxAgeMillis < 1 || halfLifeMillis < 1 || maxPages < 1 || maxSuccessors < 1) {
        throw new IllegalArgumentException("shared count limits must be positive");
      }
    }
  }

  private SharedCounts(List<CountsSnapshot> sources, Map<String, Entry> pages,
      Map<String, Entry> contexts, long builtAtMillis, long halfLifeMillis) {
    this.sources = sources;
    this.pages = pages;
    this.contexts = contexts;
    this.builtAtMillis = builtAtMillis;
    this.halfLifeMillis = halfLifeMillis;
  }

  /**
   * The overlay of {@code snapshots} (the latest of each peer) at {@code nowMillis}: those not
   * older than the limit, summed, decayed and bounded.
   */
  public static SharedCounts of(Collection<CountsSnapshot> snapshots, Limits limits,
      long nowMillis) {
    List<CountsSnapshot> kept = new ArrayList<>();
    Sums pageSums = new Sums();
    Sums contextSums = new Sums();
    for (CountsSnapshot s : snapshots) {
      // Too old, or dated so far ahead (a wrong clock, a damaged value) that it would never age.
      if (Math.abs(nowMillis - s.atMillis()) > limits.maxAgeMillis()) {
        continue;
      }
      kept.add(s);
      // A snapshot from a clock a little ahead is taken as of now.
      double factor = decay(Math.max(0, nowMillis - s.atMillis()), limits.halfLifeMillis());
      for (PageCounts page : s.pages()) {
        pageSums.add(page.page(), page.views(), page.next(), factor);
      }
      for (ContextCounts context : s.contexts()) {
        contextSums.add(TransitionModel.context(context.previous(), context.current()),
            context.views(), context.next(), factor);
      }
    }
    if (kept.isEmpty()) {
      return NONE;
    }
    return new SharedCounts(List.copyOf(kept), pageSums.bounded(limits),
        contextSums.bounded(limits), nowMillis, limits.halfLifeMillis());
  }

  /** Views and successor counts summed over snapshots, per context key. */
  private static final class Sums {
    private final Map<String, Double> views = new HashMap<>();
    private final Map<String, Map<String, Double>> next = new HashMap<>();

    void add(String key, double keyViews, List<Successor> successors, double factor) {
      views.merge(key, keyViews * factor, Double::sum);
      Map<String, Double> counts = next.computeIfAbsent(key, k -> new HashMap<>());
      for (Successor q : successors) {
        counts.merge(q.page(), q.count() * factor, Double::sum);
      }
    }

    /** The most viewed keys, each with its heaviest successors. */
    Map<String, Entry> bounded(Limits limits) {
      Map<String, Entry> out = new LinkedHashMap<>();
      views.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(limits.maxPages())
          .forEach(key -> {
            List<Map.Entry<String, Double>> heaviest = next.get(key.getKey()).entrySet()
                .stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(limits.maxSuccessors())
                .toList();
            String[] names = new String[heaviest.size()];
            double[] counts = new double[heaviest.size()];
            for (int i = 0; i < names.length; i++) {
              names[i] = heaviest.get(i).getKey();
              counts[i] = heaviest.get(i).getValue();
            }
            out.put(key.getKey(), new Entry(key.getValue(), names, counts));
          });
      return out;
    }
  }

  /**
   * This overlay without the snapshots that have grown too old by {@code nowMillis}: what a
   * refresh that could not read the peers leaves in place.
   */
  public SharedCounts aged(Limits limits, long nowMillis) {
    return sources.isEmpty() ? this : of(sources, limits, nowMillis);
  }

  /** Pages in the overlay. */
  public int pages() {
    return pages.size();
  }

  /** Snapshots (peers) merged into the overlay. */
  public int peers() {
    return sources.size();
  }

  /** Second-order contexts in the overlay. */
  public int contexts() {
    return contexts.size();
  }

  /** {@code page}'s peer counts decayed to {@code nowMillis}, or null when no peer has it. */
  public PageCounts page(String page, long nowMillis) {
    return decayed(page, pages.get(page), nowMillis);
  }

  /**
   * The peers' counts of {@code current} reached from {@code previous}, decayed to
   * {@code nowMillis} (as the counts of page {@code current}), or null when no peer has them.
   */
  public PageCounts context(String previous, String current, long nowMillis) {
    return contextByKey(TransitionModel.context(previous, current), current, nowMillis);
  }

  /** As {@link #context}, by the context's key ({@link TransitionModel#context}). */
  PageCounts contextByKey(String key, String current, long nowMillis) {
    return contexts.isEmpty() ? null : decayed(current, contexts.get(key), nowMillis);
  }

  private PageCounts decayed(String page, Entry e, long nowMillis) {
    if (e == null) {
      return null;
    }
    double factor = decay(Math.max(0, nowMillis - builtAtMillis), halfLifeMillis);
    List<Successor> next = new ArrayList<>(e.next().length);
    for (int i = 0; i < e.next().length; i++) {
      next.add(new Successor(e.next()[i], e.counts()[i] * factor));
    }
    return new PageCounts(page, e.views() * factor, next);
  }

  /** Every page's peer counts decayed to {@code nowMillis}, most viewed first. */
  public List<PageCounts> all(long nowMillis) {
    List<PageCounts> out = new ArrayList<>(pages.size());
    for (String page : pages.keySet()) {
      out.add(page(page, nowMillis));
    }
    return out;
  }

  /** Approximate heap bytes: the merged contexts and the snapshots kept for ageing. */
  public long footprintBytes() {
    long bytes = 64 + entryBytes(pages) + entryBytes(contexts);
    for (CountsSnapshot s : sources) {
      for (PageCounts page : s.pages()) {
        bytes += 48 + Footprint.stringBytes(page.page()) + 40L * page.next().size();
      }
      for (ContextCounts context : s.contexts()) {
        bytes += 56 + Footprint.stringBytes(context.previous())
            + Footprint.stringBytes(context.current()) + 40L * context.next().size();
      }
    }
    return bytes;
  }

  private static long entryBytes(Map<String, Entry> entries) {
    long bytes = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      bytes += Footprint.MAP_ENTRY_BYTES + Footprint.stringBytes(e.getKey()) + 32 + 16
          + 4L * e.getValue().next().length + 16 + 8L * e.getValue().counts().length;
    }
    return bytes;
  }

  /**
   * The transitions from {@code from}: {@code own}'s counts (null when the edge has none)
   * plus {@code peer}'s (null when no peer has the page), heaviest first. The probability's
   * denominator is the views of both.
   */
  static List<TopTransition> combine(String from, SuccessorTable own, double weightNow,
      PageCounts peer) {
    double ownViews = own == null ? 0 : own.total() / weightNow;
    double peerViews = peer == null ? 0 : peer.views();
    double views = ownViews + peerViews;
    Map<String, double[]> counts = new LinkedHashMap<>();
    if (own != null) {
      for (int i = 0; i < own.size(); i++) {
        counts.computeIfAbsent(own.page(i), p -> new double[2])[0] += own.count(i) / weightNow;
      }
    }
    if (peer != null) {
      for (Successor q : peer.next()) {
        counts.computeIfAbsent(q.page(), p -> new double[2])[1] += q.count();
      }
    }
    List<TopTransition> out = new ArrayList<>(counts.size());
    counts.forEach((to, c) -> {
      double support = c[0] + c[1];
      double probability = views <= 0 ? 0 : Math.min(1, support / views);
      out.add(new TopTransition(from, to, probability, support, c[1]));
    });
    out.sort(Comparator.comparingDouble(TopTransition::probability).reversed());
    return out;
  }

  private static double decay(long ageMillis, long halfLifeMillis) {
    return Math.pow(2, -(double) ageMillis / halfLifeMillis);
  }
}
