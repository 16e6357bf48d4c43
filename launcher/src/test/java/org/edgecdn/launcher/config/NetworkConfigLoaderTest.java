package org.edgecdn.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.cache.key.KeyPolicy;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.http.HostPort;
import org.edgecdn.launcher.config.NetworkConfig.AccessLog;
import org.edgecdn.launcher.config.NetworkConfig.CacheSection;
import org.edgecdn.launcher.config.NetworkConfig.HttpLoops;
import org.edgecdn.launcher.config.NetworkConfig.GeoPoint;
import org.edgecdn.launcher.config.NetworkConfig.HealthCheck;
import org.edgecdn.launcher.config.NetworkConfig.LlmRouteSection;
import org.edgecdn.launcher.config.NetworkConfig.LlmSection;
import org.edgecdn.launcher.config.NetworkConfig.LocationSection;
import org.edgecdn.launcher.config.NetworkConfig.OperatorTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.launcher.config.NetworkConfig.PrefetchSection;
import org.edgecdn.launcher.config.NetworkConfig.PurgeSection;
import org.edgecdn.launcher.config.NetworkConfig.PurgeTokenSection;
import org.edgecdn.launcher.config.NetworkConfig.RuleSection;
import org.edgecdn.launcher.config.NetworkConfig.ShieldSection;
import org.edgecdn.launcher.config.NetworkConfig.SiteCache;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Most cases edit one line of the built-in default file, so each shows the one mistake it is
 * about against an otherwise valid network.
 */
class NetworkConfigLoaderTest {

  private static final String DEFAULT = NetworkConfigLoader.defaultNetworkYaml();

  /** The smallest valid network, for cases about section order or omitted sections. */
  private static final String MINIMAL = """
      zone: cdn.test
      cluster: {name: c}
      dns: {listen: 127.0.0.1:5353, admin: 127.0.0.1:9053}
      pops:
        - name: a
          listen: 127.0.0.1:8080
          admin: 127.0.0.1:9080
          cluster: 127.0.0.1:5701
          location: {lat: 0, lon: 0, region: r}
      sites: []
      """;

  // ---- The default network ----

  @Test
  void defaultFile_parsesToTheDemoNetwork() {
    NetworkConfig config = valid(DEFAULT);

    assertThat(config.zone()).isEqualTo("cdn.test");
    assertThat(config.cluster().name()).isEqualTo("edgecdn-demo");
    assertThat(config.proxy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.proxy().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.accessLog()).isEqualTo(new AccessLog.Stdout());
    assertThat(config.cache()).isEqualTo(new CacheSection(256L << 20, 1L << 30, 8L << 20));
    assertThat(config.demoOrigin()).contains(HostPort.parse("127.0.0.1:8000"));
    assertThat(config.dns().listen()).isEqualTo(HostPort.parse("127.0.0.1:5353"));
    assertThat(config.dns().admin()).isEqualTo(HostPort.parse("127.0.0.1:9053"));
    assertThat(config.dns().ttl()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.dns().latencyMs())
        .isEqualTo(Map.of("eu-west", Map.of("eu", 11.0, "us", 84.0)));
    assertThat(config.shields()).containsExactly(new ShieldSection("shield",
        HostPort.parse("127.0.0.1:8090"), HostPort.parse("127.0.0.1:9090"),
        HostPort.parse("127.0.0.1:5701")));
    assertThat(config.pops()).extracting(PopSection::name).containsExactly("us", "eu", "ap");
    assertThat(config.pops().get(1)).isEqualTo(new PopSection("eu",
        HostPort.parse("127.0.2.1:8080"), HostPort.parse("127.0.2.1:9080"),
        HostPort.parse("127.0.0.1:5703"), new GeoPoint(50.11, 8.68, "eu-central")));
    assertThat(config.pops()).extracting(p -> p.location().region())
        .containsExactly("us-east", "eu-central", "ap-southeast");
    assertThat(config.pops()).extracting(PopSection::weight).containsOnly(1.0);
    assertThat(config.locations()).hasSize(6);
    assertThat(config.locations().get(5))
        .isEqualTo(new LocationSection("203.0.113.0/24", -33.87, 151.21, "AU", "ap-southeast"));
    assertThat(config.sites()).containsExactly(new SiteSection("shop",
        List.of("www.shop.example", "shop.example"), List.of(URI.create("http://127.0.0.1:8000")),
        Optional.of(new HealthCheck("/healthz", Duration.ofSeconds(5))),
        new SiteCache(false, false, 0.1, Duration.ofDays(1),
            KeyPolicy.DEFAULT_DROPPED_QUERY_PARAMS, List.of("x-debug"), List.of(
                new RuleSection("/static/*", Optional.of(Duration.ofDays(1)), false,
                    Optional.empty(), List.of(), false),
                new RuleSection("/cart*", Optional.empty(), false, Optional.empty(), List.of(),
                    true),
                new RuleSection("/api/*", Optional.empty(), false,
                    Optional.of(List.of("page", "id", "q")), List.of(), false))),
        List.of(new PurgeTokenSection("demo-shop-token-change-me",
            Set.of("purge", "purge_all", "domains"))),
        Optional.of(new LlmSection(Optional.empty(), Optional.empty(), false, true,
            List.of("x-user-id"), false, List.of(
                new LlmRouteSection("/v1/chat/completions", false, Duration.ofHours(1)),
                new LlmRouteSection("/v1/completions", false, Duration.ofHours(1)),
                new LlmRouteSection("/v1/embeddings", true, Duration.ofHours(1))))),
        Optional.of(new PrefetchSection(true, 0.3, 6, 2, "link", Optional.empty()))));
    assertThat(config.purge()).isEqualTo(new PurgeSection(20, 50));
    assertThat(config.operatorToken())
        .contains(new OperatorTokenSection("demo-operator-token-change-me"));
  }

  @Test
  void defaultNetwork_isTheParsedResource() {
    assertThat(NetworkConfigLoader.defaultNetwork()).isEqualTo(valid(DEFAULT));
  }

  @Test
  void omittedOptionalSections_takeTheirDefaults() {
    NetworkConfig config = valid(MINIMAL);

    assertThat(config.proxy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.proxy().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.accessLog()).isEqualTo(new AccessLog.Stdout());
    assertThat(config.cache()).isEqualTo(CacheSection.defaults());
    assertThat(config.demoOrigin()).isEmpty();
    assertThat(config.dns().ttl()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.dns().latencyMs()).isEmpty();
    assertThat(config.pops().get(0).weight()).isEqualTo(PopSection.DEFAULT_WEIGHT);
    assertThat(config.shields()).isEmpty();
    assertThat(config.locations()).isEmpty();
    assertThat(config.sites()).isEmpty();
    assertThat(config.purge()).isEqualTo(PurgeSection.defaults());
    assertThat(config.operatorToken()).isEmpty();
  }

