package org.edgecdn.launcher.bench;

import static org.edgecdn.launcher.bench.BenchFutures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.run.NodePlans;
import org.edgecdn.launcher.run.Role;
import org.edgecdn.launcher.run.RunningNetwork;
import org.edgecdn.loadtest.metrics.PrometheusText;
import org.edgecdn.predictor.eval.Policies;
import org.edgecdn.predictor.eval.PolicyResult;
import org.edgecdn.predictor.eval.PrefetchPolicy;
import org.edgecdn.predictor.eval.PrefetchSimulation;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.predictor.trace.Clickstream;
import org.edgecdn.predictor.trace.PageRequest;

/**
 * {@code cdn bench prefetch}: the edge's Markov prefetch measured live (issue 7), beside the
 * simulator's figures for the same visits.
 *
 * <ol>
 *   <li><b>Site.</b> A {@link SyntheticSite} (known transition matrix) served by a {@link
 *       SyntheticOrigin} on a free port, which counts the requests and bytes it serves, those
 *       the edge sent as prefetches apart.
 *   <li><b>Network.</b> The demo network on free ports with that origin. Each edge's cache holds
 *       {@code cacheShare} of the site's bytes. The shield's store is one byte, so it keeps
 *       nothing: every miss and prefetch of the edge reaches the origin, and the origin's
 *       counters are the edge's upstream traffic, as in the simulator (one cache).
 *   <li><b>Visitors.</b> A {@link VisitPlan}: the same seeded visits in both runs, walking the
 *       site's graph, {@code concurrency} visitors at once, each view a navigation with a
 *       same-site Referer after a think time. All go to edge {@value #POP}.
 *   <li><b>Runs.</b> Prefetch off, then on (the site's prefetch section at the given threshold),
 *       each on a fresh network so caches and model start empty. Hit ratio from each answer's
 *       {@code Cache-Status}, origin load from the origin, prefetch outcomes from the edge's
 *       {@code cdn_prefetch_total}.
 *   <li><b>Simulator.</b> The page views as the prefetch run sent them, in that order, through
 *       {@link PrefetchSimulation} with none, markov-1, ppm-2 (the edge's model) and the oracle:
 *       once with an LRU of {@code cacheShare} of the pages (as {@code cdn simulate prefetch}),
 *       once with a W-TinyLFU store of the edge's bytes (as the edge's Caffeine store).
 * </ol>
 *
 * <p><b>Note:</b> visitors think for tens of milliseconds where people take seconds, so the
 * run compresses time about a thousandfold. The edge's prefetch budget (requests and bytes per
 * second) would then bind at a fraction of the rate it is meant for, and its 10 s memory of
 * pages seen warm would outlive their stay in a small cache. Both are off unless
 * {@code edgeBudget} is set ({@link NodePlans}' measurement run); {@code skipped_budget} is
 * reported either way.
 */
public final class PrefetchBench {

  /** The longest any one step of this bench may take. */
  private static final Duration AWAIT = Duration.ofMinutes(5);

