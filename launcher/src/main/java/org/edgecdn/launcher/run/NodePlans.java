package org.edgecdn.launcher.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.edgecdn.cache.CacheOptions;
import org.edgecdn.cache.CacheSettings;
import org.edgecdn.cache.key.CacheRule;
import org.edgecdn.cache.key.KeyPolicy;
import org.edgecdn.cluster.ClusterOptions;
import org.edgecdn.cluster.domains.DomainRegistry;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.LocationRow;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.SiteNames;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.onboard.DomainVerifier;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.edge.EdgeOptions;
import org.edgecdn.edge.llm.LlmSiteConfig;
import org.edgecdn.edge.prefetch.Hints;
import org.edgecdn.edge.prefetch.PrefetchOptions;
import org.edgecdn.edge.prefetch.Share;
import org.edgecdn.edge.prefetch.ShareOptions;
import org.edgecdn.edge.prefetch.SitePrefetch;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Site;
import org.edgecdn.http.auth.OperatorToken;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.launcher.config.NetworkConfig.ShieldSection;
import org.edgecdn.launcher.domains.DomainOnboarding;
import org.edgecdn.predictor.llm.LlmPolicy;
import org.edgecdn.predictor.llm.LlmRoute;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.edgecdn.purge.api.PurgeTokens;
import org.edgecdn.shield.ShieldOptions;
import org.xbill.DNS.ResolverConfig;

/**
 * Turns the network file into each service's options (DESIGN §9: every module builds its
 * options from its part). The only place that knows both the file's shape and the services'.
 */
public final class NodePlans {

  private final NetworkConfig config;
  private final boolean rateLimits;

  public NodePlans(NetworkConfig config) {
    this(config, true);
  }

  /**
   * @param rateLimits false for a measurement run: DNS response rate limiting, the purge
   *     API's limits, the edges' prefetch budget and their memory of pages seen warm are off,
   *     so they cannot distort the figures
   */
  public NodePlans(NetworkConfig config, boolean rateLimits) {
    this.config = config;
    this.rateLimits = rateLimits;
  }

  /** Whether rate limits apply (false for measurement runs, see the constructor). */
  public boolean rateLimits() {
    return rateLimits;
  }

  public NetworkConfig config() {
    return config;
  }

  public List<Site> sites() {
    return config.sites().stream()
        .map(site -> new Site(site.name(), site.domains(), site.origins(),
            site.healthCheck().map(check ->
                new Site.HealthCheck(check.path(), check.interval().toMillis())),
            cacheSettings(site.cache())))
        .toList();
  }

  static CacheSettings cacheSettings(NetworkConfig.SiteCache cache) {
    List<CacheRule> rules = cache.rules().stream()
        .map(rule -> new CacheRule(rule.path(),
            rule.ttl().map(ttl -> OptionalLong.of(ttl.toSeconds())).orElse(OptionalLong.empty()),
            rule.forceTtl(), rule.queryKeepOnly().map(Set::copyOf), Set.copyOf(rule.queryIgnore()),
            rule.pass()))
        .toList();
    return new CacheSettings(new KeyPolicy(Set.copyOf(cache.droppedQueryParams())), rules,
        cache.stripSetCookie(), cache.ignoreClientNoCache(), cache.heuristicFraction(),
        cache.heuristicCap().toSeconds(), Set.copyOf(cache.unkeyedHeaders()));
  }

  private CacheOptions cacheOptions(long maxBytes) {
    return new CacheOptions(maxBytes, config.cache().maxObjectBytes(),
        CacheOptions.DEFAULT_HIT_FOR_PASS_MILLIS);
  }

  public EdgeOptions edge(PopSection pop) {
    return new EdgeOptions(pop.name(), pop.listen(), pop.admin(), sites(),
        config.shields().stream()
            .map(shield -> new EdgeOptions.ShieldAddress(shield.name(), shield.listen()))
            .toList(),
        config.proxy().connectTimeout().toMillis(), config.proxy().responseTimeout().toMillis(),
        cacheOptions(config.cache().edgeSizeBytes()), llm(), EdgeOptions.DEFAULT_LLM_CACHE_BYTES,
        config.proxy().headTimeout(), httpLoops());
  }

  /**
   * How many event loops serve each edge's and shield's traffic port: the network file's
   * {@code http-loops}, {@code auto} resolved against the processors this process may use.
   */
  public int httpLoops() {
    return config.httpLoops().count(Runtime.getRuntime().availableProcessors());
  }

