package org.edgecdn.predictor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.edgecdn.predictor.model.CountsSnapshot.ContextCounts;
import org.edgecdn.predictor.model.CountsSnapshot.PageCounts;
import org.edgecdn.predictor.model.CountsSnapshot.Successor;
import org.edgecdn.predictor.visit.Transition;

/**
 * One site's next-page model: first-order counts {@code P(next | current)} and second-order
 * counts {@code P(next | previous, current)}, decayed and bounded.
 *
 * <h2>1. Orders and fallback</h2>
 * A Markov chain of order 1 sees only the current page; order 2 also sees the page before,
 * which separates, e.g., "cart after product" from "cart after checkout-failed". Order-2
 * contexts are many and each is seen less often, so a prediction uses order 2 only when its
 * context has at least {@link ModelOptions#minContextSupport()} of decayed evidence and falls back
 * to order 1 otherwise: the escape of Prediction by Partial Matching [Cleary and Witten, IEEE
 * Trans. Comm. 1984], as applied to web prefetching by [Palpanas and Mendelzon, "Web prefetching
 * using partial match prediction", 1999] and [Deshpande and Karypis, "Selective Markov models
 * for predicting web page accesses", ACM TOIT 2004].
 *
 * <h2>2. Decay</h2>
 * Counts decay exponentially with a half-life, so the model follows a site that changes. The
 * decay is forward [Cormode, Shkapenyuk, Srivastava, Xu, "Forward decay", ICDE 2009]: an
 * observation at time {@code t} adds {@code 2^((t - L) / halfLife)} for a landmark {@code L},
 * so nothing is touched when time passes; ratios (probabilities) are exact, and a count "now" is
 * the stored weight divided by {@code 2^((now - L) / halfLife)}. When weights grow large the
 * landmark moves forward and every stored weight is scaled down once.
 *
 * <h2>3. Bounded memory</h2>
 * At most K successors per context (Space-Saving, {@link SuccessorTable}) and at most N
 * first-order and M second-order contexts per site ({@link BoundedTables}: TinyLFU-style
 * admission, sampled eviction of the lightest). Memory is therefore O((N + M) K) whatever the
 * request stream; {@link #footprintBytes()} estimates it for the {@code cdn_predictor_model_bytes}
 * gauge.
 *
 * <h2>4. Shared counts</h2>
 * An edge may add the counts of the other edges of its region, both orders, to its own when it
 * predicts ({@link SharedCounts}: own plus an overlay that each refresh replaces). A
 * second-order context then needs its minimum support from all the region's views of it, so
 * peers let an edge use order 2 sooner. The model itself holds the edge's own counts only, and
 * {@link #snapshot} publishes those.
 *
 * <p>Thread-safe by one lock per site: an update is a few array scans of K slots.
 */
public final class TransitionModel {

  /** Move the landmark once weights pass this (2^40: far from double's precision limits). */
  private static final double RESCALE_AT = 0x1p40;
  private static final String CONTEXT_SEPARATOR = "\u0000";

  private final ModelOptions options;
  private final BoundedTables first;
  private final BoundedTables second;
  private long landmarkMillis = Long.MIN_VALUE;

  public TransitionModel(ModelOptions options) {
    this.options = options;
    this.first = new BoundedTables(options.maxPages(), options.maxSuccessors());
    this.second = new BoundedTables(options.maxContexts(), options.maxSuccessors());
  }

  public ModelOptions options() {
    return options;
  }

  /**
   * Counts one page view observed at {@code nowMillis}: the transition that led to it, if any,
   * and a view of its contexts ({@code current}, and {@code previous, current}), the
   * denominators of what comes next.
   */
  public synchronized void record(Optional<Transition> transition, String previous,
      String current, long nowMillis) {
    double weight = weight(nowMillis);
    if (weight > RESCALE_AT) {
      first.scale(1 / weight);
      second.scale(1 / weight);
      landmarkMillis = nowMillis;
      weight = 1;
    }
    if (transition.isPresent()) {
      Transition t = transition.get();
      SuccessorTable table = first.get(t.source());
      if (table != null) {
        table.add(t.next(), weight);
      }
      if (t.previous() != null) {
        SuccessorTable context = second.get(context(t.previous(), t.source()));
        if (context != null) {
          context.add(t.next(), weight);
        }
      }
    }
    SuccessorTable table = first.getOrAdmit(current);
    if (table != null) {
      table.addView(weight);
    }
    if (previous != null) {
      SuccessorTable context = second.getOrAdmit(context(previous, current));
      if (context != null) {
        context.addView(weight);
      }
    }
  }

  /**
   * The likely next pages after {@code current} (reached from {@code previous}, or null), most
   * likely first: from the second-order context when it has enough support, else first order.
   */
  public List<Prediction> predict(String previous, String current, long nowMillis) {
    return predict(previous, current, nowMillis, SharedCounts.NONE);
  }