  /** The edge the visitors use. */
  static final String POP = "eu";
  /** The second edge of the sharing runs, in {@value #POP}'s region for them. */
  static final String PEER = "us";
  static final String SHARED_REGION = "bench";
  /**
   * How often the sharing runs' edges share: the runs compress time about a thousandfold, and a
   * second here is many minutes of real visits (the default interval is 30 s).
   */
  static final Duration SHARE_INTERVAL = Duration.ofSeconds(1);
  /**
   * Estimated bytes an entry weighs in the edge's store beyond its body, as
   * {@link StoredResponse#weight()} weighs it: its overhead and about six fields, whose characters
   * with the key's come to about 232.
   */
  static final long ENTRY_OVERHEAD_BYTES = StoredResponse.OVERHEAD_BYTES
      + 6 * StoredResponse.FIELD_OVERHEAD_BYTES + 232;
  /** Pages stay fresh for the whole run: only eviction removes them. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  /** What to run. */
  public record Options(int pages, int views, int concurrency, int minThinkMillis,
      int maxThinkMillis, double cacheShare, double threshold, boolean edgeBudget, long seed,
      Duration limitPerRun, double linkSkew, double exitProbability, boolean weighSize) {

    public Options {
      if (pages < 10 || views < 1 || concurrency < 1 || minThinkMillis < 0
          || maxThinkMillis < minThinkMillis || !(cacheShare > 0 && cacheShare <= 1)
          || !(threshold > 0 && threshold <= 1) || limitPerRun.isNegative()
          || limitPerRun.isZero() || !(linkSkew >= 0)
          || !(exitProbability > 0 && exitProbability < 1)) {
        throw new IllegalArgumentException("pages >= 10, views and concurrency >= 1, think "
            + "times a range, cache share and threshold in (0, 1], a positive time limit, "
            + "link skew >= 0, exit probability in (0, 1)");
      }
    }

    /** Sizes weighed, as the edge does by default. */
    public Options(int pages, int views, int concurrency, int minThinkMillis,
        int maxThinkMillis, double cacheShare, double threshold, boolean edgeBudget, long seed,
        Duration limitPerRun, double linkSkew, double exitProbability) {
      this(pages, views, concurrency, minThinkMillis, maxThinkMillis, cacheShare, threshold,
          edgeBudget, seed, limitPerRun, linkSkew, exitProbability, true);
    }

    PlannerOptions planner() {
      return new PlannerOptions(threshold, PlannerOptions.DEFAULT_MIN_SUPPORT,
          PlannerOptions.DEFAULT_MAX_PER_VIEW, weighSize);
    }

    /**
     * 200 pages (the synthetic site's default shape), 20,000 views (the model learns for the
     * first few thousand), 8 visitors, 20-50 ms, 20% cache, threshold 0.3, 150 s a run.
     */
    public static Options defaults() {
      SyntheticSite.Options site = SyntheticSite.Options.defaults(1);
      return new Options(200, 20_000, 8, 20, 50, 0.2, PlannerOptions.DEFAULT_THRESHOLD, false, 1,
          Duration.ofSeconds(150), site.linkSkew(), site.exitProbability());
    }

    SyntheticSite site() {
      return new SyntheticSite(SyntheticSite.Options.defaults(seed).withPages(pages)
          .withLinks(linkSkew, exitProbability));
    }

    /** Pages the simulator's cache holds. */
    int cachePages() {
      return Math.max(1, (int) Math.round(pages * cacheShare));
    }
  }

  /** The simulator's policies, and prefetching by the site's true matrix before the oracle. */
  static List<PrefetchPolicy> policies(SyntheticSite site, PlannerOptions planner) {
    List<PrefetchPolicy> all = new ArrayList<>(Policies.all(ModelOptions.defaults(), planner));
    all.add(all.size() - 1, Policies.knownMatrix(site::nextViews, planner));
    return all;
  }

  /**
   * One live run.
   *
   * @param views page views answered
   * @param edgeHits of them, answered from the edge's cache ({@code Cache-Status})
   * @param errors page views that failed or were not 200
   * @param prefetch the edge's {@code cdn_prefetch_total} by outcome
   * @param edgeEntries pages the edge's cache held at the end
   * @param areaBytes bytes the edge's prefetch area could hold at the end (it follows need)
   */
  public record LiveRun(String name, int views, long edgeHits, long errors,
      SyntheticOrigin.Counts origin, Map<String, Long> prefetch, long edgeEntries,
      double seconds, long areaBytes) {

    public LiveRun {
      prefetch = Map.copyOf(prefetch);
    }

    public double hitRatio() {
      return views == 0 ? 0 : (double) edgeHits / views;
    }

    long outcome(String name) {
      return prefetch.getOrDefault(name, 0L);
    }
  }

  /** One of the goals and whether the live run met it. */
  public record Goal(String name, double value, boolean met) {}

  /**
   * Both runs and the simulator's figures for the same page views: through a page-count LRU
   * ({@code simulated}, as {@code cdn simulate prefetch}) and through the edge's own store
   * ({@code simulatedStore}: W-TinyLFU bounded by the edge's bytes, with its prefetch area).
   */
  public record Result(Options options, long siteBytes, long edgeCacheBytes, int visits,
      LiveRun off, LiveRun on, List<PolicyResult> simulated,
      List<PolicyResult> simulatedStore) {

    /** Hit-ratio points prefetching gained. */
    public double gainPoints() {
      return 100 * (on.hitRatio() - off.hitRatio());
    }

    /** Prefetch hits / prefetched pages the origin served: the simulator's precision. */
    public double precision() {
      return ratio(on.outcome("hit"), on.origin().prefetchRequests());
    }

    /**
     * Prefetch hits / (hits + wasted), as the edge's counters tell them. <b>Note:</b> an entry
     * still unused at the end is neither, so this flatters a short run.
     */
    public double settledPrecision() {
      return ratio(on.outcome("hit"), on.outcome("hit") + on.outcome("wasted"));
    }

    /** Page views answered by a prefetched entry / all page views. */
    public double coverage() {
      return ratio(on.outcome("hit"), on.views());
    }

    /** Origin bytes beyond the run without prefetch, as a fraction of them. */
    public double extraBytes() {
      long base = off.origin().bytes();
      return base == 0 ? 0 : (double) (on.origin().bytes() - base) / base;
    }

    public List<Goal> goals() {
      return List.of(
          new Goal(String.format(Locale.ROOT, "precision >= 0.60 at threshold %.2f",
              options.threshold()), precision(), precision() >= 0.6),
          new Goal(String.format(Locale.ROOT, "hit-ratio gain >= 10 points, cache %.0f%% of "
              + "the site", 100 * options.cacheShare()), gainPoints(), gainPoints() >= 10),
          new Goal("extra origin bytes <= 30%", extraBytes(), extraBytes() <= 0.30));
    }

    private static double ratio(long part, long whole) {
      return whole == 0 ? 0 : (double) part / whole;
    }
  }