  /**
   * The edges' prefetching: each site's section, within the network file's
   * {@code prefetch-budget}. When
   * rate limits are off the budget is lifted and pages seen warm are not remembered: a benchmark
   * compresses time, so a per-second budget would bind far below the traffic it was sized for,
   * and a small cache evicts a page well within the 10 s it is remembered warm.
   */
  public PrefetchOptions prefetch() {
    Map<String, SitePrefetch> sites = new HashMap<>();
    for (NetworkConfig.SiteSection site : config.sites()) {
      site.prefetch().ifPresent(p -> sites.put(site.name(), new SitePrefetch(p.enabled(),
          new PlannerOptions(p.threshold(), p.minSupport(), p.maxPerView(), p.weighSize()),
          Hints.parse(p.hints()).orElseThrow(), p.sessionCookie(),
          Share.parse(p.share()).orElse(Share.NONE), p.halfLife().toMillis(),
          p.visitTimeout().toMillis())));
    }
    NetworkConfig.PrefetchBudgetSection budget = config.prefetchBudget();
    // The per-origin budget is shared by the sites whose first origin (where prefetches end
    // up unless it fails) is the same.
    Map<String, String> origins = new HashMap<>();
    for (NetworkConfig.SiteSection site : config.sites()) {
      if (!site.origins().isEmpty()) {
        URI first = site.origins().get(0);
        origins.put(site.name(), first.getScheme() + "://" + first.getAuthority());
      }
    }
    PrefetchOptions options = PrefetchOptions.of(sites).withBudget(budget.requestsPerSecond(),
        budget.bytesPerSecond(), budget.perOriginRequestsPerSecond()).withSiteOrigins(origins);
    return rateLimits ? options
        : options.withBudget(UNLIMITED, UNLIMITED, UNLIMITED).withWarmMillis(0);
  }

  /**
   * PoP {@code pop}'s prefetching: {@link #prefetch()}, and for the sites with
   * {@code share: region}, the other PoPs of its {@code location.region} as its peers.
   */
  public PrefetchOptions prefetch(PopSection pop) {
    String region = pop.location().region();
    List<String> peers = config.pops().stream()
        .filter(other -> !other.name().equals(pop.name())
            && other.location().region().equals(region))
        .map(PopSection::name)
        .toList();
    return prefetch().withSharing(new ShareOptions(pop.name(), region, peers,
        config.prefetchSharing().interval().toMillis()));
  }

  /** A budget no benchmark reaches (per second). */
  private static final double UNLIMITED = 1e9;

  /** The sites' LLM routes, by site; the provider defaults to the site's first origin. */
  Map<String, LlmSiteConfig> llm() {
    Map<String, LlmSiteConfig> out = new HashMap<>();
    for (NetworkConfig.SiteSection site : config.sites()) {
      site.llm().ifPresent(llm -> out.put(site.name(), new LlmSiteConfig(
          new LlmPolicy(llm.routes().stream()
              .map(r -> new LlmRoute(r.path(), r.deterministic(), r.ttl(), r.async(),
                  r.taskTtl(), r.webhook())).toList(),
              llm.perUser(), llm.perUserHeaders(), llm.normalizeText()),
          llm.provider().orElse(site.origins().get(0)), llm.apiKey(),
          llm.passThroughClientKey())));
    }
    return out;
  }

  public ShieldOptions shield(ShieldSection shield) {
    return new ShieldOptions(shield.name(), shield.listen(), shield.admin(), sites(),
        edgeSourceAddresses(), config.proxy().connectTimeout().toMillis(),
        config.proxy().responseTimeout().toMillis(),
        cacheOptions(config.cache().shieldSizeBytes()), config.proxy().headTimeout(),
        httpLoops());
  }

  /**
   * Where edges connect from: their listen addresses (an edge binds its client to it). A shield
   * keeps forwarding headers only from these.
   */
  Set<String> edgeSourceAddresses() {
    return config.pops().stream()
        .map(pop -> pop.listen().host())
        .filter(host -> !host.equals("0.0.0.0") && !host.equals("::"))
        .collect(Collectors.toUnmodifiableSet());
  }

