package org.edgecdn.launcher.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.cache.key.KeyPolicy;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.predictor.model.ModelOptions;
import org.edgecdn.predictor.visit.VisitTracker;

/**
 * The whole network as one YAML file describes it (DESIGN §9): the PoPs (edges), the shields,
 * the DNS server, the cache sizes, the sites with their origins, cache options and purge tokens,
 * the client-location table, the purge rate limit, the operator's token. Values here are
 * already validated: {@link NetworkConfigLoader} only builds one when the file had no problem.
 * Each service builds its own options from its part (see {@code NodePlans} in the launcher).
 */
public record NetworkConfig(
    String zone,
    ClusterSection cluster,
    ProxySection proxy,
    AccessLog accessLog,
    CacheSection cache,
    Optional<HostPort> demoOrigin,
    DnsSection dns,
    List<ShieldSection> shields,
    List<PopSection> pops,
    List<LocationSection> locations,
    List<SiteSection> sites,
    PurgeSection purge,
    DomainsSection domains,
    PrefetchBudgetSection prefetchBudget,
    PrefetchSharingSection prefetchSharing,
    Optional<OperatorTokenSection> operatorToken,
    HttpLoops httpLoops) {

  public NetworkConfig {
    shields = List.copyOf(shields);
    pops = List.copyOf(pops);
    locations = List.copyOf(locations);
    sites = List.copyOf(sites);
    Objects.requireNonNull(purge, "purge");
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(prefetchBudget, "prefetchBudget");
    Objects.requireNonNull(prefetchSharing, "prefetchSharing");
    Objects.requireNonNull(operatorToken, "operatorToken");
    Objects.requireNonNull(httpLoops, "httpLoops");
  }

  /** This network with its nodes' access log {@code log} instead. */
  public NetworkConfig withAccessLog(AccessLog log) {
    return new NetworkConfig(zone, cluster, proxy, log, cache, demoOrigin, dns, shields, pops,
        locations, sites, purge, domains, prefetchBudget, prefetchSharing, operatorToken,
        httpLoops);
  }

  /** This network with {@code token} as the operator's ({@code operator-token}), or none. */
  public NetworkConfig withOperatorToken(Optional<OperatorTokenSection> token) {
    return new NetworkConfig(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields,
        pops, locations, sites, purge, domains, prefetchBudget, prefetchSharing, token,
        httpLoops);
  }

  /** This network with its edges and shields served from {@code loops} event loops each. */
  public NetworkConfig withHttpLoops(HttpLoops loops) {
    return new NetworkConfig(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields,
        pops, locations, sites, purge, domains, prefetchBudget, prefetchSharing, operatorToken,
        loops);
  }

  /**
   * A network without an operator token (its nodes cannot be stopped over HTTP) whose edges and
   * shields take one event loop per processor ({@code auto}).
   */
  public NetworkConfig(String zone, ClusterSection cluster, ProxySection proxy,
      AccessLog accessLog, CacheSection cache, Optional<HostPort> demoOrigin, DnsSection dns,
      List<ShieldSection> shields, List<PopSection> pops, List<LocationSection> locations,
      List<SiteSection> sites, PurgeSection purge, DomainsSection domains,
      PrefetchBudgetSection prefetchBudget, PrefetchSharingSection prefetchSharing) {
    this(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields, pops, locations,
        sites, purge, domains, prefetchBudget, prefetchSharing, Optional.empty(),
        new HttpLoops.Auto());
  }

  /** A network whose edges share prefetch counts at the default interval. */
  public NetworkConfig(String zone, ClusterSection cluster, ProxySection proxy,
      AccessLog accessLog, CacheSection cache, Optional<HostPort> demoOrigin, DnsSection dns,
      List<ShieldSection> shields, List<PopSection> pops, List<LocationSection> locations,
      List<SiteSection> sites, PurgeSection purge, DomainsSection domains,
      PrefetchBudgetSection prefetchBudget) {
    this(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields, pops, locations,
        sites, purge, domains, prefetchBudget, PrefetchSharingSection.defaults());
  }

  /** A network whose edges prefetch within the default budget. */
  public NetworkConfig(String zone, ClusterSection cluster, ProxySection proxy,
      AccessLog accessLog, CacheSection cache, Optional<HostPort> demoOrigin, DnsSection dns,
      List<ShieldSection> shields, List<PopSection> pops, List<LocationSection> locations,
      List<SiteSection> sites, PurgeSection purge, DomainsSection domains) {
    this(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields, pops, locations,
        sites, purge, domains, PrefetchBudgetSection.defaults());
  }

  /** A network whose custom-domain onboarding uses the defaults. */
  public NetworkConfig(String zone, ClusterSection cluster, ProxySection proxy,
      AccessLog accessLog, CacheSection cache, Optional<HostPort> demoOrigin, DnsSection dns,
      List<ShieldSection> shields, List<PopSection> pops, List<LocationSection> locations,
      List<SiteSection> sites, PurgeSection purge) {
    this(zone, cluster, proxy, accessLog, cache, demoOrigin, dns, shields, pops, locations,
        sites, purge, DomainsSection.defaults());
  }

  /**
   * How custom domains are onboarded ({@code cdn domains add}): the resolver that checks a
   * domain's CNAME, how long a check may take, and how often a pending domain is checked again.
   *
   * @param resolver the recursive resolver to ask; empty for the machine's own (resolv.conf)
   * @param stateFile where a copy of the onboarded domains is kept, so a whole-network stop
   *     does not lose them; empty for none
   */
  public record DomainsSection(Optional<HostPort> resolver, Duration timeout,
      Duration recheckInterval, Optional<String> stateFile) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);

    public DomainsSection {
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(recheckInterval, "recheckInterval");
      Objects.requireNonNull(stateFile, "stateFile");
    }

    /** Without a state file: domains live in the cluster only. */
    public DomainsSection(Optional<HostPort> resolver, Duration timeout,
        Duration recheckInterval) {
      this(resolver, timeout, recheckInterval, Optional.empty());
    }

    /** The machine's resolver, 3 s per check, pending domains checked again every minute. */
    public static DomainsSection defaults() {
      return new DomainsSection(Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_RECHECK);
    }
  }

  /**
   * What each edge may spend on prefetching, for all its sites together ({@code prefetch-budget}
   * in the network file): token buckets with a burst of one second's worth.
   *
   * @param requestsPerSecond prefetches an edge may send per second
   * @param bytesPerSecond prefetched bytes per second (charged when a prefetch completes)
   * @param perOriginRequestsPerSecond prefetches per second to any one origin, whichever of
   *     the edge's sites they are for (sites whose first origin is the same share it)
   */
  public record PrefetchBudgetSection(double requestsPerSecond, long bytesPerSecond,
      double perOriginRequestsPerSecond) {
    public static final double DEFAULT_REQUESTS_PER_SECOND = 50;
    public static final long DEFAULT_BYTES_PER_SECOND = 5L << 20;
    public static final double DEFAULT_PER_ORIGIN_REQUESTS_PER_SECOND = 20;

    /** 50 prefetches and 5 MiB a second per edge, 20 a second per origin. */
    public static PrefetchBudgetSection defaults() {
      return new PrefetchBudgetSection(DEFAULT_REQUESTS_PER_SECOND, DEFAULT_BYTES_PER_SECOND,
          DEFAULT_PER_ORIGIN_REQUESTS_PER_SECOND);
    }
  }

  /**
   * How the edges of a region share their prefetch counts, for the sites with
   * {@code share: region} ({@code prefetch-sharing} in the network file).
   *
   * @param interval how often each edge publishes its counts and reads its peers'; a snapshot
   *     older than three intervals no longer counts
   */
  public record PrefetchSharingSection(Duration interval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    public PrefetchSharingSection {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the sharing interval must be positive: " + interval);
      }
    }

    /** Every 30 s. */
    public static PrefetchSharingSection defaults() {
      return new PrefetchSharingSection(DEFAULT_INTERVAL);
    }
  }

  /** The embedded Hazelcast cluster every edge and shield joins (one member per node). */
  public record ClusterSection(String name, Duration isolationTimeout) {
    /** A node cut off this long revalidates every hit until it is back (DESIGN §5). */
    public static final Duration DEFAULT_ISOLATION_TIMEOUT = Duration.ofSeconds(10);

    public ClusterSection(String name) {
      this(name, DEFAULT_ISOLATION_TIMEOUT);
    }
  }

  /** Upstream timeouts used by every proxying node. */
  /**
   * @param headTimeout a client's time for a request head, or for the next bytes of its body
   */
  public record ProxySection(Duration connectTimeout, Duration responseTimeout,
      Duration headTimeout) {}

  /**
   * How many event loops serve each edge's and each shield's traffic port ({@code http-loops}):
   * one per processor the process may run on, or a fixed number. Their admin ports keep one.
   */
  public sealed interface HttpLoops {
    /** More than this is a typo: a loop per core of the largest machines, and then some. */
    int MAX = 1024;

    /** The number of loops on a machine whose process may run on {@code processors} CPUs. */
    int count(int processors);

    /**
     * One per processor ({@code Runtime.availableProcessors()}, which honours {@code taskset}
     * and container CPU limits), as nginx's {@code worker_processes auto}.
     */
    record Auto() implements HttpLoops {
      @Override
      public int count(int processors) {
        return Math.max(1, processors);
      }
    }

    record Fixed(int loops) implements HttpLoops {
      public Fixed {
        if (loops < 1 || loops > MAX) {
          throw new IllegalArgumentException("loops must be within 1.." + MAX + ", not " + loops);
        }
      }

      @Override
      public int count(int processors) {
        return loops;
      }
    }
  }

  /** Where each node writes one line per request. */
  public sealed interface AccessLog {
    record Off() implements AccessLog {}

    record Stdout() implements AccessLog {}

    record ToFile(String path) implements AccessLog {}
  }

  /**
   * The cache store of each node, weighed in bytes (body plus headers): {@code edgeSizeBytes} for
   * each edge, {@code shieldSizeBytes} for each shield. A response larger than
   * {@code maxObjectBytes} is streamed through and not stored.
   */
  public record CacheSection(long edgeSizeBytes, long shieldSizeBytes, long maxObjectBytes) {
    public static final long DEFAULT_EDGE_SIZE = 256L << 20;
    public static final long DEFAULT_SHIELD_SIZE = 1L << 30;
    public static final long DEFAULT_MAX_OBJECT_SIZE = 8L << 20;

    /** 256 MiB per edge, 1 GiB per shield, 8 MiB per object. */
    public static CacheSection defaults() {
      return new CacheSection(DEFAULT_EDGE_SIZE, DEFAULT_SHIELD_SIZE, DEFAULT_MAX_OBJECT_SIZE);
    }
  }

  /**
   * The DNS server.
   *
   * @param latencyMs the latency matrix: measured RTT in milliseconds by client region (of the
   *     {@code locations} rows), then by PoP name; empty to steer by great-circle distance alone
   * @param rateLimit response rate limiting of UDP answers ({@code dns.rate-limit});
   *     {@link RrlOptions#defaults()} (on) when the file has none. {@code --no-rate-limits}
   *     turns it off whatever the file says (see {@code NodePlans})
   * @param tcp the idle timeout and per-client connection cap of DNS over TCP
   *     ({@code dns.tcp}); {@link TcpOptions#defaults()} when the file has none
   */
  public record DnsSection(HostPort listen, HostPort admin, Duration ttl,
      Map<String, Map<String, Double>> latencyMs, RrlOptions rateLimit, TcpOptions tcp) {

    public DnsSection {
      Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
      latencyMs.forEach((region, row) ->
          rows.put(region, Collections.unmodifiableMap(new LinkedHashMap<>(row))));
      latencyMs = Collections.unmodifiableMap(rows);
      Objects.requireNonNull(rateLimit, "rateLimit");
      Objects.requireNonNull(tcp, "tcp");
    }

    /** With TCP at its defaults. */
    public DnsSection(HostPort listen, HostPort admin, Duration ttl,
        Map<String, Map<String, Double>> latencyMs, RrlOptions rateLimit) {
      this(listen, admin, ttl, latencyMs, rateLimit, TcpOptions.defaults());
    }

    /** With the default rate limits. */
    public DnsSection(
        HostPort listen, HostPort admin, Duration ttl, Map<String, Map<String, Double>> latencyMs) {
      this(listen, admin, ttl, latencyMs, RrlOptions.defaults());
    }

    /** Without a latency matrix, with the default rate limits. */
    public DnsSection(HostPort listen, HostPort admin, Duration ttl) {
      this(listen, admin, ttl, Map.of());
    }
  }

  public record ShieldSection(String name, HostPort listen, HostPort admin, HostPort cluster) {}

  /**
   * One PoP.
   *
   * @param weight the DNS steering weight: its cost is divided by this, so 2 wins clients up to
   *     twice as far, 0 drains the PoP; {@value #DEFAULT_WEIGHT} by default
   */
  public record PopSection(
      String name, HostPort listen, HostPort admin, HostPort cluster, GeoPoint location,
      double weight) {

    public static final double DEFAULT_WEIGHT = 1.0;

    /** With the default weight. */
    public PopSection(
        String name, HostPort listen, HostPort admin, HostPort cluster, GeoPoint location) {
      this(name, listen, admin, cluster, location, DEFAULT_WEIGHT);
    }
  }

  /** A point on the globe with the region name used in logs and metrics. */
  public record GeoPoint(double lat, double lon, String region) {}

  /** One row of the client-location table: clients in {@code cidr} are at this place. */
  public record LocationSection(String cidr, double lat, double lon, String country, String region) {}

  /**
   * One site.
   *
   * @param purgeTokens the bearer tokens that may purge this site, each belonging to it alone
   */
  public record SiteSection(
      String name,
      List<String> domains,
      List<URI> origins,
      Optional<HealthCheck> healthCheck,
      SiteCache cache,
      List<PurgeTokenSection> purgeTokens,
      Optional<LlmSection> llm,
      Optional<PrefetchSection> prefetch) {
    public SiteSection {
      domains = List.copyOf(domains);
      origins = List.copyOf(origins);
      purgeTokens = List.copyOf(purgeTokens);
      Objects.requireNonNull(llm, "llm");
      Objects.requireNonNull(prefetch, "prefetch");
    }

    /** A site without LLM routes or prefetching. */
    public SiteSection(String name, List<String> domains, List<URI> origins,
        Optional<HealthCheck> healthCheck, SiteCache cache, List<PurgeTokenSection> purgeTokens) {
      this(name, domains, origins, healthCheck, cache, purgeTokens, Optional.empty(),
          Optional.empty());
    }

    /** A site without prefetching. */
    public SiteSection(String name, List<String> domains, List<URI> origins,
        Optional<HealthCheck> healthCheck, SiteCache cache, List<PurgeTokenSection> purgeTokens,
        Optional<LlmSection> llm) {
      this(name, domains, origins, healthCheck, cache, purgeTokens, llm, Optional.empty());
    }
  }

  /**
   * A site's Markov prefetch (docs/prefetch.md): the edge learns which page follows which and
   * fetches likely next pages ahead of the visitor.
   *
   * @param threshold the probability a next page needs, in (0, 1]
   * @param minSupport the (decayed) number of times the transition must have been seen
   * @param maxPerView the most prefetches after one page view
   * @param hints what the browser is told: {@code none}, {@code link}, {@code early-hints} or
   *     {@code speculation-rules}
   * @param sessionCookie the cookie naming a visitor; empty for address + User-Agent
   * @param share whose counts predictions use: {@code none} (this edge's) or {@code region}
   *     (this edge's plus the latest of the other PoPs of its {@code location.region})
   * @param weighSize whether a page larger than the site's mean needs more probability
   * @param halfLife a transition seen this long ago weighs half as much as one now
   * @param visitTimeout a visitor idle this long starts a new visit
   */
  public record PrefetchSection(boolean enabled, double threshold, double minSupport,
      int maxPerView, String hints, Optional<String> sessionCookie, String share,
      boolean weighSize, Duration halfLife, Duration visitTimeout) {

    public static final String SHARE_NONE = "none";
    public static final Duration DEFAULT_HALF_LIFE =
        Duration.ofMillis(ModelOptions.DEFAULT_HALF_LIFE_MILLIS);
    public static final Duration DEFAULT_VISIT_TIMEOUT =
        Duration.ofMillis(VisitTracker.DEFAULT_IDLE_MILLIS);

    public PrefetchSection {
      Objects.requireNonNull(halfLife, "halfLife");
      Objects.requireNonNull(visitTimeout, "visitTimeout");
    }

    /** The default half-life and visit timeout. */
    public PrefetchSection(boolean enabled, double threshold, double minSupport, int maxPerView,
        String hints, Optional<String> sessionCookie, String share, boolean weighSize) {
      this(enabled, threshold, minSupport, maxPerView, hints, sessionCookie, share, weighSize,
          DEFAULT_HALF_LIFE, DEFAULT_VISIT_TIMEOUT);
    }

    /** A site whose counts are not shared. */
    public PrefetchSection(boolean enabled, double threshold, double minSupport, int maxPerView,
        String hints, Optional<String> sessionCookie) {
      this(enabled, threshold, minSupport, maxPerView, hints, sessionCookie, SHARE_NONE);
    }

    /** Sizes weighed, as by default. */
    public PrefetchSection(boolean enabled, double threshold, double minSupport, int maxPerView,
        String hints, Optional<String> sessionCookie, String share) {
      this(enabled, threshold, minSupport, maxPerView, hints, sessionCookie, share, true);
    }
  }

  /**
   * A site's LLM routes (DESIGN §7): answers cached by request body when shareable, the
   * provider key added on the way out.
   *
   * @param provider where answers come from; empty for the site's first origin
   * @param apiKey the provider key, already resolved from the environment
   * @param perUserHeaders request headers that identify a user
   * @param routes the LLM routes
   */
  public record LlmSection(Optional<URI> provider, Optional<String> apiKey,
      boolean passThroughClientKey, boolean perUser, List<String> perUserHeaders,
      boolean normalizeText, List<LlmRouteSection> routes) {
    public LlmSection {
      perUserHeaders = List.copyOf(perUserHeaders);
      routes = List.copyOf(routes);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
      return "LlmSection[provider=" + provider + ", apiKey="
          + (apiKey.isPresent() ? "(hidden)" : "none") + ", passThroughClientKey="
          + passThroughClientKey + ", perUser=" + perUser + ", perUserHeaders=" + perUserHeaders
          + ", normalizeText=" + normalizeText + ", routes=" + routes + "]";
    }
  }

  /**
   * One LLM route: its path, whether its answers never vary, how long they are kept; whether its
   * requests become tasks, how long a task is kept, and where finished tasks are posted.
   */
  public record LlmRouteSection(String path, boolean deterministic, Duration ttl, boolean async,
      Duration taskTtl, Optional<URI> webhook) {

    /** A route answered while the client waits. */
    public LlmRouteSection(String path, boolean deterministic, Duration ttl) {
      this(path, deterministic, ttl, false, LlmRoute.DEFAULT_TASK_TTL, Optional.empty());
    }
  }

  /**
   * A bearer token that may purge its site, already resolved from the environment when the file
   * referred to a variable.
   *
   * @param scopes {@code purge} (URLs, tags, prefixes, hosts) and/or {@code purge_all}
   */
  public record PurgeTokenSection(String token, Set<String> scopes) {
    public PurgeTokenSection {
      Objects.requireNonNull(token, "token");
      scopes = Set.copyOf(scopes);
    }

    /** Never prints the token: configs end up in logs and test reports. */
    @Override
    public String toString() {
      return "PurgeTokenSection[token=(hidden), scopes=" + scopes + "]";
    }
  }

  /**
   * The network operator's bearer token ({@code operator-token}): it may stop and start a node's
   * traffic port ({@code POST /api/v1/node/stop} on the node's admin port). Already resolved from
   * the environment when the file referred to a variable.
   */
  public record OperatorTokenSection(String token) {
    public OperatorTokenSection {
      Objects.requireNonNull(token, "token");
    }

    /** Never prints the token: configs end up in logs and test reports. */
    @Override
    public String toString() {
      return "OperatorTokenSection[token=(hidden)]";
    }
  }

  /**
   * How often each site may purge: a token bucket per site holding {@code burst} purges, refilled
   * at {@code ratePerSecond}.
   */
  public record PurgeSection(double ratePerSecond, int burst) {
    public static final double DEFAULT_RATE = 20;
    public static final int DEFAULT_BURST = 50;

    /** 20 purges a second, bursts of 50. */
    public static PurgeSection defaults() {
      return new PurgeSection(DEFAULT_RATE, DEFAULT_BURST);
    }
  }

  /**
   * How a site's responses are cached, on top of RFC 9111 (DESIGN §4 steps 2 and 7).
   *
   * @param stripSetCookie store a response with {@code Set-Cookie} after removing the cookie,
   *     instead of not storing it
   * @param ignoreClientNoCache serve from the cache even when the client sends
   *     {@code Cache-Control: no-cache} or {@code Pragma: no-cache} (a reload)
   * @param heuristicFraction for heuristically cacheable responses with {@code Last-Modified} and
   *     no explicit lifetime: this fraction of the time since modification (RFC 9111 §4.2.2
   *     suggests 10%), 0..1; 0 turns heuristic freshness off
   * @param heuristicCap the most a heuristic lifetime may be
   * @param droppedQueryParams query parameters left out of every key (tracking ids)
   * @param unkeyedHeaders request header names, lower-cased, that are neither forwarded upstream
   *     nor part of any key
   * @param rules per-path overrides, first match wins
   */
  public record SiteCache(
      boolean stripSetCookie,
      boolean ignoreClientNoCache,
      double heuristicFraction,
      Duration heuristicCap,
      List<String> droppedQueryParams,
      List<String> unkeyedHeaders,
      List<RuleSection> rules) {
    public static final double DEFAULT_HEURISTIC_FRACTION = 0.1;
    public static final Duration DEFAULT_HEURISTIC_CAP = Duration.ofDays(1);

    public SiteCache {
      droppedQueryParams = List.copyOf(droppedQueryParams);
      unkeyedHeaders = List.copyOf(unkeyedHeaders);
      rules = List.copyOf(rules);
    }

    /** Cookies refused, client no-cache honoured, 10% heuristic up to a day, default trackers. */
    public static SiteCache defaults() {
      return new SiteCache(false, false, DEFAULT_HEURISTIC_FRACTION, DEFAULT_HEURISTIC_CAP,
          KeyPolicy.DEFAULT_DROPPED_QUERY_PARAMS, List.of(), List.of());
    }
  }

  /**
   * One cache rule of a site: {@code path} is a pattern where {@code *} matches any run of
   * characters ({@code /static/*}, {@code *.css}, <code>/api/*&#47;items</code>).
   *
   * @param ttl lifetime when the response gives none, whole seconds
   * @param forceTtl use {@code ttl} whatever the response says (needs {@code ttl})
   * @param queryKeepOnly if present, the only query parameters kept in the key
   * @param queryIgnore query parameters left out of the key
   * @param pass never cache: always go upstream (no {@code ttl} then)
   */
  public record RuleSection(
      String path,
      Optional<Duration> ttl,
      boolean forceTtl,
      Optional<List<String>> queryKeepOnly,
      List<String> queryIgnore,
      boolean pass) {
    public RuleSection {
      queryKeepOnly = queryKeepOnly.map(List::copyOf);
      queryIgnore = List.copyOf(queryIgnore);
    }
  }

  /** Active health probe of each origin of a site: GET {@code path} every {@code interval}. */
  public record HealthCheck(String path, Duration interval) {}
}