  private PrefetchBench() {}

  public static Result run(Options options, PrintStream progress) throws Exception {
    SyntheticSite site = options.site();
    VisitPlan plan = VisitPlan.of(options.site(), options.views(), options.minThinkMillis(),
        options.maxThinkMillis(), options.seed());
    long siteBytes = 0;
    long largestPage = 0;
    for (int id = 0; id < options.pages(); id++) {
      siteBytes += site.bytes(SyntheticSite.page(id));
      largestPage = Math.max(largestPage, site.bytes(SyntheticSite.page(id)));
    }
    int largest = (int) largestPage;
    long edgeBytes = Math.round(options.cacheShare()
        * (siteBytes + options.pages() * ENTRY_OVERHEAD_BYTES));
    Vertx vertx = Vertx.vertx();
    try {
      SyntheticOrigin origin =
          await(SyntheticOrigin.start(vertx, site, MAX_AGE, "127.0.0.1"), AWAIT);
      try {
        progress.printf(Locale.ROOT, "prefetch bench: %d pages (%.1f MB) on origin port %d; "
                + "%d page views in %d visits, %d visitors at once; edge cache %.2f MB%n",
            options.pages(), siteBytes / 1e6, origin.port(), plan.views(), plan.visits().size(),
            options.concurrency(), edgeBytes / 1e6);
        LiveRun off = live(vertx, origin, plan, edgeBytes, RunKind.NONE, options, progress,
            null);
        List<PageRequest> order = new ArrayList<>();
        LiveRun on = live(vertx, origin, plan, edgeBytes, RunKind.ALONE, options, progress,
            order);
        progress.println("prefetch bench: simulating the same page views...");
        // The views as the edge saw them, each weighing what the origin serves for it.
        Clickstream sent = new Clickstream(order.stream().map(v -> new PageRequest(v.visit(),
            v.page(), site.bytes(v.page()), v.timeMillis())).toList());
        PlannerOptions planner = options.planner();
        List<PolicyResult> lru = PrefetchSimulation.run(sent, options.cachePages(),
            policies(site, planner));
        List<PolicyResult> store = PrefetchSimulation.run(sent,
            () -> new EdgeStorePageCache(edgeBytes, largest, EdgeNode.PREFETCH_SHARE),
            policies(site, planner));
        return new Result(options, siteBytes, edgeBytes, plan.visits().size(), off, on, lru,
            store);
      } finally {
        await(origin.close(), AWAIT);
      }
    } finally {
      await(vertx.close(), AWAIT);
    }
  }

  /**
   * What one live run is: whether the edges prefetch, and how. {@link #ALONE} and {@link #NONE}
   * use edge {@value #POP} alone; the sharing runs ({@link #sharingRun}) send every other visit
   * to edge {@value #PEER} as well, both in one region.
   *
   * @param share the site's prefetch {@code share} ({@code none} or {@code region})
   * @param pops the edges visitors use, visit i going to {@code pops[i % size]}
   */
  record RunKind(String name, boolean prefetch, String share, List<String> pops) {
    static final RunKind NONE = new RunKind("none", false,
        NetworkConfig.PrefetchSection.SHARE_NONE, List.of(POP));
    static final RunKind ALONE = new RunKind("prefetch", true,
        NetworkConfig.PrefetchSection.SHARE_NONE, List.of(POP));
  }