  /**
   * As {@link #predict(String, String, long)}, counting {@code peers} too (the other edges of
   * the region, {@link SharedCounts}) in both orders: a second-order context is used when its
   * views here and at the peers together reach the minimum support.
   */
  public synchronized List<Prediction> predict(String previous, String current, long nowMillis,
      SharedCounts peers) {
    double weightNow = weight(nowMillis);
    // A first-order model (no second-order contexts of its own) takes none from peers either.
    if (previous != null && options.maxContexts() > 0) {
      String key = context(previous, current);
      SuccessorTable context = second.get(key);
      PageCounts peerContext = peers.contextByKey(key, current, nowMillis);
      double views = (context == null ? 0 : context.total() / weightNow)
          + (peerContext == null ? 0 : peerContext.views());
      // Evidence from somewhere, however low the minimum support is set (it may be 0).
      if ((context != null || peerContext != null) && views >= options.minContextSupport()) {
        return peerContext == null ? context.predictions(weightNow, 2)
            : combined(current, context, weightNow, peerContext, 2);
      }
    }
    SuccessorTable table = first.get(current);
    PageCounts peer = peers.page(current, nowMillis);
    if (peer == null) {
      return table == null ? List.of() : table.predictions(weightNow, 1);
    }
    return combined(current, table, weightNow, peer, 1);
  }

  private static List<Prediction> combined(String current, SuccessorTable own,
      double weightNow, PageCounts peer, int order) {
    List<Prediction> out = new ArrayList<>();
    for (TopTransition t : SharedCounts.combine(current, own, weightNow, peer)) {
      out.add(new Prediction(t.to(), t.probability(), t.support(), order));
    }
    return out;
  }

  /** The {@code limit} first-order transitions with the most decayed support. */
  public List<TopTransition> top(int limit, long nowMillis) {
    return top(limit, nowMillis, SharedCounts.NONE);
  }

  /**
   * The {@code limit} first-order transitions with the most decayed support, own and
   * {@code peers}' counts together; each says how much of its support is the peers'.
   */
  public synchronized List<TopTransition> top(int limit, long nowMillis, SharedCounts peers) {
    double weightNow = weight(nowMillis);
    PriorityQueue<TopTransition> best =
        new PriorityQueue<>(Comparator.comparingDouble(TopTransition::support));
    Consumer<TopTransition> offer = t -> {
      best.add(t);
      if (best.size() > limit) {
        best.poll();
      }
    };
    first.forEach((from, table) -> SharedCounts.combine(from, table, weightNow,
        peers.page(from, nowMillis)).forEach(offer));
    for (PageCounts peer : peers.all(nowMillis)) {
      if (first.get(peer.page()) == null) {
        SharedCounts.combine(peer.page(), null, weightNow, peer).forEach(offer);
      }
    }
    List<TopTransition> out = new ArrayList<>(best);
    out.sort(Comparator.comparingDouble(TopTransition::support).reversed());
    return out;
  }

  /**
   * This edge's own first-order counts, decayed to {@code nowMillis}: the {@code maxPages} most
   * viewed pages with their successors, to publish to the region's other edges.
   */
  public CountsSnapshot snapshot(int maxPages, long nowMillis) {
    return snapshot(maxPages, 0, nowMillis);
  }

  /**
   * This edge's own counts, decayed to {@code nowMillis}: the {@code maxPages} most viewed pages
   * and the {@code maxContexts} most viewed second-order contexts, each with its successors, to
   * publish to the region's other edges.
   */
  public synchronized CountsSnapshot snapshot(int maxPages, int maxContexts, long nowMillis) {
    double weightNow = weight(nowMillis);
    List<PageCounts> pages = heaviest(first, maxPages, weightNow);
    List<ContextCounts> contexts = new ArrayList<>();
    for (PageCounts pair : heaviest(second, maxContexts, weightNow)) {
      int split = pair.page().indexOf(CONTEXT_SEPARATOR);
      contexts.add(new ContextCounts(pair.page().substring(0, split),
          pair.page().substring(split + 1), pair.views(), pair.next()));
    }
    return new CountsSnapshot(nowMillis, pages, contexts);
  }

  /** The {@code max} contexts of {@code tables} with the most views, most viewed first. */
  private static List<PageCounts> heaviest(BoundedTables tables, int max, double weightNow) {
    if (max <= 0) {
      return List.of();
    }
    PriorityQueue<Map.Entry<String, SuccessorTable>> heaviest = new PriorityQueue<>(
        Comparator.comparingDouble(e -> e.getValue().total()));
    tables.forEach((context, table) -> {
      if (table.total() > 0) {
        heaviest.add(Map.entry(context, table));
        if (heaviest.size() > max) {
          heaviest.poll();
        }
      }
    });
    List<PageCounts> out = new ArrayList<>(heaviest.size());
    for (Map.Entry<String, SuccessorTable> e : heaviest) {
      SuccessorTable table = e.getValue();
      List<Successor> next = new ArrayList<>(table.size());
      for (int i = 0; i < table.size(); i++) {
        next.add(new Successor(table.page(i), table.count(i) / weightNow));
      }
      next.sort(Comparator.comparingDouble(Successor::count).reversed());
      out.add(new PageCounts(e.getKey(), table.total() / weightNow, next));
    }
    out.sort(Comparator.comparingDouble(PageCounts::views).reversed());
    return out;
  }

  /** First-order contexts (source pages) kept. */
  public synchronized int pages() {
    return first.size();
  }

  /** Second-order contexts kept. */
  public synchronized int contexts() {
    return second.size();
  }

  /** Estimated heap bytes of the model. */
  public synchronized long footprintBytes() {
    return 64 + first.footprintBytes() + second.footprintBytes();
  }

  private double weight(long nowMillis) {
    if (landmarkMillis == Long.MIN_VALUE) {
      landmarkMillis = nowMillis;
    }
    return Math.pow(2, (double) (nowMillis - landmarkMillis) / options.halfLifeMillis());
  }

  /** The key of the second-order context (previous, current), as {@link SharedCounts} keys it. */
  static String context(String previous, String current) {
    return previous + CONTEXT_SEPARATOR + current;
  }
}