  @Test
  void partialProxySection_keepsTheOtherDefault() {
    NetworkConfig config = valid(MINIMAL + "proxy: {connect-timeout: 500ms}\n");

    assertThat(config.proxy().connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.proxy().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void headTimeout_defaultsTo20s_andIsRefusedOutOfRange_withItsPath() {
    assertThat(valid(MINIMAL).proxy().headTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(valid(MINIMAL + "proxy: {head-timeout: 5s}\n").proxy().headTimeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(problems(MINIMAL + "proxy: {head-timeout: 10ms}\n"))
        .anySatisfy(problem -> assertThat(problem).contains("proxy.head-timeout"));
  }

  @ParameterizedTest
  @CsvSource({"off, OFF", "stdout, STDOUT", "/var/log/edgecdn/access.log, FILE"})
  void accessLog_isOffStdoutOrAFile(String value, String kind) {
    AccessLog log = valid(edit("access-log: stdout", "access-log: " + value)).accessLog();

    assertThat(log).isEqualTo(switch (kind) {
      case "OFF" -> new AccessLog.Off();
      case "STDOUT" -> new AccessLog.Stdout();
      default -> new AccessLog.ToFile(value);
    });
  }

  @Test
  void httpLoops_isAutoUnlessAWholeNumberIsGiven() {
    assertThat(valid(MINIMAL).httpLoops()).isEqualTo(new HttpLoops.Auto());
    assertThat(valid(edit("http-loops: auto", "http-loops: 4")).httpLoops())
        .isEqualTo(new HttpLoops.Fixed(4));
    assertThat(new HttpLoops.Auto().count(6)).isEqualTo(6);
    assertThat(new HttpLoops.Fixed(4).count(6)).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|http-loops: out of range: http-loops must be within 1..1024",
      "2000|http-loops: out of range: http-loops must be within 1..1024",
      "1.5|http-loops: expected \"auto\" or a whole number of event loops",
      "all|http-loops: expected \"auto\" or a whole number of event loops"})
  void httpLoops_outOfRangeOrNotANumber_isAProblemAtItsPath(String value, String problem) {
    assertThat(problems(edit("http-loops: auto", "http-loops: " + value)))
        .containsExactly(problem);
  }

  @Test
  void yaml11Booleans_stayText() {
    // In YAML 1.1, NO (Norway) and off are booleans; here they are what was written.
    NetworkConfig config = valid(edit("country: GB", "country: NO"));

    assertThat(config.locations().get(4).country()).isEqualTo("NO");
  }

  @Test
  void zone_isStoredLowerCaseWithoutTrailingDot() {
    assertThat(valid(edit("zone: cdn.test", "zone: CDN.Test.")).zone()).isEqualTo("cdn.test");
  }

  @Test
  void addresses_acceptHostNamesAndBracketedIpv6() {
    NetworkConfig config = valid(edit("listen: 127.0.0.1:8000", "listen: localhost:8000")
        .replace("admin: 127.0.0.1:9053", "admin: '[::1]:9053'"));

    assertThat(config.demoOrigin()).contains(new HostPort("localhost", 8000));
    assertThat(config.dns().admin()).isEqualTo(new HostPort("::1", 9053));
  }

  // ---- Keys ----

  @Test
  void unknownKey_isReportedWithPathAndAllowedKeys() {
    assertThat(problems(edit("  - name: us\n", "  - name: us\n    capacity: 3\n")))
        .containsExactly("pops[0].capacity: unknown key (expected one of: name, listen, admin,"
            + " cluster, location, weight)");
  }

  @Test
  void misspelledTopLevelKey_isUnknownAndTheRealOneMissing() {
    assertThat(problems(edit("zone: cdn.test", "zones: cdn.test"))).containsExactly(
        "zones: unknown key (expected one of: zone, cluster, operator-token, proxy, access-log,"
            + " cache, demo-origin, dns, shields, pops, locations, purge, domains, prefetch-budget,"
            + " prefetch-sharing, http-loops, sites)",
        "zone: missing (required)");
  }

  @Test
  void missingRequiredKey_isReportedAtItsPath() {
    assertThat(problems(edit("    admin: 127.0.2.1:9080\n", "")))
        .containsExactly("pops[1].admin: missing (required)");
  }

  // ---- Addresses ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.1.300:8080 | \"127.0.1.300\" is not an IP address or host name",
      "127.0.2:8080     | \"127.0.2\" is not an IP address or host name",
      "127.0.2.1        | expected host:port",
      "127.0.2.1:99999  | port 99999 is outside 0-65535",
      "127.0.2.1:http   | port is not a number",
      "my_host:8080     | \"my_host\" is not an IP address or host name",
      "::1:8080         | an IPv6 host must be written in brackets, [::1]:port",
      "\"[1::2::3]:8080\" | \"1::2::3\" is not an IP address or host name",
      "\"[.:]:8080\"      | \".:\" is not an IP address or host name"})
  void badAddress_isReportedWithValueAndReason(String value, String why) {
    String shown = value.replace("\"", ""); // YAML quotes, needed around [
    assertThat(problems(edit("listen: 127.0.2.1:8080", "listen: " + value)))
        .containsExactly("pops[1].listen: bad address \"" + shown + "\": " + why);
  }

  @Test
  void portClash_isReportedOnTheLaterEndpoint() {
    assertThat(problems(edit("listen: 127.0.1.1:8080", "listen: 127.0.2.1:9080")))
        .containsExactly("pops[1].admin: port clash: 127.0.2.1:9080 is also pops[0].listen");
  }

  @Test
  void portClash_withAWildcardHostIsAClashOnAnyHost() {
    assertThat(problems(edit("listen: 127.0.0.1:5353", "listen: 0.0.0.0:9090")))
        .containsExactly("shields[0].admin: port clash: 127.0.0.1:9090 is also dns.listen");
    assertThat(problems(edit("listen: 127.0.0.1:8000", "listen: '[::]:8080'"))).containsExactly(
        "pops[0].listen: port clash: 127.0.1.1:8080 is also demo-origin.listen",
        "pops[1].listen: port clash: 127.0.2.1:8080 is also demo-origin.listen",
        "pops[2].listen: port clash: 127.0.3.1:8080 is also demo-origin.listen");
  }

  @Test
  void portClash_comparesIpv6InCanonicalForm() {
    String yaml = MINIMAL + "demo-origin: {listen: '[::1]:7000'}\n"
        + "shields:\n  - {name: s, listen: '[0:0::1]:7000', admin: 127.0.0.1:0,"
        + " cluster: 127.0.0.1:5702}\n";

    assertThat(problems(yaml))
        .containsExactly("shields[0].listen: port clash: [0:0::1]:7000 is also demo-origin.listen");
  }

  @Test
  void portZero_neverClashes() {
    valid(edit("listen: 127.0.0.1:8000", "listen: 127.0.0.1:0")
        .replace("admin: 127.0.0.1:9053", "admin: 127.0.0.1:0"));
  }

  @Test
  void clashes_areReportedOnTheLaterOneInFileOrder() {
    // PoPs come before shields in this file, so the shield is the later one.
    String yaml = MINIMAL + """
        shields:
          - {name: a, listen: 127.0.0.1:8080, admin: 127.0.0.1:9090, cluster: 127.0.0.1:5702}
        """;

    assertThat(problems(yaml)).containsExactly(
        "shields[0].name: duplicate node name \"a\" (also pops[0].name)",
        "shields[0].listen: port clash: 127.0.0.1:8080 is also pops[0].listen");
  }

  // ---- Names ----

  @Test
  void duplicatePopName_isReportedOnTheLaterOne() {
    assertThat(problems(edit("name: ap", "name: eu")))
        .containsExactly("pops[2].name: duplicate PoP name \"eu\" (also pops[1].name)");
  }

  @Test
  void duplicateShieldName_isReportedOnTheLaterOne() {
    String yaml = MINIMAL + """
        shields:
          - {name: s, listen: 127.0.0.1:8090, admin: 127.0.0.1:9090, cluster: 127.0.0.1:5702}
          - {name: s, listen: 127.0.0.1:8091, admin: 127.0.0.1:9091, cluster: 127.0.0.1:5703}
        """;

    assertThat(problems(yaml))
        .containsExactly("shields[1].name: duplicate shield name \"s\" (also shields[0].name)");
  }

  @Test
  void nodeNames_areUniqueAcrossPopsAndShields() {
    // ap, which the demo's latency matrix does not name, so that this is the only mistake.
    assertThat(problems(edit("name: ap", "name: shield")))
        .containsExactly("pops[2].name: duplicate node name \"shield\" (also shields[0].name)");
  }

  @ParameterizedTest
  @CsvSource({"pops[0].name, name: us, name: US", "pops[0].name, name: us, name: 1us",
      "sites[0].name, name: shop, name: my_shop", "cluster.name, name: edgecdn-demo, name: Demo"})
  void badName_isReported(String path, String line, String badLine) {
    String value = badLine.substring("name: ".length());
    assertThat(problems(edit(line, badLine))).containsExactly(
        path + ": bad name \"" + value + "\": use lower-case letters, digits and '-'");
  }

  // ---- Sites ----

  @Test
  void missingOrigin_isReportedForAnAbsentKeyAndAnEmptyList() {
    String line = "    origins: [http://127.0.0.1:8000]\n";
    String reason = "sites[0].origins: missing: a site needs at least one origin";

    assertThat(problems(edit(line, ""))).containsExactly(reason);
    assertThat(problems(edit(line, "    origins: []\n"))).containsExactly(reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ftp://127.0.0.1     | the scheme must be http or https, e.g. http://127.0.0.1:8000",
      "127.0.0.1:8000      | the scheme must be http or https, e.g. http://127.0.0.1:8000",
      "http:///x           | a host is required, e.g. http://example.com:8080",
      "http://o.example/a  | no path allowed (requests keep their own path)",
      "http://o.example?q  | no query allowed",
      "http://o.example#f  | no fragment allowed",
      "http://u:p@o.example | user info (user:password@) is not supported",
      "http://o.example:0  | port 0 is outside 1-65535",
      "http://1.2.3:80     | \"1.2.3\" is not an IP address or host name",
      "http://o_1.example  | \"o_1.example\" is not an IP address or host name",
      "http://a b          | Illegal character in authority at index 7"})
  void badOrigin_isReportedWithValueAndReason(String value, String why) {
    String yaml = edit("origins: [http://127.0.0.1:8000]",
        "origins: [http://127.0.0.1:8000, \"" + value + "\"]");
    assertThat(problems(yaml)).containsExactly(
        "sites[0].origins[1]: bad origin \"" + value + "\": " + why);
  }

  @Test
  void origins_mayBeHttpsWithIpv6AndATrailingSlash() {
    NetworkConfig config = valid(edit("origins: [http://127.0.0.1:8000]",
        "origins: ['https://[::1]:8443/', 'http://origin.example']"));

    assertThat(config.sites().get(0).origins()).containsExactly(
        URI.create("https://[::1]:8443/"), URI.create("http://origin.example"));
  }

  @Test
  void badDomainName_isReported() {
    assertThat(problems(edit("shop.example]", "shop..example]")))
        .containsExactly("sites[0].domains[1]: bad domain name \"shop..example\"");
    assertThat(problems(edit("zone: cdn.test", "zone: cdn_test")))
        .containsExactly("zone: bad domain name \"cdn_test\"");
  }

  @Test
  void domains_areStoredLowerCase() {
    assertThat(valid(edit("[www.shop.example", "[WWW.Shop.Example")).sites().get(0).domains())
        .containsExactly("www.shop.example", "shop.example");
  }

  @Test
  void domainClaimedByTwoSites_isReportedOnTheLaterSite() {
    String yaml = DEFAULT + """
          - name: shop2
            domains: [Shop.Example]
            origins: [http://127.0.0.1:8001]
          - name: shop
            domains: [www.shop.example, blog.example, blog.example]
            origins: [http://127.0.0.1:8002]
        """;

    assertThat(problems(yaml)).containsExactly(
        "sites[1].domains[0]: domain \"shop.example\" is also claimed by sites[0]",
        "sites[2].name: duplicate site name \"shop\" (also sites[0].name)",
        "sites[2].domains[0]: domain \"www.shop.example\" is also claimed by sites[0]",
        "sites[2].domains[2]: duplicate domain \"blog.example\" (also sites[2].domains[1])");
  }

  @Test
  void healthCheck_needsAnAbsolutePathAndADuration() {
    assertThat(problems(edit("{path: /healthz, interval: 5s}", "{path: healthz}")))
        .containsExactly(
            "sites[0].health-check.path: bad path \"healthz\": use an absolute path such as"
                + " /healthz",
            "sites[0].health-check.interval: missing (required)");
  }

  // ---- Types, ranges, formats ----

  @Test
  void isolationTimeout_isRead_andABadOneIsReported() {
    String shorter = edit("isolation-timeout: 10s", "isolation-timeout: 3s");
    ConfigResult result = NetworkConfigLoader.parse(shorter, "test.yaml", java.util.Map.of());

    assertThat(((ConfigResult.Valid) result).config().cluster().isolationTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(problems(edit("isolation-timeout: 10s", "isolation-timeout: soon")))
        .containsExactly("cluster.isolation-timeout: bad duration \"soon\": use e.g. 500ms, 2s, 1m");
  }

  @Test
  void wrongTypes_areReported() {
    String yaml = edit("zone: cdn.test", "zone: [cdn.test]")
        .replaceAll("(?m)^  # A node cut off.*\n^  # /healthz says.*\n^  isolation-timeout: 10s\n",
            "")
        .replace("cluster:\n  name: edgecdn-demo", "cluster: edgecdn-demo")
        .replace("lat: 39.04", "lat: north")
        .replace("domains: [www.shop.example, shop.example]", "domains: www.shop.example");

    assertThat(problems(yaml)).containsExactly(
        "zone: expected a string",
        "cluster: expected a mapping",
        "pops[0].location.lat: expected a number",
        "sites[0].domains: expected a list");
  }

  @Test
  void coordinates_mustBeOnTheGlobe() {
    String yaml = edit("lat: 39.04", "lat: 91").replace("lon: -0.13", "lon: -180.5");

    assertThat(problems(yaml)).containsExactly(
        "pops[0].location.lat: out of range: latitude must be within -90..90",
        "locations[4].lon: out of range: longitude must be within -180..180");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "127.0.1.0/33   | bad CIDR \"127.0.1.0/33\"",
      "127.0.1.0      | bad CIDR \"127.0.1.0\"",
      "127.0.1/24     | bad CIDR \"127.0.1/24\"",
      "2001:db8::/129 | bad CIDR \"2001:db8::/129\"",
      "127.0.1.9/24   | bad CIDR \"127.0.1.9/24\": host bits are set"})
  void badCidr_isReported(String value, String reason) {
    assertThat(problems(edit("cidr: 127.0.1.0/24", "cidr: " + value)))
        .containsExactly("locations[0].cidr: " + reason);
  }

  @Test
  void cidrs_acceptIpv6AndMustNotRepeat() {
    assertThat(valid(edit("cidr: 127.0.1.0/24", "cidr: '2001:db8::/32'")).locations().get(0).cidr())
        .isEqualTo("2001:db8::/32");
    assertThat(problems(edit("cidr: 127.0.2.0/24", "cidr: 127.0.1.0/24"))).containsExactly(
        "locations[1].cidr: duplicate CIDR \"127.0.1.0/24\" (also locations[0].cidr)");
  }

  @Test
  void countryAndRegion_haveAFixedShape() {
    String yaml = edit("country: FR", "country: France").replace("region: eu-west}", "region: EU}");

    assertThat(problems(yaml)).containsExactly(
        "locations[1].country: bad country \"France\": use a two-letter code such as US",
        "locations[1].region: bad region \"EU\": use lower-case letters, digits and '-'",
        "locations[4].region: bad region \"EU\": use lower-case letters, digits and '-'");
  }

  @ParameterizedTest
  @CsvSource({"2 s", "0s", "1w", "1H", "-1s", "1.5s", "20", "9999999999s"})
  void badDuration_isReported(String value) {
    assertThat(problems(edit("ttl: 20s", "ttl: " + value)))
        .containsExactly("dns.ttl: bad duration \"" + value + "\": use e.g. 500ms, 2s, 1m");
  }

  @Test
  void durations_acceptMillisecondsSecondsAndMinutes() {
    NetworkConfig config = valid(edit("connect-timeout: 2s", "connect-timeout: 250ms")
        .replace("response-timeout: 30s", "response-timeout: 2m"));

    assertThat(config.proxy().connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.proxy().responseTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void durations_acceptHoursAndDays() {
    NetworkConfig config = valid(edit("response-timeout: 30s", "response-timeout: 1h")
        .replace("ttl: 1d", "ttl: 30d"));

    assertThat(config.proxy().responseTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(config.sites().get(0).cache().rules().get(0).ttl())
        .contains(Duration.ofDays(30));
  }

  @Test
  void dnsTtl_isWholeSeconds() {
    assertThat(problems(edit("ttl: 20s", "ttl: 1500ms")))
        .containsExactly("dns.ttl: bad TTL \"1500ms\": DNS TTLs are whole seconds");
  }

  @Test
  void noPop_isReported() {
    int start = DEFAULT.indexOf("pops:\n");
    int end = DEFAULT.indexOf("\n\n", start);
    assertThat(problems(DEFAULT.substring(0, start) + "pops: []" + DEFAULT.substring(end)))
        .containsExactly("pops: at least one PoP is required");
  }

  // ---- Cache ----

  @Test
  void cacheSizes_acceptBinaryUnitsAndPlainBytes() {
    NetworkConfig config = valid(edit("edge-size: 256MiB", "edge-size: 1048576")
        .replace("shield-size: 1GiB", "shield-size: 2GiB")
        .replace("max-object-size: 8MiB", "max-object-size: 512KiB"));

    assertThat(config.cache()).isEqualTo(new CacheSection(1L << 20, 2L << 30, 512L << 10));
  }

  @Test
  void cacheSizes_omitted_keepTheirDefaults() {
    NetworkConfig config = valid(MINIMAL + "cache: {shield-size: 4GiB}\n");

    assertThat(config.cache()).isEqualTo(new CacheSection(256L << 20, 4L << 30, 8L << 20));
  }

  @ParameterizedTest
  @CsvSource({"256MB", "256 MiB", "256mib", "1.5GiB", "0", "0KiB", "-1MiB", "GiB",
      "99999999999999999999", "9999999999GiB"})
  void badSize_isReported(String value) {
    assertThat(problems(edit("edge-size: 256MiB", "edge-size: " + value)))
        .containsExactly("cache.edge-size: bad size \"" + value + "\": use e.g. 256MiB");
  }

  @Test
  void siteCache_omitted_isTheDefaults() {
    NetworkConfig config = valid(MINIMAL.replace("sites: []",
        "sites: [{name: s, domains: [s.example], origins: ['http://127.0.0.1:8000']}]"));

    assertThat(config.sites().get(0).cache()).isEqualTo(SiteCache.defaults());
    assertThat(SiteCache.defaults().droppedQueryParams())
        .isEqualTo(KeyPolicy.DEFAULT_DROPPED_QUERY_PARAMS);
    assertThat(SiteCache.defaults().heuristicFraction()).isEqualTo(0.1);
    assertThat(SiteCache.defaults().heuristicCap()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void siteCache_readsEveryKey() {
    SiteCache cache = valid(withShopCache("""
        cache:
          strip-set-cookie: true
          ignore-client-no-cache: true
          heuristic-fraction: 0.25
          heuristic-cap: 12h
          dropped-query-params: [utm_source, ref]
          unkeyed-headers: [X-Debug, x-trace-id]
          rules:
            - path: /static/*
              ttl: 1d
              force-ttl: true
            - path: /api/*/items
              query-keep-only: [page, id]
            - path: /cart*
              pass: true
            - path: /search
              query-ignore: [session]
        """)).sites().get(0).cache();

    assertThat(cache).isEqualTo(new SiteCache(true, true, 0.25, Duration.ofHours(12),
        List.of("utm_source", "ref"), List.of("x-debug", "x-trace-id"), List.of(
            new RuleSection("/static/*", Optional.of(Duration.ofDays(1)), true, Optional.empty(),
                List.of(), false),
            new RuleSection("/api/*/items", Optional.empty(), false,
                Optional.of(List.of("page", "id")), List.of(), false),
            new RuleSection("/cart*", Optional.empty(), false, Optional.empty(), List.of(), true),
            new RuleSection("/search", Optional.empty(), false, Optional.empty(),
                List.of("session"), false))));
  }

  @Test
  void siteCache_emptyListsMeanNone() {
    SiteCache cache = valid(withShopCache("""
        cache:
          dropped-query-params: []
          rules:
            - path: /api/*
              query-keep-only: []
        """)).sites().get(0).cache();

    assertThat(cache.droppedQueryParams()).isEmpty();
    assertThat(cache.rules().get(0).queryKeepOnly()).contains(List.of());
  }

  @Test
  void siteCache_unknownKeys_areReported() {
    assertThat(problems(withShopCache("""
        cache:
          max-age: 60
          rules:
            - path: /a
              ttl: 1m
              stale: 1m
        """))).containsExactly(
        "sites[0].cache.max-age: unknown key (expected one of: strip-set-cookie,"
            + " ignore-client-no-cache, heuristic-fraction, heuristic-cap, dropped-query-params,"
            + " unkeyed-headers, rules)",
        "sites[0].cache.rules[0].stale: unknown key (expected one of: path, ttl, force-ttl,"
            + " query-keep-only, query-ignore, pass)");
  }

  @Test
  void siteCache_badValues_areReported() {
    assertThat(problems(withShopCache("""
        cache:
          strip-set-cookie: yes
          heuristic-fraction: 1.5
          heuristic-cap: forever
          unkeyed-headers: [X Debug, Host, "X-Ok"]
        """))).containsExactly(
        "sites[0].cache.strip-set-cookie: expected true or false",
        "sites[0].cache.heuristic-fraction: out of range: heuristic-fraction must be within 0..1",
        "sites[0].cache.heuristic-cap: bad duration \"forever\": use e.g. 500ms, 2s, 1m",
        "sites[0].cache.unkeyed-headers[0]: bad header name \"X Debug\": use a token such as"
            + " X-Debug",
        "sites[0].cache.unkeyed-headers[1]: bad header name \"Host\": Host is always forwarded"
            + " and keyed");
  }

  @ParameterizedTest
  @CsvSource({"-0.1", "2", "!!float .nan"})
  void heuristicFraction_outsideZeroToOne_isReported(String value) {
    assertThat(problems(withShopCache("cache: {heuristic-fraction: " + value + "}\n")))
        .containsExactly(
            "sites[0].cache.heuristic-fraction: out of range: heuristic-fraction must be within"
                + " 0..1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "static/*   | start with / or *, e.g. /static/* or *.css",
      "index.html | start with / or *, e.g. /static/* or *.css",
      "/a?b=1     | a path only, without ?, #, spaces or bad %-escapes",
      "/a#top     | a path only, without ?, #, spaces or bad %-escapes",
      "/a b       | a path only, without ?, #, spaces or bad %-escapes",
      "/caf%e     | a path only, without ?, #, spaces or bad %-escapes"})
  void badPathPattern_isReported(String value, String why) {
    // Quoted: in a YAML flow mapping, ? and # have meanings of their own.
    assertThat(problems(withShopCache("cache: {rules: [{path: '" + value + "', pass: true}]}\n")))
        .containsExactly("sites[0].cache.rules[0].path: bad path pattern \"" + value + "\": "
            + why);
  }

  @Test
  void rules_contradictions_areReported() {
    assertThat(problems(withShopCache("""
        cache:
          rules:
            - path: /a
              force-ttl: true
            - path: /b
              ttl: 1h
              pass: true
            - path: /c
              query-keep-only: [page, id]
              query-ignore: [session, id]
            - path: /a
              pass: true
        """))).containsExactly(
        "sites[0].cache.rules[0].force-ttl: force-ttl needs a ttl to force",
        "sites[0].cache.rules[1].pass: contradicts ttl: a pass rule never stores anything",
        "sites[0].cache.rules[2].query-ignore[1]: \"id\" is also in query-keep-only: keep it or"
            + " ignore it, not both",
        "sites[0].cache.rules[3].path: duplicate rule path \"/a\" (also"
            + " sites[0].cache.rules[0].path)");
  }

  @Test
  void rules_badTtlAndQueryNames_areReported() {
    assertThat(problems(withShopCache("""
        cache:
          dropped-query-params: [utm_source, "a=b"]
          rules:
            - path: /a
              ttl: 1500ms
              force-ttl: true
            - path: /b
              query-keep-only: [page, "", "x y"]
              pass: 1
        """))).containsExactly(
        "sites[0].cache.dropped-query-params[1]: bad query parameter \"a=b\": a name without"
            + " =, &, ?, #, spaces or bad %-escapes",
        "sites[0].cache.rules[0].ttl: bad TTL \"1500ms\": cache TTLs are whole seconds",
        "sites[0].cache.rules[1].query-keep-only[1]: bad query parameter \"\": a name without"
            + " =, &, ?, #, spaces or bad %-escapes",
        "sites[0].cache.rules[1].query-keep-only[2]: bad query parameter \"x y\": a name"
            + " without =, &, ?, #, spaces or bad %-escapes",
        "sites[0].cache.rules[1].pass: expected true or false");
  }

  @Test
  void rules_problems_followFileOrderBelowTheIndexedDepth() {
    // List items under a rule are deeper than the order index: they rank where their list is.
    assertThat(problems(withShopCache("""
        cache:
          rules:
            - path: /b
              query-ignore: ["a b"]
              ttl: 1500ms
        """))).containsExactly(
        "sites[0].cache.rules[0].query-ignore[0]: bad query parameter \"a b\": a name without"
            + " =, &, ?, #, spaces or bad %-escapes",
        "sites[0].cache.rules[0].ttl: bad TTL \"1500ms\": cache TTLs are whole seconds");
  }

  // ---- Reporting ----

  @Test
  void severalProblems_areAllReportedInFileOrder() {
    String yaml = edit("zone: cdn.test", "zone: cdn..test")
        .replace("  response-timeout: 30s\n", "  response-timeout: 30s\n  retries: 3\n")
        .replace("listen: 127.0.1.1:8080", "listen: 127.0.1.1")
        .replace("name: ap", "name: eu")
        .replace("lat: 1.35", "lat: -95")
        .replace("cidr: 192.0.2.0/24", "cidr: 192.0.2.0/99")
        .replace("    origins: [http://127.0.0.1:8000]\n", "")
        .replace("interval: 5s", "interval: soon");

    assertThat(problems(yaml)).containsExactly(
        "zone: bad domain name \"cdn..test\"",
        "proxy.retries: unknown key (expected one of: connect-timeout, response-timeout, "
            + "head-timeout)",
        "pops[0].listen: bad address \"127.0.1.1\": expected host:port",
        "pops[2].name: duplicate PoP name \"eu\" (also pops[1].name)",
        "pops[2].location.lat: out of range: latitude must be within -90..90",
        "locations[3].cidr: bad CIDR \"192.0.2.0/99\"",
        "sites[0].health-check.interval: bad duration \"soon\": use e.g. 500ms, 2s, 1m",
        "sites[0].origins: missing: a site needs at least one origin");
  }

  @Test
  void fileOrder_followsTheFileNotTheSchema() {
    String yaml = """
        sites: oops
        pops: []
        zone: cdn.test
        cluster: {name: c}
        dns: {listen: 127.0.0.1:5353}
        """;

    assertThat(problems(yaml)).containsExactly(
        "sites: expected a list",
        "pops: at least one PoP is required",
        "dns.admin: missing (required)");
  }

  @Test
  void yamlSyntaxError_isOneProblemWithLineAndColumn() {
    assertThat(problems("zone: cdn.test\ncluster:\n  name: a: b\n")).containsExactly(
        "(yaml): mapping values are not allowed here (test.yaml, line 3, column 10)");
  }

  @Test
  void duplicateYamlKey_isASyntaxProblem() {
    assertThat(problems("zone: a\nzone: b\n")).containsExactly(
        "(yaml): while constructing a mapping: found duplicate key zone"
            + " (test.yaml, line 2, column 1)");
  }

  @Test
  void emptyFile_isOneProblem() {
    assertThat(problems("")).containsExactly("(yaml): the file is empty");
    assertThat(problems("# nothing yet\n")).containsExactly("(yaml): the file is empty");
  }

  @Test
  void topLevelList_isOneProblem() {
    assertThat(problems("- zone: cdn.test\n"))
        .containsExactly("(yaml): expected a mapping at the top level");
  }

  @Test
  void tooManyAliases_isRefused() {
    StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
    yaml.append("*a, ".repeat(60)).append("*a]\n");

    assertThat(problems(yaml.toString())).singleElement().asString().startsWith("(yaml): ");
  }

  @Test
  void load_readsAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("net.yaml"), DEFAULT);

    assertThat(NetworkConfigLoader.load(file)).isEqualTo(new ConfigResult.Valid(valid(DEFAULT)));
  }

  @Test
  void load_reportsAMissingFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThat(invalid(NetworkConfigLoader.load(file)))
        .containsExactly("(file): cannot read " + file + ": no such file");
  }

  // ---- Purge tokens and rate ----

  private static final String SHOP_TOKENS = "    purge-tokens:\n"
      + "      # The demo's token is public: set EDGECDN_SHOP_TOKEN for anything but a local"
      + " demo.\n"
      + "      - token: ${EDGECDN_SHOP_TOKEN:-demo-shop-token-change-me}\n"
      + "        scopes: [purge, purge_all, domains]\n";

  /** The default file with the shop's purge-tokens block replaced by {@code block}. */
  private static String withShopTokens(String block) {
    return edit(SHOP_TOKENS, block.isEmpty() ? "" : "    purge-tokens:\n" + block.indent(6));
  }

  private static List<PurgeTokenSection> shopTokens(NetworkConfig config) {
    return config.sites().get(0).purgeTokens();
  }

  @Test
  void purgeToken_fromTheEnvironment_replacesTheDefault() {
    NetworkConfig config = valid(DEFAULT, Map.of("EDGECDN_SHOP_TOKEN", "from-the-env-0123456789"));

    assertThat(shopTokens(config)).containsExactly(
        new PurgeTokenSection("from-the-env-0123456789", Set.of("purge", "purge_all", "domains")));
  }

  @Test
  void purgeToken_emptyVariableWithDefault_takesTheDefault_asAShellDoes() {
    NetworkConfig config = valid(DEFAULT, Map.of("EDGECDN_SHOP_TOKEN", ""));

    assertThat(shopTokens(config).get(0).token()).isEqualTo("demo-shop-token-change-me");
  }

  @Test
  void purgeToken_unsetVariableWithoutDefault_isAProblemNamingIt() {
    String yaml = withShopTokens("- token: ${EDGECDN_SHOP_TOKEN}\n  scopes: [purge]");

    assertThat(problems(yaml)).containsExactly(
        "sites[0].purge-tokens[0].token: environment variable EDGECDN_SHOP_TOKEN is not set");
    assertThat(shopTokens(valid(yaml, Map.of("EDGECDN_SHOP_TOKEN", "set-in-the-env-0123"))))
        .extracting(PurgeTokenSection::token).containsExactly("set-in-the-env-0123");
  }

  @Test
  void purgeToken_literalWithReferenceInside_isResolvedInPlace() {
    String yaml = withShopTokens("- token: shop-${SUFFIX}-token\n  scopes: [purge]");

    assertThat(shopTokens(valid(yaml, Map.of("SUFFIX", "0123456789"))).get(0).token())
        .isEqualTo("shop-0123456789-token");
  }

  @Test
  void purgeToken_badReference_isAProblem() {
    String yaml = withShopTokens("- token: ${EDGECDN SHOP}-0123456789abcdef\n  scopes: [purge]");

    assertThat(problems(yaml)).containsExactly("sites[0].purge-tokens[0].token: bad environment"
        + " reference: write ${NAME} or ${NAME:-default}");
  }

  @Test
  void purgeToken_shorterThan16Characters_isTooShort_withoutQuotingIt() {
    String yaml = withShopTokens("- token: short-token\n  scopes: [purge]");

    assertThat(problems(yaml)).containsExactly(
        "sites[0].purge-tokens[0].token: too short: a token needs at least 16 characters");
  }

  @Test
  void purgeToken_withASpace_isRefused() {
    String yaml = withShopTokens("- token: \"a token with spaces\"\n  scopes: [purge]");

    assertThat(problems(yaml)).containsExactly("sites[0].purge-tokens[0].token: bad token: use"
        + " visible ASCII characters only, without spaces");
  }

  @Test
  void purgeToken_unknownScope_isAProblem() {
    String yaml = withShopTokens("- token: shop-token-0123456789\n  scopes: [purge, admin]");

    assertThat(problems(yaml)).containsExactly("sites[0].purge-tokens[0].scopes[1]: unknown scope"
        + " \"admin\" (expected one of: purge, purge_all, domains)");
  }

  @Test
  void purgeToken_withoutScopes_isAProblem() {
    String reason = "missing: a token needs at least one scope (purge, purge_all, domains)";

    assertThat(problems(withShopTokens("- token: shop-token-0123456789")))
        .containsExactly("sites[0].purge-tokens[0].scopes: " + reason);
    assertThat(problems(withShopTokens("- token: shop-token-0123456789\n  scopes: []")))
        .containsExactly("sites[0].purge-tokens[0].scopes: " + reason);
  }

  @Test
  void purgeToken_unknownKey_isAProblem() {
    String yaml = withShopTokens("- token: shop-token-0123456789\n  scopes: [purge]\n  site: x");

    assertThat(problems(yaml)).containsExactly("sites[0].purge-tokens[0].site: unknown key"
        + " (expected one of: token, scopes)");
  }

  @Test
  void purgeToken_onTwoSites_isAProblemAtTheSecond_withoutQuotingIt() {
    String yaml = DEFAULT + """
          - name: blog
            domains: [blog.example]
            origins: [http://127.0.0.1:8001]
            purge-tokens:
              - token: ${EDGECDN_SHOP_TOKEN:-demo-shop-token-change-me}
                scopes: [purge]
        """;

    assertThat(problems(yaml)).containsExactly("sites[1].purge-tokens[0].token: the same token is"
        + " also given to another site (sites[0].purge-tokens[0].token): a token belongs to one"
        + " site");
  }

  @Test
  void purgeToken_twiceInOneSite_isADuplicate() {
    String yaml = withShopTokens("""
        - token: shop-token-0123456789
          scopes: [purge]
        - token: shop-token-0123456789
          scopes: [purge_all]""");

    assertThat(problems(yaml)).containsExactly(
        "sites[0].purge-tokens[1].token: duplicate token (also sites[0].purge-tokens[0].token)");
  }

  @Test
  void purgeTokens_areOptional() {
    assertThat(shopTokens(valid(withShopTokens("")))).isEmpty();
  }

  @Test
  void purgeTokenSection_toString_hidesTheToken() {
    assertThat(new PurgeTokenSection("shop-token-0123456789", Set.of("purge")).toString())
        .doesNotContain("shop-token-0123456789");
  }

  // ---- Operator token ----

  private static final String OPERATOR_TOKEN =
      "operator-token: ${EDGECDN_OPERATOR_TOKEN:-demo-operator-token-change-me}\n";

  private static String withOperatorToken(String line) {
    return edit(OPERATOR_TOKEN, line.isEmpty() ? "" : "operator-token: " + line + "\n");
  }

  @Test
  void operatorToken_fromTheEnvironment_replacesTheDefault() {
    NetworkConfig config = valid(DEFAULT,
        Map.of("EDGECDN_OPERATOR_TOKEN", "operator-from-env-0123456789"));

    assertThat(config.operatorToken().orElseThrow().token())
        .isEqualTo("operator-from-env-0123456789");
  }

  @Test
  void operatorToken_left_out_meansNone() {
    assertThat(valid(withOperatorToken("")).operatorToken()).isEmpty();
  }

  @Test
  void operatorToken_unsetVariableWithoutDefault_isAProblemNamingIt() {
    assertThat(problems(withOperatorToken("${EDGECDN_OPERATOR_TOKEN}"))).containsExactly(
        "operator-token: environment variable EDGECDN_OPERATOR_TOKEN is not set");
  }

  @Test
  void operatorToken_tooShortOrWithSpacesOrNotText_isAProblem_withoutQuotingIt() {
    assertThat(problems(withOperatorToken("short-token"))).containsExactly(
        "operator-token: too short: a token needs at least 16 characters");
    assertThat(problems(withOperatorToken("\"an operator token with spaces\""))).containsExactly(
        "operator-token: bad token: use visible ASCII characters only, without spaces");
    assertThat(problems(withOperatorToken("{token: operator-token-0123456789}")))
        .singleElement().asString().startsWith("operator-token: ")
        .doesNotContain("operator-token-0123456789");
  }

  @Test
  void operatorToken_sameAsAPurgeToken_isAProblem_soNoSiteCanStopAPop() {
    String yaml = withOperatorToken("${EDGECDN_SHOP_TOKEN:-demo-shop-token-change-me}");

    assertThat(problems(yaml)).containsExactly("operator-token: the same token is a purge token"
        + " (sites[0].purge-tokens[0].token): the operator's token must be its own, or a site"
        + " could stop PoPs");
  }

  @Test
  void operatorTokenSection_toString_hidesTheToken() {
    assertThat(new OperatorTokenSection("operator-token-0123456789").toString())
        .doesNotContain("operator-token-0123456789");
    assertThat(valid(DEFAULT).toString()).doesNotContain("demo-operator-token-change-me");
  }

  @Test
  void purgeSection_setsRateAndBurst() {
    NetworkConfig config = valid(edit("  rate: 20\n  burst: 50", "  rate: 0.5\n  burst: 3"));

    assertThat(config.purge()).isEqualTo(new PurgeSection(0.5, 3));
  }

  @Test
  void purgeSection_partial_keepsTheOtherDefault() {
    assertThat(valid(MINIMAL + "purge: {burst: 5}\n").purge()).isEqualTo(new PurgeSection(20, 5));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rate: 0|purge.rate: out of range: rate is purges per second per site, more than 0 and at"
          + " most 1000000",
      "rate: fast|purge.rate: expected a number",
      "burst: 0|purge.burst: out of range: burst must be within 1..1000000",
      "burst: 2.5|purge.burst: expected a whole number",
      "every: 1s|purge.every: unknown key (expected one of: rate, burst)"})
  void purgeSection_badValue_isAProblem(String entry, String problem) {
    assertThat(problems(MINIMAL + "purge: {" + entry + "}\n")).containsExactly(problem);
  }

  @Test
  void domainsSection_isOptional_withTheMachinesResolver() {
    assertThat(valid(MINIMAL).domains()).isEqualTo(NetworkConfig.DomainsSection.defaults());
  }

  @Test
  void domainsSection_setsResolverTimeoutAndRecheck() {
    NetworkConfig config = valid(MINIMAL
        + "domains: {resolver: '127.0.0.53:53', timeout: 500ms, recheck-interval: 5m}\n");

    assertThat(config.domains()).isEqualTo(new NetworkConfig.DomainsSection(
        Optional.of(new HostPort("127.0.0.53", 53)), Duration.ofMillis(500),
        Duration.ofMinutes(5)));
  }

  // ---- DNS steering: latency matrix and weights ----

  private static final String DEMO_LATENCY = "  latency:\n    eu-west: {eu: 11ms, us: 84ms}\n";

  /** The default file with the demo's latency rows replaced by {@code rows} (indented 4). */
  private static String withLatency(String rows) {
    return edit(DEMO_LATENCY, "  latency:\n" + rows.indent(4));
  }

  @Test
  void latency_numbersAndMillisecondTexts_areRead() {
    NetworkConfig config = valid(withLatency("""
        eu-west: {eu: 11, us: 84.5ms, ap: 0.8ms}
        us-east: {us: 0, eu: 80.25}
        """));

    assertThat(config.dns().latencyMs()).isEqualTo(Map.of(
        "eu-west", Map.of("eu", 11.0, "us", 84.5, "ap", 0.8),
        "us-east", Map.of("us", 0.0, "eu", 80.25)));
    assertThat(config.dns().latencyMs().keySet()).containsExactly("eu-west", "us-east");
  }

  @Test
  void latency_absent_isEmpty() {
    assertThat(valid(edit(DEMO_LATENCY, "")).dns().latencyMs()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "resolver: '127.0.0.1:0'|domains.resolver: the resolver needs a port (53 for a usual"
          + " resolver)",
      "timeout: 2m|domains.timeout: out of range: must be more than 0 and at most 60s",
      "recheck-interval: 2d|domains.recheck-interval: out of range: must be more than 0 and at"
          + " most 86400s",
      "every: 1s|domains.every: unknown key (expected one of: resolver, timeout,"
          + " recheck-interval, state-file)",
      "state-file: ' '|domains.state-file: empty: give a file path, or leave state-file out"})
  void domainsSection_badValue_isAProblem(String entry, String problem) {
    assertThat(problems(MINIMAL + "domains: {" + entry + "}\n")).containsExactly(problem);
  }

  @Test
  void purgeToken_domainsScope_isAccepted() {
    assertThat(valid(DEFAULT).sites().get(0).purgeTokens().get(0).scopes())
        .contains("domains");
  }

  // ---- DNS rate limiting ----

  private static final String DEMO_RATE_LIMIT = """
        rate-limit:
          enabled: true
          answers-per-second: 100
          errors-per-second: 20
          slip: 2
      """;

  /** The default file with the demo's rate-limit block replaced by {@code keys} (indented 4). */
  private static String withRateLimit(String keys) {
    return edit(DEMO_RATE_LIMIT, "  rate-limit:\n" + keys.indent(4));
  }

  @Test
  void rateLimit_demoFileAndOmitted_areTheDefaults() {
    assertThat(valid(DEFAULT).dns().rateLimit()).isEqualTo(RrlOptions.defaults());
    assertThat(valid(MINIMAL).dns().rateLimit()).isEqualTo(RrlOptions.defaults());
  }

  @Test
  void rateLimit_everyKey_isRead_andOmittedKeysKeepTheirDefault() {
    assertThat(valid(withRateLimit("answers-per-second: 500\nerrors-per-second: 5\nslip: 0"))
        .dns().rateLimit()).isEqualTo(new RrlOptions(true, 500, 5, 0));
    assertThat(valid(withRateLimit("enabled: false")).dns().rateLimit())
        .isEqualTo(RrlOptions.off());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "answers-per-second: -5|dns.rate-limit.answers-per-second: out of range:"
          + " answers-per-second must be within 1..1000000",
      "answers-per-second: 0|dns.rate-limit.answers-per-second: out of range:"
          + " answers-per-second must be within 1..1000000",
      "errors-per-second: -1|dns.rate-limit.errors-per-second: out of range:"
          + " errors-per-second must be within 1..1000000",
      "errors-per-second: 2.5|dns.rate-limit.errors-per-second: expected a whole number",
      "slip: -1|dns.rate-limit.slip: out of range: slip must be within 0..10",
      "slip: 11|dns.rate-limit.slip: out of range: slip must be within 0..10",
      "enabled: 'no'|dns.rate-limit.enabled: expected true or false",
      "burst: 5|dns.rate-limit.burst: unknown key (expected one of: enabled,"
          + " answers-per-second, errors-per-second, slip)"})
  void rateLimit_badValue_isReportedAtItsPath(String entry, String problem) {
    assertThat(problems(withRateLimit(entry))).containsExactly(problem);
  }

  // ---- DNS over TCP ----

  private static final String DEMO_TCP = """
        tcp:
          idle-timeout: 10s
          connections-per-client: 16
      """;

  @Test
  void dnsTcp_demoFileAndOmitted_areTheDefaults_andEachKeyIsRead() {
    assertThat(valid(DEFAULT).dns().tcp()).isEqualTo(TcpOptions.defaults());
    assertThat(valid(MINIMAL).dns().tcp()).isEqualTo(TcpOptions.defaults());
    assertThat(valid(edit(DEMO_TCP, "  tcp:\n    idle-timeout: 2500ms\n")).dns().tcp())
        .isEqualTo(new TcpOptions(Duration.ofMillis(2500), 16));
    assertThat(valid(edit(DEMO_TCP, "  tcp: {connections-per-client: 4}\n")).dns().tcp())
        .isEqualTo(new TcpOptions(Duration.ofSeconds(10), 4));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "idle-timeout: 30s|dns.tcp.idle-timeout: out of range: the idle timeout must be within"
          + " 100ms..10s",
      "idle-timeout: 10ms|dns.tcp.idle-timeout: out of range: the idle timeout must be within"
          + " 100ms..10s",
      "connections-per-client: 0|dns.tcp.connections-per-client: out of range:"
          + " connections-per-client must be within 1..65535",
      "keepalive: 5s|dns.tcp.keepalive: unknown key (expected one of: idle-timeout,"
          + " connections-per-client)"})
  void dnsTcp_badValue_isReportedAtItsPath(String entry, String problem) {
    assertThat(problems(edit(DEMO_TCP, "  tcp:\n" + entry.indent(4)))).containsExactly(problem);
  }

  @Test
  void rateLimit_notAMapping_isReported() {
    assertThat(problems(edit(DEMO_RATE_LIMIT, "  rate-limit: off\n")))
        .containsExactly("dns.rate-limit: expected a mapping");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-3      | out of range: an RTT must be a finite number of 0 ms or more",
      "-3ms    | out of range: an RTT must be a finite number of 0 ms or more",
      "!!float .nan | out of range: an RTT must be a finite number of 0 ms or more",
      "!!float .inf | out of range: an RTT must be a finite number of 0 ms or more",
      "fast    | expected an RTT in milliseconds, e.g. 12, 12ms or 0.8ms",
      "12 ms   | expected an RTT in milliseconds, e.g. 12, 12ms or 0.8ms",
      "0.012s  | expected an RTT in milliseconds, e.g. 12, 12ms or 0.8ms",
      "[12]    | expected an RTT in milliseconds, e.g. 12, 12ms or 0.8ms"})
  void latency_badRtt_isReportedAtItsPath(String value, String reason) {
    assertThat(problems(withLatency("eu-west: {eu: " + value + ", us: 84ms}")))
        .containsExactly("dns.latency.eu-west.eu: " + reason);
  }

  @Test
  void latency_unknownPop_isReportedWithThePops() {
    assertThat(problems(withLatency("eu-west: {eu: 11ms, mars: 3ms, shield: 1ms}")))
        .containsExactly(
            "dns.latency.eu-west.mars: unknown PoP \"mars\" (PoPs: us, eu, ap)",
            "dns.latency.eu-west.shield: unknown PoP \"shield\" (PoPs: us, eu, ap)");
  }

  @Test
  void latency_regionOfNoLocationRow_isReportedWithTheRegions() {
    assertThat(problems(withLatency("eu-wset: {eu: 11ms}"))).containsExactly(
        "dns.latency.eu-wset: no location row has region \"eu-wset\" (regions: us-east,"
            + " eu-west, ap-northeast, us-west, ap-southeast)");
  }

  @Test
  void latency_withoutLocations_everyRegionIsUnknown() {
    assertThat(problems(MINIMAL.replace("admin: 127.0.0.1:9053}",
        "admin: 127.0.0.1:9053, latency: {r: {a: 1}}}"))).containsExactly(
        "dns.latency.r: no location row has region \"r\" (there are no locations)");
  }

  @Test
  void latency_badShapes_areReported() {
    assertThat(problems(withLatency("EU: {eu: 11ms}\neu-west: 12ms\nus-east: {}"))).containsExactly(
        "dns.latency.EU: bad region \"EU\": use lower-case letters, digits and '-'",
        "dns.latency.eu-west: expected a mapping of PoP names to RTTs, e.g. {eu: 12ms, us: 85ms}",
        "dns.latency.us-east: no PoP listed: give the RTTs measured from this region, or leave"
            + " the region out to steer it by distance");
    assertThat(problems(edit(DEMO_LATENCY, "  latency: [eu-west]\n"))).containsExactly(
        "dns.latency: expected a mapping of client regions to RTTs by PoP, e.g."
            + " {eu-west: {eu: 12ms, us: 85ms}}");
  }

  @Test
  void latency_problemsFollowFileOrder_beforeThePops() {
    String yaml = withLatency("eu-west: {eu: -1}").replace("lat: 39.04", "lat: 91");

    assertThat(problems(yaml)).containsExactly(
        "dns.latency.eu-west.eu: out of range: an RTT must be a finite number of 0 ms or more",
        "pops[0].location.lat: out of range: latitude must be within -90..90");
  }

  @Test
  void latency_popNameItselfBad_notReportedTwice() {
    String yaml = edit("  - name: eu\n", "  - name: EU\n");

    assertThat(problems(yaml)).singleElement().asString().startsWith("pops[1].name: ");
  }

  @Test
  void weight_isRead_andDefaultsToOne() {
    NetworkConfig config = valid(edit("    location: {lat: 50.11, lon: 8.68, region: eu-central}\n",
        "    location: {lat: 50.11, lon: 8.68, region: eu-central}\n    weight: 2.5\n")
        .replace("    location: {lat: 1.35, lon: 103.82, region: ap-southeast}\n",
            "    location: {lat: 1.35, lon: 103.82, region: ap-southeast}\n    weight: 0\n"));

    assertThat(config.pops()).extracting(PopSection::weight).containsExactly(1.0, 2.5, 0.0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-1           | out of range: weight must be a finite number of 0 or more (0 drains the"
          + " PoP, 1 is the default)",
      "!!float .nan | out of range: weight must be a finite number of 0 or more (0 drains the"
          + " PoP, 1 is the default)",
      "!!float .inf | out of range: weight must be a finite number of 0 or more (0 drains the"
          + " PoP, 1 is the default)",
      "heavy        | expected a number"})
  void weight_badValue_isReportedAtItsPath(String value, String reason) {
    String yaml = edit("    location: {lat: 50.11, lon: 8.68, region: eu-central}\n",
        "    location: {lat: 50.11, lon: 8.68, region: eu-central}\n    weight: " + value + "\n");

    assertThat(problems(yaml)).containsExactly("pops[1].weight: " + reason);
  }

  @Test
  void llm_apiKeyFromTheEnvironment_isResolved_andNeverPrinted() {
    String yaml = edit("      # api-key: ${OPENAI_API_KEY}", "      api-key: ${OPENAI_API_KEY}");

    LlmSection llm = valid(yaml, Map.of("OPENAI_API_KEY", "sk-from-env")).sites().get(0).llm()
        .orElseThrow();

    assertThat(llm.apiKey()).contains("sk-from-env");
    assertThat(llm.toString()).doesNotContain("sk-from-env");
    assertThat(problems(yaml)).containsExactly(
        "sites[0].llm.api-key: environment variable OPENAI_API_KEY is not set");
  }

  @Test
  void llm_routesDefaultToTheThreeOpenAiRoutes() {
    NetworkConfig config = valid(withLlm("per-user: false"));

    LlmSection llm = config.sites().get(0).llm().orElseThrow();
    assertThat(llm.perUser()).isFalse();
    assertThat(llm.routes()).extracting(LlmRouteSection::path)
        .containsExactly("/v1/chat/completions", "/v1/completions", "/v1/embeddings");
  }

  @Test
  void llm_asyncRoute_withTaskTtlAndWebhook_isReadAndWrittenBack() {
    NetworkConfig config = valid(withLlm("routes: [{path: /v1/batch/chat/completions,"
        + " async: true, task-ttl: 2h, webhook: 'https://hooks.example.com/llm?site=s'},"
        + " {path: /v1/chat/completions}]"));

    List<LlmRouteSection> routes = config.sites().get(0).llm().orElseThrow().routes();
    assertThat(routes.get(0)).isEqualTo(new LlmRouteSection("/v1/batch/chat/completions", false,
        Duration.ofHours(1), true, Duration.ofHours(2),
        Optional.of(URI.create("https://hooks.example.com/llm?site=s"))));
    assertThat(routes.get(1).async()).isFalse();
    assertThat(routes.get(1).taskTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(routes.get(1).webhook()).isEmpty();
    assertThat(valid(NetworkConfigWriter.yaml(config))).isEqualTo(config);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "routes: [{path: /a, async: soon}]|sites[0].llm.routes[0].async: expected true or false",
      "routes: [{path: /a, task-ttl: 0s}]|sites[0].llm.routes[0].task-ttl: bad duration",
      "routes: [{path: /a, webhook: 'ftp://h/x'}]|sites[0].llm.routes[0].webhook: bad webhook"
          + " \"ftp://h/x\": use an http or https URL",
      "routes: [{path: /a, webhook: 'https://h/x#f'}]|sites[0].llm.routes[0].webhook: bad"
          + " webhook \"https://h/x#f\": no user info or fragment allowed",
      "routes: []|sites[0].llm.routes: at least one route is required",
      "routes: [{path: v1}]|sites[0].llm.routes[0].path: bad path \"v1\": use an absolute path"
          + " such as /healthz",
      "per-user: maybe|sites[0].llm.per-user: expected true or false",
      "provider: ftp://x|sites[0].llm.provider: bad origin \"ftp://x\": the scheme must be http",
      "temperature: 0|sites[0].llm.temperature: unknown key (expected one of: provider, api-key,"
          + " pass-through-client-key, per-user, per-user-headers, normalize-text, routes)"})
  void llm_badValue_isAProblem(String entry, String problem) {
    List<String> found = problems(withLlm(entry));

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith(problem);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "threshold: 0|sites[0].prefetch.threshold: out of range: threshold is a probability",
      "threshold: 1.5|sites[0].prefetch.threshold: out of range",
      "max-per-view: 2.5|sites[0].prefetch.max-per-view: expected a whole number within 0..20",
      "hints: early|sites[0].prefetch.hints: unknown hints \"early\" (expected one of: none,"
          + " link, early-hints, speculation-rules)",
      "share: regoin|sites[0].prefetch.share: unknown share \"regoin\" (expected one of: none,"
          + " region)",
      "share: [region]|sites[0].prefetch.share: expected",
      "weigh-size: sometimes|sites[0].prefetch.weigh-size: expected",
      "order: 2|sites[0].prefetch.order: unknown key",
      "half-life: 30s|sites[0].prefetch.half-life: out of range: the half-life must be within"
          + " 1m..30d",
      "half-life: 60d|sites[0].prefetch.half-life: out of range",
      "half-life: soon|sites[0].prefetch.half-life: bad duration",
      "half-life: 6|sites[0].prefetch.half-life: bad duration",
      "visit-timeout: 2d|sites[0].prefetch.visit-timeout: out of range: the visit timeout must"
          + " be within 1m..1d",
      "visit-timeout: 0m|sites[0].prefetch.visit-timeout: bad duration"})
  void prefetch_badValue_isAProblem(String entry, String problem) {
    List<String> found = problems(MINIMAL.replace("sites: []", "sites:\n  - {name: s,"
        + " domains: [s.example], origins: ['http://127.0.0.1:8000'], prefetch: {" + entry
        + "}}"));

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith(problem);
  }

  @Test
  void prefetchBudget_isReadAndWrittenBack_andDefaultsWhenAbsent() {
    assertThat(valid(MINIMAL).prefetchBudget())
        .isEqualTo(NetworkConfig.PrefetchBudgetSection.defaults());

    NetworkConfig config = valid(MINIMAL + "prefetch-budget: {requests-per-second: 10, "
        + "bytes-per-second: 2MiB, per-origin-requests-per-second: 0}\n");

    assertThat(config.prefetchBudget())
        .isEqualTo(new NetworkConfig.PrefetchBudgetSection(10, 2L << 20, 0));
    assertThat(valid(NetworkConfigWriter.yaml(config))).isEqualTo(config);
  }

  @Test
  void prefetchBudget_theOlderPerSiteName_isStillRead_butNotBesideTheNewOne() {
    assertThat(valid(MINIMAL + "prefetch-budget: {per-site-requests-per-second: 7}\n")
        .prefetchBudget().perOriginRequestsPerSecond()).isEqualTo(7);
    assertThat(problems(MINIMAL + "prefetch-budget: {per-site-requests-per-second: 7, "
        + "per-origin-requests-per-second: 9}\n")).containsExactly(
            "prefetch-budget.per-site-requests-per-second: the older name of "
                + "per-origin-requests-per-second: give one of the two");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "prefetch-budget: {requests-per-second: -1}|prefetch-budget.requests-per-second: out of",
      "prefetch-budget: {per-origin-requests-per-second: x}|prefetch-budget.per-origin-requests",
      "prefetch-budget: {bytes-per-second: 5 parsecs}|prefetch-budget.bytes-per-second:",
      "prefetch-budget: {rate: 5}|prefetch-budget.rate: unknown key",
      "prefetch-sharing: {interval: 10ms}|prefetch-sharing.interval: out of range",
      "prefetch-sharing: {interval: 2h}|prefetch-sharing.interval: out of range",
      "prefetch-sharing: {interval: soon}|prefetch-sharing.interval: bad duration",
      "prefetch-sharing: {every: 5s}|prefetch-sharing.every: unknown key"})
  void prefetchRootSection_badValue_isAProblem(String section, String problem) {
    List<String> found = problems(MINIMAL + section + "\n");

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith(problem);
  }

  @Test
  void prefetchSharing_intervalReadAndWrittenBack_30sWhenAbsent() {
    assertThat(valid(MINIMAL).prefetchSharing().interval()).isEqualTo(Duration.ofSeconds(30));

    NetworkConfig config = valid(MINIMAL + "prefetch-sharing: {interval: 5s}\n");

    assertThat(config.prefetchSharing().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(valid(NetworkConfigWriter.yaml(config))).isEqualTo(config);
  }

  @Test
  void prefetch_share_readAsGiven_noneWhenLeftOut() {
    NetworkConfig shared = withPrefetch("share: region");
    NetworkConfig plain = withPrefetch("threshold: 0.4");

    assertThat(shared.sites().get(0).prefetch().orElseThrow().share()).isEqualTo("region");
    assertThat(plain.sites().get(0).prefetch().orElseThrow().share()).isEqualTo("none");
  }

  @Test
  void prefetch_weighSize_onWhenLeftOut_offWhenSaid_andWrittenBack() {
    NetworkConfig plain = withPrefetch("threshold: 0.4");
    NetworkConfig off = withPrefetch("weigh-size: false");

    assertThat(plain.sites().get(0).prefetch().orElseThrow().weighSize()).isTrue();
    assertThat(off.sites().get(0).prefetch().orElseThrow().weighSize()).isFalse();
    assertThat(valid(NetworkConfigWriter.yaml(off))).isEqualTo(off);
  }

  @Test
  void prefetch_halfLifeAndVisitTimeout_readAndWrittenBack_defaultsWhenLeftOut() {
    PrefetchSection plain = withPrefetch("threshold: 0.4").sites().get(0).prefetch()
        .orElseThrow();
    NetworkConfig set = withPrefetch("half-life: 10m, visit-timeout: 45m");
    PrefetchSection given = set.sites().get(0).prefetch().orElseThrow();

    assertThat(plain.halfLife()).isEqualTo(Duration.ofHours(6));
    assertThat(plain.visitTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(given.halfLife()).isEqualTo(Duration.ofMinutes(10));
    assertThat(given.visitTimeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(valid(NetworkConfigWriter.yaml(set))).isEqualTo(set);
  }

  // ---- Helpers ----

  /** The minimal network with one site whose prefetch section is {@code {entries}}. */
  private static NetworkConfig withPrefetch(String entries) {
    return valid(MINIMAL.replace("sites: []", "sites:\n  - {name: s, domains: [s.example],"
        + " origins: ['http://127.0.0.1:8000'], prefetch: {" + entries + "}}"));
  }

  /** The minimal network with one site whose llm section is {@code {entries}}. */
  private static String withLlm(String entries) {
    return MINIMAL.replace("sites: []", "sites:\n  - {name: s, domains: [s.example], origins:"
        + " ['http://127.0.0.1:8000'], llm: {" + entries + "}}");
  }

  /** The default file with the shop's {@code cache:} block replaced by {@code block}. */
  private static String withShopCache(String block) {
    int at = DEFAULT.indexOf("    cache:\n      unkeyed-headers:");
    assertThat(at).isPositive();
    return DEFAULT.substring(0, at) + block.indent(4);
  }

  /** The default file with {@code from}, which must occur exactly once, replaced. */
  private static String edit(String from, String to) {
    assertThat(DEFAULT).containsOnlyOnce(from);
    return DEFAULT.replace(from, to);
  }

  private static NetworkConfig valid(String yaml) {
    return valid(yaml, Map.of());
  }

  /** Parsed with {@code env} as the whole environment, so no test depends on the real one. */
  private static NetworkConfig valid(String yaml, Map<String, String> env) {
    ConfigResult result = NetworkConfigLoader.parse(yaml, "test.yaml", env);
    assertThat(result).isInstanceOf(ConfigResult.Valid.class);
    return ((ConfigResult.Valid) result).config();
  }

  private static List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    return invalid(NetworkConfigLoader.parse(yaml, "test.yaml", env));
  }

  private static List<String> invalid(ConfigResult result) {
    assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) result).problems().stream().map(ConfigProblem::toString)
        .toList();
  }
}
