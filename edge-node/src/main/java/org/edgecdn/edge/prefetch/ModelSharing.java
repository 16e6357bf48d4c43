package org.edgecdn.edge.prefetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cluster.predictor.SnapshotStore;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.model.CountsSnapshot;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.model.SharedCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edges of a region lend each other their counts (issue 7, docs/prefetch.md "Sharing
 * counts in a region"), so a page pattern one edge has learnt is prefetched by its neighbours
 * before they have seen it often enough themselves.
 *
 * <h2>1. A cycle</h2>
 * Every {@link ShareOptions#intervalMillis()} (30 s by default), for each site with
 * {@code share: region}:
 * <ol>
 *   <li><b>Publish.</b> The edge's own counts, bounded ({@value ShareOptions#PUBLISHED_PAGES}
 *       most viewed pages and {@value ShareOptions#PUBLISHED_CONTEXTS} most viewed second-order
 *       contexts, K successors each), decayed to now, are encoded ({@link SharedSnapshot}) and
 *       written under {@code site|pop} to the cluster ({@link SnapshotStore}), with a time to
 *       live of three intervals.</li>
 *   <li><b>Refresh.</b> The latest snapshot of each other PoP of the region is read; those of
 *       another region (a PoP moved, a node with another network file) or older than three
 *       intervals are left out; the rest become the site's new overlay
 *       ({@link SharedCounts}), which replaces the previous one.</li>
 * </ol>
 *
 * <h2>2. Why replace, and why only own counts</h2>
 * A snapshot is the publisher's whole (decayed) state, not what changed since the last one, so
 * adding each to the previous overlay would count the same visits every interval. The edge's
 * model keeps its own counts only and only those are published, so a visit is counted by the
 * edge that saw it and, through one overlay, by each of its peers: never twice, never echoed
 * back. A peer that stops publishing is gone from the overlay within three intervals; when the
 * cluster cannot be read the overlay is aged in place ({@link SharedCounts#aged}).
 *
 * <h2>3. Threads</h2>
 * A cycle runs on one Vert.x context. Taking a snapshot (a scan of up to N pages under the
 * model's lock), encoding, decoding and merging run on worker threads; the cluster is reached
 * through asynchronous calls only. Nothing here blocks an event loop.
 *
 * <p>{@code cdn_predictor_shared_pages{pop,site}}, {@code cdn_predictor_shared_contexts} and
 * {@code cdn_predictor_shared_peers} say what the current overlay holds;
 * {@code cdn_predictor_shares_total{pop,site,outcome}} counts publishes and refreshes
 * ({@code published}, {@code publish_failed}, {@code refreshed}, {@code refresh_failed}). A
 * failure is logged at WARN at most once a minute per site.
 */
public final class ModelSharing {

  private static final Logger LOG = LoggerFactory.getLogger(ModelSharing.class);
  static final long WARN_EVERY_MILLIS = 60_000;

  private final Vertx vertx;
  private final Context context;
  private final NextPagePredictor predictor;
  private final CacheClock clock;
  private final SnapshotStore store;
  private final ShareOptions options;
  private final List<String> sites;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWarning = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final String metricPop;
  private long timer = -1;
  /** A timer's cycle has not finished yet (the cluster is slow): the next tick skips. */
  private boolean ticking;

  /**
   * @param sites the sites that share (their prefetch has {@code share: region})
   * @param metricPop the node's name in metric tags (as the prefetcher's meters have it)
   */
  public ModelSharing(Vertx vertx, NextPagePredictor predictor, CacheClock clock,
      SnapshotStore store, ShareOptions options, List<String> sites, MeterRegistry registry,
      String metricPop) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.predictor = predictor;
    this.clock = clock;
    this.store = store;
    this.options = options;
    this.sites = List.copyOf(sites);
    this.registry = registry;
    this.metricPop = metricPop;
    for (String site : this.sites) {
      Gauge.builder("cdn.predictor.shared.pages", () -> predictor.shared(site).pages())
          .description("Pages in the counts lent by the other edges of the region")
          .tags("pop", metricPop, "site", site)
          .register(registry);
      Gauge.builder("cdn.predictor.shared.contexts", () -> predictor.shared(site).contexts())
          .description("Second-order contexts in the counts lent by the other edges of the region")
          .tags("pop", metricPop, "site", site)
          .register(registry);
      Gauge.builder("cdn.predictor.shared.peers", () -> predictor.shared(site).peers())
          .description("Edges of the region whose latest counts are lent to this one")
          .tags("pop", metricPop, "site", site)
          .register(registry);
      for (String outcome : List.of("published", "publish_failed", "refreshed",
          "refresh_failed")) {
        counter(site, outcome);
      }
    }
  }

  /** Runs a cycle every interval, the first one interval from now. */
  public ModelSharing start() {
    LOG.info("prefetch sharing: PoP {} shares counts of {} with {} (region {}) every {} s",
        options.pop(), sites, options.peers(), options.region(),
        options.intervalMillis() / 1000.0);
    context.runOnContext(v -> timer = vertx.setPeriodic(options.intervalMillis(), id -> tick()));
    return this;
  }

  private void tick() {
    if (ticking) {
      LOG.debug("prefetch sharing: PoP {}'s previous cycle is still running", options.pop());
      return;
    }
    ticking = true;
    // A cluster call that never completes must not stop sharing for good: after two intervals
    // the next tick may start a cycle again (the late one's results are still applied).
    long guard = vertx.setTimer(2 * options.intervalMillis(), id -> {
      if (ticking) {
        LOG.warn("prefetch sharing: PoP {}'s cycle took over two intervals; starting anew",
            options.pop());
        ticking = false;
      }
    });
    cycle().onComplete(done -> {
      vertx.cancelTimer(guard);
      ticking = false;
    });
  }

  public void stop() {
    context.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    });
  }

  /**
   * Publishes this edge's counts, then reads its peers'; completes when both are done for every
   * site (a failure is counted and logged, never reported here).
   */
  public Future<Void> cycle() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Void>> publishes = new ArrayList<>();
      sites.forEach(site -> publishes.add(publish(site)));
      Future.join(publishes)
          .transform(ignored -> {
            List<Future<Void>> refreshes = new ArrayList<>();
            sites.forEach(site -> refreshes.add(refresh(site)));
            return Future.join(refreshes);
          })
          .<Void>mapEmpty()
          .onComplete(ignored -> done.complete());
    });
    return done.future();
  }

  /**
   * How {@code site}'s overlay is bounded and aged: peers' counts decay with the site's own
   * half-life, as its model's do.
   */
  private SharedCounts.Limits limits(String site) {
    ModelOptions model = predictor.modelOptions(site);
    return new SharedCounts.Limits(options.maxAgeMillis(), model.halfLifeMillis(),
        SharedCounts.DEFAULT_MAX_PAGES, model.maxSuccessors());
  }

  /** The cluster key of {@code pop}'s snapshot of {@code site}. */
  static String key(String site, String pop) {
    return site + "|" + pop;
  }

  private Future<Void> publish(String site) {
    return context.executeBlocking(() -> new SharedSnapshot(options.pop(), options.region(),
                predictor.snapshot(site, ShareOptions.PUBLISHED_PAGES,
                ShareOptions.PUBLISHED_CONTEXTS, clock.millis()))
            .encode(), false)
        .compose(bytes -> store.put(key(site, options.pop()), bytes,
            Duration.ofMillis(options.maxAgeMillis())))
        .onSuccess(v -> counter(site, "published").increment())
        .recover(error -> {
          counter(site, "publish_failed").increment();
          warn(site, "publish", "could not publish PoP {}'s counts of site {}: {}", error);
          return Future.succeededFuture();
        });
  }

  private Future<Void> refresh(String site) {
    List<String> keys = options.peers().stream().map(peer -> key(site, peer)).toList();
    return store.get(keys)
        .compose(values -> context.executeBlocking(() -> {
          long now = clock.millis();
          List<CountsSnapshot> latest = new ArrayList<>();
          values.forEach((key, bytes) -> {
            try {
              SharedSnapshot s = SharedSnapshot.decode(bytes);
              if (s.region().equals(options.region()) && !s.pop().equals(options.pop())) {
                latest.add(s.counts());
              }
            } catch (IllegalArgumentException e) {
              // One bad value must not hide the other peers' counts.
              warn(site, "decode", "PoP {} skips an unreadable snapshot of site {}: {}", e);
            }
          });
          predictor.share(site, SharedCounts.of(latest, limits(site), now));
          return (Void) null;
        }, false))
        .onSuccess(v -> counter(site, "refreshed").increment())
        .recover(error -> {
          counter(site, "refresh_failed").increment();
          warn(site, "refresh", "PoP {} could not read its peers' counts of site {}: {}", error);
          // Keep what is still young enough: the peers may well be up, only unreachable. The
          // overlay is rebuilt and sorted, so on a worker, like the merge above.
          return context.executeBlocking(() -> {
            predictor.share(site, predictor.shared(site).aged(limits(site), clock.millis()));
            return (Void) null;
          }, false).otherwiseEmpty();
        });
  }

  private void warn(String site, String what, String message, Throwable error) {
    long now = clock.millis();
    Long last = lastWarning.get(site + " " + what);
    if (last == null || now - last >= WARN_EVERY_MILLIS) {
      lastWarning.put(site + " " + what, now);
      LOG.warn("prefetch sharing: " + message, options.pop(), site, error.toString());
    }
  }

  private Counter counter(String site, String outcome) {
    return counters.computeIfAbsent(site + " " + outcome, k -> Counter
        .builder("cdn.predictor.shares")
        .description("Shared-count publishes and refreshes by outcome")
        .tags("pop", metricPop, "site", site, "outcome", outcome)
        .register(registry));
  }

  /** How many cycles of {@code site} ended as {@code outcome} (for tests). */
  public long count(String site, String outcome) {
    return (long) counter(site, outcome).count();
  }
}