  /**
   * What sharing counts in a region buys ({@code cdn bench prefetch --share}): the same visits
   * split between edges {@value #POP} and {@value #PEER}, put in one region, three times on
   * fresh networks: without prefetch, prefetching each from its own counts, and with
   * {@code share: region} (every {@link #SHARE_INTERVAL}).
   */
  public record SharedResult(Options options, long edgeCacheBytes, int visits, LiveRun none,
      LiveRun alone, LiveRun shared) {

    /** Hit-ratio points {@code run} gained over the run without prefetch. */
    public double gainPoints(LiveRun run) {
      return 100 * (run.hitRatio() - none.hitRatio());
    }

    /** Prefetch hits / prefetched pages the origin served. */
    public static double precision(LiveRun run) {
      long issued = run.origin().prefetchRequests();
      return issued == 0 ? 0 : (double) run.outcome("hit") / issued;
    }

    /** Origin bytes beyond the run without prefetch, as a fraction of them. */
    public double extraBytes(LiveRun run) {
      long base = none.origin().bytes();
      return base == 0 ? 0 : (double) (run.origin().bytes() - base) / base;
    }
  }

  public static SharedResult runShared(Options options, PrintStream progress) throws Exception {
    SyntheticSite site = options.site();
    VisitPlan plan = VisitPlan.of(site, options.views(), options.minThinkMillis(),
        options.maxThinkMillis(), options.seed());
    long siteBytes = 0;
    for (int id = 0; id < options.pages(); id++) {
      siteBytes += site.bytes(SyntheticSite.page(id));
    }
    long edgeBytes = Math.round(options.cacheShare()
        * (siteBytes + options.pages() * ENTRY_OVERHEAD_BYTES));
    List<String> both = List.of(POP, PEER);
    Vertx vertx = Vertx.vertx();
    try {
      SyntheticOrigin origin =
          await(SyntheticOrigin.start(vertx, site, MAX_AGE, "127.0.0.1"), AWAIT);
      try {
        progress.printf(Locale.ROOT, "prefetch bench: sharing: %d page views in %d visits "
            + "split between edges %s and %s; each edge's cache %.2f MB%n", plan.views(),
            plan.visits().size(), POP, PEER, edgeBytes / 1e6);
        LiveRun none = live(vertx, origin, plan, edgeBytes, new RunKind("none (2 edges)",
            false, NetworkConfig.PrefetchSection.SHARE_NONE, both), options, progress, null);
        LiveRun alone = live(vertx, origin, plan, edgeBytes, new RunKind("ppm-2, own counts",
            true, NetworkConfig.PrefetchSection.SHARE_NONE, both), options, progress, null);
        LiveRun shared = live(vertx, origin, plan, edgeBytes, new RunKind("ppm-2, shared",
            true, "region", both), options, progress, null);
        return new SharedResult(options, edgeBytes, plan.visits().size(), none, alone, shared);
      } finally {
        await(origin.close(), AWAIT);
      }
    } finally {
      await(vertx.close(), AWAIT);
    }
  }

