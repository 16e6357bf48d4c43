package org.edgecdn.launcher.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.dns.TcpOptions;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.http.node.NodeServers;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a network back as a network file that {@link NetworkConfigLoader} reads to the same
 * network: for handing a network built in code (a benchmark's, on free ports) to nodes started
 * as separate processes. Tokens are written as they are: keep the file private.
 */
public final class NetworkConfigWriter {

  private NetworkConfigWriter() {}

  public static String yaml(NetworkConfig config) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("zone", config.zone());
    root.put("cluster", map("name", config.cluster().name(),
        "isolation-timeout", millis(config.cluster().isolationTimeout())));
    config.operatorToken().ifPresent(token -> root.put("operator-token", token.token()));
    Map<String, Object> proxy = map("connect-timeout", millis(config.proxy().connectTimeout()),
        "response-timeout", millis(config.proxy().responseTimeout()));
    if (!config.proxy().headTimeout().equals(NodeServers.DEFAULT_HEAD_TIMEOUT)) {
      // Only when set: a file written for an older build (a bench's baseline jar) stays
      // readable by it.
      proxy.put("head-timeout", millis(config.proxy().headTimeout()));
    }
    root.put("proxy", proxy);
    root.put("access-log", accessLog(config.accessLog()));
    if (config.httpLoops() instanceof NetworkConfig.HttpLoops.Fixed fixed) {
      // Only when not auto, the default: as head-timeout, so a file written for an older build
      // (a bench's baseline jar) stays readable by it.
      root.put("http-loops", fixed.loops());
    }
    root.put("cache", map("edge-size", config.cache().edgeSizeBytes(),
        "shield-size", config.cache().shieldSizeBytes(),
        "max-object-size", config.cache().maxObjectBytes()));
    config.demoOrigin().ifPresent(origin ->
        root.put("demo-origin", map("listen", origin.toString())));
    Map<String, Object> dns = map("listen", config.dns().listen().toString(),
        "admin", config.dns().admin().toString(), "ttl", seconds(config.dns().ttl()));
    if (!config.dns().latencyMs().isEmpty()) {
      Map<String, Object> latency = new LinkedHashMap<>();
      config.dns().latencyMs().forEach((region, row) -> {
        Map<String, Object> rtts = new LinkedHashMap<>();
        row.forEach((pop, ms) -> rtts.put(pop, plain(ms) + "ms"));
        latency.put(region, rtts);
      });
      dns.put("latency", latency);
    }
    RrlOptions rateLimit = config.dns().rateLimit();
    if (!rateLimit.equals(RrlOptions.defaults())) {
      dns.put("rate-limit", map("enabled", rateLimit.enabled(),
          "answers-per-second", rateLimit.answersPerSecond(),
          "errors-per-second", rateLimit.errorsPerSecond(), "slip", rateLimit.slip()));
    }
    TcpOptions tcp = config.dns().tcp();
    if (!tcp.equals(TcpOptions.defaults())) {
      dns.put("tcp", map("idle-timeout", millis(tcp.idleTimeout()),
          "connections-per-client", tcp.connectionsPerClient()));
    }
    root.put("dns", dns);
    List<Object> shields = new ArrayList<>();
    for (NetworkConfig.ShieldSection shield : config.shields()) {
      shields.add(map("name", shield.name(), "listen", shield.listen().toString(),
          "admin", shield.admin().toString(), "cluster", shield.cluster().toString()));
    }
    root.put("shields", shields);
    List<Object> pops = new ArrayList<>();
    for (NetworkConfig.PopSection pop : config.pops()) {
      Map<String, Object> p = map("name", pop.name(), "listen", pop.listen().toString(),
          "admin", pop.admin().toString(), "cluster", pop.cluster().toString(),
          "location", map("lat", pop.location().lat(), "lon", pop.location().lon(),
              "region", pop.location().region()));
      if (pop.weight() != NetworkConfig.PopSection.DEFAULT_WEIGHT) {
        p.put("weight", pop.weight());
      }
      pops.add(p);
    }
    root.put("pops", pops);
    List<Object> locations = new ArrayList<>();
    for (NetworkConfig.LocationSection row : config.locations()) {
      locations.add(map("cidr", row.cidr(), "lat", row.lat(), "lon", row.lon(),
          "country", row.country(), "region", row.region()));
    }
    root.put("locations", locations);
    List<Object> sites = new ArrayList<>();
    for (NetworkConfig.SiteSection site : config.sites()) {
      sites.add(site(site));
    }
    root.put("sites", sites);
    root.put("purge", map("rate", config.purge().ratePerSecond(),
        "burst", config.purge().burst()));
    NetworkConfig.DomainsSection domains = config.domains();
    Map<String, Object> domainsOut = map(
        "resolver", domains.resolver().map(Object::toString).orElse("system"),
        "timeout", millis(domains.timeout()),
        "recheck-interval", millis(domains.recheckInterval()));
    domains.stateFile().ifPresent(f -> domainsOut.put("state-file", f));
    root.put("domains", domainsOut);
    NetworkConfig.PrefetchBudgetSection budget = config.prefetchBudget();
    root.put("prefetch-budget", map("requests-per-second", budget.requestsPerSecond(),
        "bytes-per-second", budget.bytesPerSecond(),
        "per-origin-requests-per-second", budget.perOriginRequestsPerSecond()));
    root.put("prefetch-sharing",
        map("interval", millis(config.prefetchSharing().interval())));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    return "# written by edgecdn\n" + new Yaml(options).dump(root);
  }

  private static Map<String, Object> site(NetworkConfig.SiteSection site) {
    Map<String, Object> out = map("name", site.name(), "domains", site.domains(),
        "origins", site.origins().stream().map(Object::toString).toList());
    site.healthCheck().ifPresent(check -> out.put("health-check",
        map("path", check.path(), "interval", millis(check.interval()))));
    NetworkConfig.SiteCache cache = site.cache();
    List<Object> rules = new ArrayList<>();
    for (NetworkConfig.RuleSection rule : cache.rules()) {
      Map<String, Object> r = map("path", rule.path());
      rule.ttl().ifPresent(ttl -> r.put("ttl", seconds(ttl)));
      if (rule.forceTtl()) {
        r.put("force-ttl", true);
      }
      rule.queryKeepOnly().ifPresent(keep -> r.put("query-keep-only", keep));
      if (!rule.queryIgnore().isEmpty()) {
        r.put("query-ignore", rule.queryIgnore());
      }
      if (rule.pass()) {
        r.put("pass", true);
      }
      rules.add(r);
    }
    out.put("cache", map("strip-set-cookie", cache.stripSetCookie(),
        "ignore-client-no-cache", cache.ignoreClientNoCache(),
        "heuristic-fraction", cache.heuristicFraction(),
        "heuristic-cap", seconds(cache.heuristicCap()),
        "dropped-query-params", cache.droppedQueryParams(),
        "unkeyed-headers", cache.unkeyedHeaders(),
        "rules", rules));
    List<Object> tokens = new ArrayList<>();
    for (NetworkConfig.PurgeTokenSection token : site.purgeTokens()) {
      tokens.add(map("token", token.token(), "scopes", token.scopes().stream().sorted().toList()));
    }
    if (!tokens.isEmpty()) {
      out.put("purge-tokens", tokens);
    }
    site.llm().ifPresent(llm -> {
      Map<String, Object> l = new LinkedHashMap<>();
      llm.provider().ifPresent(p -> l.put("provider", p.toString()));
      llm.apiKey().ifPresent(k -> l.put("api-key", k));
      l.put("pass-through-client-key", llm.passThroughClientKey());
      l.put("per-user", llm.perUser());
      l.put("per-user-headers", llm.perUserHeaders());
      l.put("normalize-text", llm.normalizeText());
      l.put("routes", llm.routes().stream().map(r -> {
        Map<String, Object> route = map("path", r.path(), "deterministic", r.deterministic(),
            "ttl", millis(r.ttl()), "async", r.async(), "task-ttl", millis(r.taskTtl()));
        r.webhook().ifPresent(w -> route.put("webhook", w.toString()));
        return (Object) route;
      }).toList());
      out.put("llm", l);
    });
    site.prefetch().ifPresent(pf -> {
      Map<String, Object> p = map("enabled", pf.enabled(), "threshold", pf.threshold(),
          "min-support", pf.minSupport(), "max-per-view", pf.maxPerView(), "hints", pf.hints());
      pf.sessionCookie().ifPresent(c -> p.put("session-cookie", c));
      if (!pf.share().equals(NetworkConfig.PrefetchSection.SHARE_NONE)) {
        p.put("share", pf.share());
      }
      if (!pf.weighSize()) {
        p.put("weigh-size", false);
      }
      if (!pf.halfLife().equals(NetworkConfig.PrefetchSection.DEFAULT_HALF_LIFE)) {
        p.put("half-life", millis(pf.halfLife()));
      }
      if (!pf.visitTimeout().equals(NetworkConfig.PrefetchSection.DEFAULT_VISIT_TIMEOUT)) {
        p.put("visit-timeout", millis(pf.visitTimeout()));
      }
      out.put("prefetch", p);
    });
    return out;
  }

  private static String accessLog(NetworkConfig.AccessLog log) {
    if (log instanceof NetworkConfig.AccessLog.ToFile file) {
      return file.path();
    }
    return log instanceof NetworkConfig.AccessLog.Stdout ? "stdout" : "off";
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }

  /** 12 for 12.0, 0.8 for 0.8: plain decimal text that reads back to the same double. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
