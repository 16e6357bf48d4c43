package org.edgecdn.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.resolve.SteeringExplainer;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.edge.prefetch.Hints;
import org.edgecdn.edge.prefetch.PrefetchOptions;
import org.edgecdn.edge.prefetch.Prefetcher;
import org.edgecdn.edge.prefetch.Share;
import org.edgecdn.edge.prefetch.ShareOptions;
import org.edgecdn.launcher.config.ConfigResult;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.edgecdn.predictor.NextPagePredictor;
import org.edgecdn.predictor.visit.PageView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePlansTest {

  private static final long MINUTE = 60_000;

  private static final NetworkConfig DEMO = NetworkConfigLoader.defaultNetwork();

  @Test
  void httpLoops_reachEveryEdgeAndShield_autoIsOnePerProcessor() {
    NodePlans fixed = new NodePlans(DEMO.withHttpLoops(new NetworkConfig.HttpLoops.Fixed(3)));
    NodePlans auto = new NodePlans(DEMO);

    assertThat(fixed.edge(DEMO.pops().get(0)).loops()).isEqualTo(3);
    assertThat(fixed.shield(DEMO.shields().get(0)).loops()).isEqualTo(3);
    assertThat(auto.edge(DEMO.pops().get(0)).loops())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void dns_demo_carriesTheLatencyMatrixAndNoWeights() {
    SteeringOptions steering = new NodePlans(DEMO).dns().steering();

    assertThat(steering).isEqualTo(new SteeringOptions(
        Map.of("eu-west", Map.of("eu", 11.0, "us", 84.0)), Map.of()));
  }

  @Test
  void dns_weights_passedOnByPopName_defaultOnesLeftOut() {
    List<NetworkConfig.PopSection> pops = DEMO.pops().stream()
        .map(p -> new NetworkConfig.PopSection(p.name(), p.listen(), p.admin(), p.cluster(),
            p.location(), p.name().equals("us") ? 2.5 : p.name().equals("ap") ? 0.0 : 1.0))
        .toList();
    NetworkConfig weighted = new NetworkConfig(DEMO.zone(), DEMO.cluster(), DEMO.proxy(),
        DEMO.accessLog(), DEMO.cache(), DEMO.demoOrigin(), DEMO.dns(), DEMO.shields(), pops,
        DEMO.locations(), DEMO.sites(), DEMO.purge());

    SteeringOptions steering = new NodePlans(weighted).dns().steering();

    assertThat(steering.weights()).isEqualTo(Map.of("us", 2.5, "ap", 0.0));
    assertThat(steering.latencyMs()).isEqualTo(DEMO.dns().latencyMs());
  }

  @Test
  void dns_rateLimitsOff_keepsSteering() {
    DnsOptions options = new NodePlans(DEMO, false).dns();

    assertThat(options.rrl()).isEqualTo(RrlOptions.off());
    assertThat(options.steering().latencyMs()).containsKey("eu-west");
  }

  @Test
  void dns_rateLimitsFromTheFile_reachTheServer_andNoRateLimitsTurnsThemOff() {
    RrlOptions configured = new RrlOptions(true, 500, 5, 0);
    NetworkConfig limited = withDns(new NetworkConfig.DnsSection(DEMO.dns().listen(),
        DEMO.dns().admin(), DEMO.dns().ttl(), DEMO.dns().latencyMs(), configured));

    assertThat(new NodePlans(limited).dns().rrl()).isEqualTo(configured);
    assertThat(new NodePlans(limited, false).dns().rrl())
        .isEqualTo(new RrlOptions(false, 500, 5, 0));
  }

  @Test
  void prefetch_sitesOnOneOrigin_shareItsBudget_othersHaveTheirOwn() {
    NetworkConfig.SiteSection shop = DEMO.sites().get(0);
    NetworkConfig.SiteSection blog = new NetworkConfig.SiteSection("blog",
        List.of("blog.example"), shop.origins(), shop.healthCheck(), shop.cache(),
        List.of(), Optional.empty(), shop.prefetch());
    NetworkConfig.SiteSection docs = new NetworkConfig.SiteSection("docs",
        List.of("docs.example"), List.of(URI.create("http://127.0.0.1:8001/base")),
        shop.healthCheck(), shop.cache(), List.of(), Optional.empty(), shop.prefetch());
    NetworkConfig two = new NetworkConfig(DEMO.zone(), DEMO.cluster(), DEMO.proxy(),
        DEMO.accessLog(), DEMO.cache(), DEMO.demoOrigin(), DEMO.dns(), DEMO.shields(),
        DEMO.pops(), DEMO.locations(), List.of(shop, blog, docs), DEMO.purge(),
        DEMO.domains(), DEMO.prefetchBudget(), DEMO.prefetchSharing());

    PrefetchOptions options = new NodePlans(two).prefetch();

    assertThat(options.originOf("blog")).isEqualTo(options.originOf("shop"));
    assertThat(options.originOf("docs")).isEqualTo("http://127.0.0.1:8001")
        .isNotEqualTo(options.originOf("shop"));
  }

  @Test
  void dns_tcpFromTheFile_reachesTheServersOptions() {
    TcpOptions configured = new TcpOptions(Duration.ofSeconds(4), 3);
    NetworkConfig edited = withDns(new NetworkConfig.DnsSection(DEMO.dns().listen(),
        DEMO.dns().admin(), DEMO.dns().ttl(), DEMO.dns().latencyMs(), DEMO.dns().rateLimit(),
        configured));

    assertThat(new NodePlans(edited).dns().tcp()).isEqualTo(configured);
    assertThat(new NodePlans(DEMO).dns().tcp()).isEqualTo(TcpOptions.defaults());
  }

  @Test
  void prefetch_demo_siteSectionWithTheEdgeDefaults() {
    PrefetchOptions options = new NodePlans(DEMO).prefetch();

    assertThat(options.site("shop").enabled()).isTrue();
    assertThat(options.site("shop").hints()).isEqualTo(Hints.LINK);
    assertThat(options.perOriginRequestsPerSecond())
        .isEqualTo(PrefetchOptions.DEFAULT_PER_ORIGIN_REQUESTS_PER_SECOND);
    assertThat(options.warmMillis()).isEqualTo(PrefetchOptions.DEFAULT_WARM_MILLIS);
  }

  @Test
  void prefetch_networkFileBudget_reachesEveryEdge() {
    NetworkConfig budgeted = new NetworkConfig(DEMO.zone(), DEMO.cluster(), DEMO.proxy(),
        DEMO.accessLog(), DEMO.cache(), DEMO.demoOrigin(), DEMO.dns(), DEMO.shields(),
        DEMO.pops(), DEMO.locations(), DEMO.sites(), DEMO.purge(), DEMO.domains(),
        new NetworkConfig.PrefetchBudgetSection(7, 3L << 20, 2));

    PrefetchOptions options = new NodePlans(budgeted).prefetch();

    assertThat(options.requestsPerSecond()).isEqualTo(7);
    assertThat(options.bytesPerSecond()).isEqualTo(3L << 20);
    assertThat(options.perOriginRequestsPerSecond()).isEqualTo(2);
  }

  @Test
  void prefetch_rateLimitsOff_budgetLiftedAndNoWarmMemory() {
    PrefetchOptions options = new NodePlans(DEMO, false).prefetch();

    assertThat(options.site("shop").enabled()).isTrue();
    assertThat(options.requestsPerSecond()).isGreaterThanOrEqualTo(1e9);
    assertThat(options.perOriginRequestsPerSecond()).isGreaterThanOrEqualTo(1e9);
    assertThat(options.bytesPerSecond()).isGreaterThanOrEqualTo(1e9);
    assertThat(options.warmMillis()).isZero();
  }

  @Test
  void prefetch_share_peersAreTheOtherPopsOfTheRegion() {
    // us moves next to eu: the two share a region, ap is alone in its own.
    List<NetworkConfig.PopSection> pops = DEMO.pops().stream()
        .map(p -> p.name().equals("us") ? new NetworkConfig.PopSection(p.name(), p.listen(),
            p.admin(), p.cluster(), new NetworkConfig.GeoPoint(50.1, 8.7, "eu-central"))
            : p)
        .toList();
    List<NetworkConfig.SiteSection> sites = DEMO.sites().stream()
        .map(s -> new NetworkConfig.SiteSection(s.name(), s.domains(), s.origins(),
            s.healthCheck(), s.cache(), s.purgeTokens(), s.llm(),
            s.prefetch().map(p -> new NetworkConfig.PrefetchSection(p.enabled(), p.threshold(),
                p.minSupport(), p.maxPerView(), p.hints(), p.sessionCookie(), "region"))))
        .toList();
    NetworkConfig config = new NetworkConfig(DEMO.zone(), DEMO.cluster(), DEMO.proxy(),
        DEMO.accessLog(), DEMO.cache(), DEMO.demoOrigin(), DEMO.dns(), DEMO.shields(), pops,
        DEMO.locations(), sites, DEMO.purge());
    NodePlans plans = new NodePlans(config);

    PrefetchOptions eu = plans.prefetch(pop(config, "eu"));
    PrefetchOptions ap = plans.prefetch(pop(config, "ap"));

    assertThat(eu.site("shop").share()).isEqualTo(Share.REGION);
    assertThat(eu.sharingSites()).containsExactly("shop");
    assertThat(eu.sharing()).isEqualTo(new ShareOptions("eu", "eu-central", List.of("us"),
        ShareOptions.DEFAULT_INTERVAL_MILLIS));
    assertThat(ap.sharing().peers()).isEmpty();
    assertThat(ap.sharing().enabled()).isFalse();
    assertThat(new NodePlans(DEMO).prefetch(pop(DEMO, "eu")).sharingSites()).isEmpty();
  }

  @Test
  void prefetch_halfLifeAndVisitTimeoutFromTheFile_reachTheEdgesModel() {
    String yaml = NetworkConfigLoader.defaultNetworkYaml().replace("      hints: link\n",
        "      hints: link\n      half-life: 10m\n      visit-timeout: 5m\n");
    ConfigResult parsed = NetworkConfigLoader.parse(yaml, "test.yaml", Map.of());
    assertThat(parsed).isInstanceOf(ConfigResult.Valid.class);
    PrefetchOptions options = new NodePlans(((ConfigResult.Valid) parsed).config()).prefetch();
    long t = 1_700_000_000_000L;
    NextPagePredictor model = new Prefetcher(options, null, () -> t, new SimpleMeterRegistry(),
        "eu").predictor();

    model.observe(new PageView("shop", "v1", "/home", null, t));
    model.observe(new PageView("shop", "v1", "/product", null, t));
    // Six idle minutes end the visit: /cart does not follow /product.
    model.observe(new PageView("shop", "v1", "/cart", null, t + 6 * MINUTE));

    // Seen once ten minutes ago: half a sighting.
    assertThat(model.top("shop", 10, t + 10 * MINUTE)).singleElement().satisfies(top -> {
      assertThat(top.from() + " -> " + top.to()).isEqualTo("/home -> /product");
      assertThat(top.support()).isCloseTo(0.5, within(1e-9));
    });
  }

  private static NetworkConfig withDns(NetworkConfig.DnsSection dns) {
    return new NetworkConfig(DEMO.zone(), DEMO.cluster(), DEMO.proxy(), DEMO.accessLog(),
        DEMO.cache(), DEMO.demoOrigin(), dns, DEMO.shields(), DEMO.pops(), DEMO.locations(),
        DEMO.sites(), DEMO.purge(), DEMO.domains(), DEMO.prefetchBudget(),
        DEMO.prefetchSharing());
  }

  private static NetworkConfig.PopSection pop(NetworkConfig config, String name) {
    return config.pops().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The demo's matrix must not change where its clients go (README, DemoNetworkIT). */
  @ParameterizedTest
  @CsvSource({"127.0.1.9, us", "127.0.2.9, eu", "127.0.3.9, ap", "192.0.2.9, us",
      "198.51.100.9, eu", "203.0.113.9, ap"})
  void dns_demo_clientsGoWhereDistanceAloneSendsThem(String client, String pop) {
    DnsOptions steered = new NodePlans(DEMO).dns();
    DnsOptions byDistance = steered.withSteering(SteeringOptions.none());

    assertThat(explainPop(steered, client)).contains(pop);
    assertThat(explainPop(byDistance, client)).contains(pop);
  }

  private static Optional<String> explainPop(DnsOptions options, String client) {
    return SteeringExplainer.create(options, PopHealth.allHealthy())
        .explain("shop.cdn.test", IpLiteral.parse(client), Optional.empty()).pop();
  }
}