  public static void print(SharedResult r, PrintStream out) {
    Options o = r.options();
    out.printf(Locale.ROOT, "site: %d pages, link skew %.2f, exit %.2f; %d page views in %d "
            + "visits, %d visitors at once, every other visit at edge %s, the rest at %s (one "
            + "region); each edge's cache %.2f MB (%.0f%% of the site); sharing every %d ms%n%n",
        o.pages(), o.linkSkew(), o.exitProbability(), r.none().views(), r.visits(),
        o.concurrency(), PEER, POP, r.edgeCacheBytes() / 1e6, 100 * o.cacheShare(),
        SHARE_INTERVAL.toMillis());
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%-19s %9s %9s %10s %9s %9s %11s %10s %11s%n", "run", "hit-ratio", "gain-pts",
        "precision", "coverage", "prefetch", "origin-reqs", "origin-MB", "extra-bytes"));
    for (LiveRun run : List.of(r.none(), r.alone(), r.shared())) {
      boolean prefetched = run != r.none();
      row(table, run.name(), run.hitRatio(), r.gainPoints(run),
          prefetched ? SharedResult.precision(run) : null,
          run.views() == 0 ? 0 : (double) run.outcome("hit") / run.views(),
          run.origin().prefetchRequests(), run.origin().requests(), run.origin().bytes(),
          r.extraBytes(run));
    }
    out.print(table);
    out.printf(Locale.ROOT, "%nerrors: %d, %d and %d%n", r.none().errors(), r.alone().errors(),
        r.shared().errors());
  }

  public static JsonObject json(SharedResult r) {
    return new JsonObject()
        .put("edge_cache_bytes", r.edgeCacheBytes()).put("visits", r.visits())
        .put("share_interval_ms", SHARE_INTERVAL.toMillis())
        .put("live", new JsonObject().put("none", json(r.none()))
            .put("own_counts", json(r.alone())).put("shared", json(r.shared())))
        .put("gain_points", new JsonObject().put("own_counts", r.gainPoints(r.alone()))
            .put("shared", r.gainPoints(r.shared())))
        .put("precision", new JsonObject().put("own_counts", SharedResult.precision(r.alone()))
            .put("shared", SharedResult.precision(r.shared())))
        .put("extra_bytes", new JsonObject().put("own_counts", r.extraBytes(r.alone()))
            .put("shared", r.extraBytes(r.shared())));
  }

  /** One run on a fresh network; {@code order}, if given, receives the views as sent. */
  private static LiveRun live(Vertx vertx, SyntheticOrigin origin, VisitPlan plan,
      long edgeBytes, RunKind kind, Options options, PrintStream progress,
      List<PageRequest> order) throws Exception {
    String name = kind.name();
    NetworkConfig config = network(URI.create("http://127.0.0.1:" + origin.port()), edgeBytes,
        kind.prefetch() ? Optional.of(new NetworkConfig.PrefetchSection(true,
            options.threshold(), PlannerOptions.DEFAULT_MIN_SUPPORT,
            PlannerOptions.DEFAULT_MAX_PER_VIEW, "none", Optional.empty(), kind.share(),
            options.weighSize())) : Optional.empty());
    if (kind.pops().size() > 1) {
      config = oneRegion(config, kind.pops(), SHARE_INTERVAL);
    }
    List<NetworkConfig.PopSection> pops = new ArrayList<>();
    for (String wanted : kind.pops()) {
      pops.add(config.pops().stream().filter(p -> p.name().equals(wanted)).findFirst()
          .orElseThrow());
    }
    String host = config.sites().get(0).domains().get(0);
    progress.printf(Locale.ROOT, "prefetch bench: run %s: starting a network on free ports...%n",
        name);
    RunningNetwork network = await(RunningNetwork.start(vertx,
        new NodePlans(config, options.edgeBudget()), new Role.WholeNetwork(), AccessLog.off()),
        AWAIT);
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(options.concurrency() + 2));
    try {
      for (NetworkConfig.PopSection pop : pops) {
        awaitTrusted(http, pop);
      }
      origin.reset();
      progress.printf(Locale.ROOT, "prefetch bench: run %s: %d page views...%n", name,
          plan.views());
      Visitors visitors = new Visitors(vertx, http,
          pops.stream().map(NetworkConfig.PopSection::listen).toList(), host, plan, options,
          order);
      long started = System.nanoTime();
      await(visitors.run(), AWAIT);
      double seconds = (System.nanoTime() - started) / 1e9;
      // Prefetches still in flight land in the origin's counters and the edge's before we read.
      Thread.sleep(200);
      Map<String, Long> outcomes = new HashMap<>();
      long entries = 0;
      long areaBytes = 0;
      for (NetworkConfig.PopSection pop : pops) {
        for (PrometheusText.Sample s : metrics(http, pop.admin())) {
          if (s.name().equals("cdn_prefetch_total")
              && pop.name().equals(s.labels().get("pop"))) {
            outcomes.merge(s.labels().get("outcome"), (long) s.value(), Long::sum);
          } else if (s.name().equals("cdn_cache_entries")) {
            entries += (long) s.value();
          } else if (s.name().equals("cdn_cache_prefetch_area_bytes")) {
            areaBytes += (long) s.value();
          }
        }
      }
      return new LiveRun(name, visitors.views.get(), visitors.hits.get(),
          visitors.errors.get(), origin.counts(), outcomes, entries, seconds, areaBytes);
    } finally {
      await(http.close(), AWAIT);
      await(network.close(), AWAIT);
    }
  }

  /**
   * {@code config} with the PoPs {@code together} moved into one region of their own, and the
   * sharing interval set to {@code interval}.
   */
  static NetworkConfig oneRegion(NetworkConfig config, List<String> together,
      Duration interval) {
    List<NetworkConfig.PopSection> pops = config.pops().stream()
        .map(p -> together.contains(p.name()) ? new NetworkConfig.PopSection(p.name(),
            p.listen(), p.admin(), p.cluster(), new NetworkConfig.GeoPoint(p.location().lat(),
                p.location().lon(), SHARED_REGION), p.weight()) : p)
        .toList();
    return new NetworkConfig(config.zone(), config.cluster(), config.proxy(),
        config.accessLog(), config.cache(), config.demoOrigin(), config.dns(), config.shields(),
        pops, config.locations(), config.sites(), config.purge(), config.domains(),
        config.prefetchBudget(), new NetworkConfig.PrefetchSharingSection(interval));
  }

  /**
   * The demo network on free ports, serving {@code origin}: each edge's cache {@code edgeBytes},
   * the shield's one byte (it keeps nothing), the demo site's prefetch section replaced.
   */
  static NetworkConfig network(URI origin, long edgeBytes,
      Optional<NetworkConfig.PrefetchSection> prefetch) {
    NetworkConfig demo = BenchNetwork.demoOnFreePorts("edgecdn-prefetch-" + System.nanoTime(),
        origin);
    List<NetworkConfig.SiteSection> sites = demo.sites().stream()
        .map(s -> new NetworkConfig.SiteSection(s.name(), s.domains(), s.origins(),
            s.healthCheck(), s.cache(), s.purgeTokens(), s.llm(), prefetch))
        .toList();
    return new NetworkConfig(demo.zone(), demo.cluster(), demo.proxy(), demo.accessLog(),
        new NetworkConfig.CacheSection(edgeBytes, 1, demo.cache().maxObjectBytes()),
        demo.demoOrigin(), demo.dns(), demo.shields(), demo.pops(), demo.locations(), sites,
        demo.purge(), demo.domains());
  }

  /**
   * The visitors of one run: {@code concurrency} of them at a time, each taking the plan's next
   * visit when done with one, until every visit is walked or the run's time is up.
   */
  private static final class Visitors {
    private final Vertx vertx;
    private final HttpClient http;
    private final List<HostPort> edges;
    private final String host;
    private final VisitPlan plan;
    private final Options options;
    private final List<PageRequest> order;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger views = new AtomicInteger();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private long started;
    private long deadline;

    Visitors(Vertx vertx, HttpClient http, List<HostPort> edges, String host, VisitPlan plan,
        Options options, List<PageRequest> order) {
      this.vertx = vertx;
      this.http = http;
      this.edges = List.copyOf(edges);
      this.host = host;
      this.plan = plan;
      this.options = options;
      this.order = order;
    }

    Future<Void> run() {
      started = System.nanoTime();
      deadline = started + options.limitPerRun().toNanos();
      List<Future<Void>> all = new ArrayList<>();
      for (int i = 0; i < options.concurrency(); i++) {
        all.add(visitor());
      }
      return Future.all(all).mapEmpty();
    }

    private boolean timeUp() {
      return System.nanoTime() > deadline;
    }

    /** One visitor: visits, one after another, while any is left. */
    private Future<Void> visitor() {
      int index = next.getAndIncrement();
      if (index >= plan.visits().size() || timeUp()) {
        return Future.succeededFuture();
      }
      return walk(plan.visits().get(index), 0).compose(done -> visitor());
    }

    private Future<Void> walk(VisitPlan.Visit visit, int step) {
      if (step >= visit.pages().size() || timeUp()) {
        return Future.succeededFuture();
      }
      int think = visit.thinkMillis().get(step);
      Future<Void> pause = think == 0 ? Future.succeededFuture()
          : vertx.timer(think).mapEmpty();
      return pause.compose(v -> view(visit, step)).compose(v -> walk(visit, step + 1));
    }

    private Future<Void> view(VisitPlan.Visit visit, int step) {
      String page = visit.pages().get(step);
      if (order != null) {
        synchronized (order) {
          order.add(new PageRequest(visit.index(), page, 0,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        }
      }
      HostPort edge = edges.get(visit.index() % edges.size());
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
          .setHost(edge.host()).setPort(edge.port()).setURI(page)
          .setHeaders(visit.headers(step, host)).setTimeout(10_000);
      // Nested, not chained: body handlers must be set as the response arrives (vert.x#5825).
      return http.request(request).compose(req -> req.send().compose(resp ->
              resp.body().map(body -> {
                views.incrementAndGet();
                if (resp.statusCode() != 200) {
                  errors.incrementAndGet();
                } else if (edgeHit(resp.getHeader("Cache-Status"))) {
                  hits.incrementAndGet();
                }
                return (Void) null;
              })))
          .recover(error -> {
            views.incrementAndGet();
            errors.incrementAndGet();
            return Future.succeededFuture();
          });
    }
  }

  /**
   * Whether the edge answered from its cache: its member of {@code Cache-Status} (the last, RFC
   * 9211 §2) says {@code hit}.
   */
  static boolean edgeHit(String cacheStatus) {
    if (cacheStatus == null) {
      return false;
    }
    String[] members = cacheStatus.split(",");
    String edge = members[members.length - 1].trim();
    if (!edge.startsWith("edge-")) {
      return false;
    }
    for (String param : edge.split(";")) {
      if (param.trim().equals("hit")) {
        return true;
      }
    }
    return false;
  }

  private static void awaitTrusted(HttpClient http, NetworkConfig.PopSection pop)
      throws Exception {
    HostPort admin = pop.admin();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject health = await(get(http, admin, "/healthz")
          .map(JsonObject::new)
          .recover(error -> Future.succeededFuture(new JsonObject())), AWAIT);
      if (health.getBoolean("cache_trusted", false)) {
        return;
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("edge " + pop.name() + " never trusted its cache: "
            + health);
      }
      Thread.sleep(50);
    }
  }

  private static List<PrometheusText.Sample> metrics(HttpClient http, HostPort admin)
      throws Exception {
    return PrometheusText.parse(await(get(http, admin, "/metrics"), AWAIT)).samples();
  }

  private static Future<String> get(HttpClient http, HostPort at, String path) {
    return http.request(new RequestOptions().setHost(at.host()).setPort(at.port())
            .setURI(path))
        .compose(request -> request.send().compose(response -> response.body()))
        .map(body -> body.toString());
  }

  // ---------------------------------------------------------------------------------------
  // Report

  public static void print(Result r, PrintStream out) {
    Options o = r.options();
    out.printf(Locale.ROOT, "site: %d pages, %.2f MB, link skew %.2f, exit %.2f; %d page views "
            + "in %d visits, %d visitors at once, think %d-%d ms, seed %d%n", o.pages(),
        r.siteBytes() / 1e6, o.linkSkew(), o.exitProbability(), r.on().views(), r.visits(),
        o.concurrency(), o.minThinkMillis(), o.maxThinkMillis(), o.seed());
    out.printf(Locale.ROOT, "cache: edge %s %.2f MB (%.0f%% of the site; held %d pages without "
            + "prefetch, %d with), shield keeps nothing; simulator: lru = LRU of %d pages, "
            + "store = the edge's store of its bytes (W-TinyLFU and prefetch area)%n", POP, r.edgeCacheBytes() / 1e6,
        100 * o.cacheShare(), r.off().edgeEntries(), r.on().edgeEntries(), o.cachePages());
    out.printf(Locale.ROOT, "prefetch: threshold %.2f%s, min support %.0f, at most %d a view; "
            + "edge budget and warm memory %s%n%n", o.threshold(),
        o.weighSize() ? " for a page of the mean size (weigh-size)" : "",
        PlannerOptions.DEFAULT_MIN_SUPPORT, PlannerOptions.DEFAULT_MAX_PER_VIEW,
        o.edgeBudget() ? "as cdn up has them" : "off (time is compressed)");
    out.print(table(r));
    LiveRun on = r.on();
    out.printf(Locale.ROOT, "%nedge %s prefetch outcomes: issued %d, hit %d, wasted %d, "
            + "skipped_fresh %d, skipped_budget %d, skipped_upstream %d, "
            + "skipped_uncacheable %d, failed %d%n", POP, on.outcome("issued"),
        on.outcome("hit"), on.outcome("wasted"), on.outcome("skipped_fresh"),
        on.outcome("skipped_budget"), on.outcome("skipped_upstream"),
        on.outcome("skipped_uncacheable"), on.outcome("failed"));
    out.printf(Locale.ROOT, "edge %s prefetch area at the end: %.0f kB of the cache's %.0f kB "
        + "(it follows need, from a tenth)%n", POP, on.areaBytes() / 1e3, r.edgeCacheBytes() / 1e3);
    out.printf(Locale.ROOT, "origin prefetches: %d requests, %.2f MB; precision hit/(hit+wasted)"
            + " %.3f (entries unused at the end count as neither)%n",
        on.origin().prefetchRequests(), on.origin().prefetchBytes() / 1e6,
        r.settledPrecision());
    out.printf(Locale.ROOT, "runs: %.1f s without prefetch, %.1f s with; errors %d and %d%n",
        r.off().seconds(), on.seconds(), r.off().errors(), on.errors());
    out.printf(Locale.ROOT, "%ngoals (live, prefetch against none):%n");
    for (Goal g : r.goals()) {
      boolean percent = g.name().startsWith("extra");
      out.printf(Locale.ROOT, "  %-45s %8s  %s%n", g.name(),
          percent ? String.format(Locale.ROOT, "%+.1f%%", 100 * g.value())
              : g.name().startsWith("hit") ? String.format(Locale.ROOT, "%+.1f", g.value())
              : String.format(Locale.ROOT, "%.3f", g.value()),
          g.met() ? "met" : "NOT met");
    }
  }

  /** Live rows first, then the simulator's, with the same columns. */
  static String table(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-19s %9s %9s %10s %9s %9s %11s %10s %11s%n",
        "run", "hit-ratio", "gain-pts", "precision", "coverage", "prefetch", "origin-reqs",
        "origin-MB", "extra-bytes"));
    LiveRun off = r.off();
    LiveRun on = r.on();
    row(out, "live none", off.hitRatio(), 0, null, 0, 0, off.origin().requests(),
        off.origin().bytes(), 0);
    row(out, "live ppm-2 (edge)", on.hitRatio(), r.gainPoints(), r.precision(), r.coverage(),
        on.origin().prefetchRequests(), on.origin().requests(), on.origin().bytes(),
        r.extraBytes());
    simulatedRows(out, "lru", r.simulated());
    simulatedRows(out, "store", r.simulatedStore());
    return out.toString();
  }

  private static void simulatedRows(StringBuilder out, String cache, List<PolicyResult> rows) {
    PolicyResult base = baseline(rows);
    for (PolicyResult p : rows) {
      row(out, "sim " + cache + " " + p.policy(), p.hitRatio(),
          100 * (p.hitRatio() - base.hitRatio()), p.issued() == 0 ? null : p.precision(),
          p.coverage(), p.issued(), p.originRequests(), p.originBytes(), p.extraBytes(base));
    }
  }

  private static PolicyResult baseline(List<PolicyResult> rows) {
    return rows.stream().filter(p -> p.policy().equals("none")).findFirst()
        .orElse(rows.get(0));
  }

  private static void row(StringBuilder out, String name, double hitRatio, double gain,
      Double precision, double coverage, long prefetches, long requests, long bytes,
      double extra) {
    out.append(String.format(Locale.ROOT, "%-19s %9.3f %+9.1f %10s %9.3f %9d %11d %10.2f "
            + "%+10.1f%%%n", name, hitRatio, gain,
        precision == null ? "-" : String.format(Locale.ROOT, "%.3f", precision), coverage,
        prefetches, requests, bytes / 1e6, 100 * extra));
  }

  /** The result as JSON, for {@code --out}. */
  public static JsonObject json(Result r) {
    Options o = r.options();
    JsonArray goals = new JsonArray();
    r.goals().forEach(g -> goals.add(new JsonObject().put("goal", g.name())
        .put("value", g.value()).put("met", g.met())));
    return new JsonObject()
        .put("options", new JsonObject().put("pages", o.pages()).put("views", o.views())
            .put("concurrency", o.concurrency()).put("think_ms", new JsonArray()
                .add(o.minThinkMillis()).add(o.maxThinkMillis()))
            .put("cache_share", o.cacheShare()).put("threshold", o.threshold())
            .put("edge_budget", o.edgeBudget()).put("seed", o.seed()))
        .put("site_bytes", r.siteBytes()).put("edge_cache_bytes", r.edgeCacheBytes())
        .put("visits", r.visits())
        .put("live", new JsonObject().put("none", json(r.off())).put("prefetch", json(r.on())))
        .put("gain_points", r.gainPoints()).put("precision", r.precision())
        .put("settled_precision", r.settledPrecision()).put("coverage", r.coverage())
        .put("extra_bytes", r.extraBytes())
        .put("simulated", new JsonObject().put("lru", json(r.simulated()))
            .put("edge_store", json(r.simulatedStore())))
        .put("goals", goals);
  }

  private static JsonArray json(List<PolicyResult> rows) {
    JsonArray out = new JsonArray();
    PolicyResult base = baseline(rows);
    for (PolicyResult p : rows) {
      out.add(new JsonObject().put("policy", p.policy()).put("hit_ratio", p.hitRatio())
          .put("precision", p.precision()).put("coverage", p.coverage())
          .put("issued", p.issued()).put("wasted", p.wasted())
          .put("origin_requests", p.originRequests()).put("origin_bytes", p.originBytes())
          .put("extra_bytes", p.extraBytes(base)));
    }
    return out;
  }

  private static JsonObject json(LiveRun run) {
    JsonObject prefetch = new JsonObject();
    run.prefetch().forEach(prefetch::put);
    return new JsonObject().put("views", run.views()).put("edge_hits", run.edgeHits())
        .put("hit_ratio", run.hitRatio()).put("errors", run.errors())
        .put("origin_requests", run.origin().requests())
        .put("origin_bytes", run.origin().bytes())
        .put("origin_prefetch_requests", run.origin().prefetchRequests())
        .put("origin_prefetch_bytes", run.origin().prefetchBytes())
        .put("prefetch_outcomes", prefetch).put("edge_entries", run.edgeEntries())
        .put("prefetch_area_bytes", run.areaBytes())
        .put("seconds", run.seconds());
  }

}