  public DnsOptions dns() {
    return new DnsOptions("dns", config.dns().listen().host(),
        config.dns().listen().port(),
        config.zone(), config.dns().ttl(),
        config.pops().stream()
            .map(pop -> new PopAddress(pop.name(), pop.listen().host(), pop.location().lat(),
                pop.location().lon()))
            .toList(),
        config.sites().stream().map(site -> new SiteNames(site.name(), site.domains())).toList(),
        config.locations().stream()
            .map(row -> new LocationRow(row.cidr(), row.lat(), row.lon(), row.country(),
                row.region()))
            .toList(),
        rateLimits ? config.dns().rateLimit() : config.dns().rateLimit().turnedOff(),
        DnsOptions.defaultUdpThreads(),
        steering(),
        config.dns().tcp());
  }

  /** The DNS latency matrix and the PoPs' weights; weights of 1 (the default) are left out. */
  SteeringOptions steering() {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (PopSection pop : config.pops()) {
      if (pop.weight() != PopSection.DEFAULT_WEIGHT) {
        weights.put(pop.name(), pop.weight());
      }
    }
    return new SteeringOptions(config.dns().latencyMs(), weights);
  }

  /** The cluster member of node {@code name} (a PoP or a shield). */
  public ClusterOptions cluster(String name) {
    HostPort bind = Stream.concat(
            config.shields().stream().filter(s -> s.name().equals(name)).map(ShieldSection::cluster),
            config.pops().stream().filter(p -> p.name().equals(name)).map(PopSection::cluster))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no PoP or shield named " + name));
    return new ClusterOptions(config.cluster().name(), name, bind, clusterMembers());
  }

  List<HostPort> clusterMembers() {
    return Stream.concat(config.shields().stream().map(ShieldSection::cluster),
        config.pops().stream().map(PopSection::cluster)).toList();
  }

  /**
   * Custom-domain onboarding over {@code registry}: checks names through the network file's
   * resolver (the machine's own when it names none; read from resolv.conf here, once).
   */
  public DomainOnboarding domainOnboarding(DomainRegistry registry) {
    NetworkConfig.DomainsSection domains = config.domains();
    InetSocketAddress resolver = domains.resolver()
        .map(r -> new InetSocketAddress(IpLiteral.tryParse(r.host())
            .orElseThrow(() -> new IllegalArgumentException("domains.resolver must be an IP"
                + " address, not " + r.host())), r.port()))
        .orElseGet(NodePlans::systemResolver);
    Set<InetAddress> pops = new LinkedHashSet<>();
    popAddresses().forEach(a -> pops.add(IpLiteral.parse(a)));
    Map<String, String> configured = new HashMap<>();
    config.sites().forEach(site -> site.domains().forEach(d -> configured.put(d, site.name())));
    return new DomainOnboarding(config.zone(), configured,
        config.sites().stream().map(NetworkConfig.SiteSection::name).toList(), popAddresses(),
        new DomainVerifier(resolver, pops, domains.timeout()), registry,
        System::currentTimeMillis);
  }

  /** The addresses DNS hands out for the PoPs. */
  List<String> popAddresses() {
    return config.pops().stream().map(pop -> pop.listen().host()).distinct().toList();
  }

  private static InetSocketAddress systemResolver() {
    List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
    return servers.isEmpty() ? new InetSocketAddress(IpLiteral.parse("127.0.0.1"), 53)
        : servers.get(0);
  }

  /** Every node of the network that joins the cluster, shields first, by name. */
  public List<String> clusterNodeNames() {
    return Stream.concat(config.shields().stream().map(ShieldSection::name),
        config.pops().stream().map(PopSection::name)).toList();
  }

  /** The sites' purge tokens. */
  public PurgeTokens purgeTokens() {
    List<PurgeTokens.TokenGrant> grants = new ArrayList<>();
    for (NetworkConfig.SiteSection site : config.sites()) {
      for (NetworkConfig.PurgeTokenSection token : site.purgeTokens()) {
        Set<PurgeTokens.Scope> scopes = token.scopes().stream()
            .map(scope -> PurgeTokens.Scope.fromWire(scope).orElseThrow())
            .collect(Collectors.toUnmodifiableSet());
        grants.add(new PurgeTokens.TokenGrant(site.name(), token.token(), scopes));
      }
    }
    return new PurgeTokens(grants);
  }

  /** The operator's token, which may stop and start nodes; empty when the file sets none. */
  public Optional<OperatorToken> operatorToken() {
    return config.operatorToken().map(section -> new OperatorToken(section.token()));
  }

  public Optional<PopSection> pop(String name) {
    return config.pops().stream().filter(pop -> pop.name().equals(name)).findFirst();
  }

  public Optional<ShieldSection> shieldSection(String name) {
    return config.shields().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
