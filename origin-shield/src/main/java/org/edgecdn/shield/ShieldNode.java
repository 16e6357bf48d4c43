package org.edgecdn.shield;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpClientAgent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheSetup;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.cluster.NodeHealth;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.http.Site;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.forward.ForwardingHandler;
import org.edgecdn.http.forward.ForwardingPolicy;
import org.edgecdn.http.forward.UpstreamClients;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.http.node.NodeServers;
import org.edgecdn.http.node.TrafficPort;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.purge.NodePurging;

/**
 * The origin-facing tier. Edges send each key to one shield, so the shield sees a request once
 * for the whole network and is where origin protection lives: origin choice per site, passive
 * and active health ({@link OriginPool}, {@link OriginProbes}), the second cache level, and
 * request collapsing across edges (each edge collapses its own clients; the shield collapses
 * the edges, so N edges missing at once still make one origin fetch).
 *
 * <p>It keeps the forwarding headers of the edges it trusts (so origins see the real client),
 * and passes CDN-only response headers on, since edges need them.
 */
public final class ShieldNode {

  private final ShieldOptions options;
  private final NodeServers servers;
  private final SiteRouter router;
  private final HttpClientAgent client;
  private final OriginProbes probes;
  private final PrometheusMeterRegistry registry;

  /** The node's meters (cluster services register theirs here too). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private ShieldNode(ShieldOptions options, NodeServers servers, SiteRouter router,
      HttpClientAgent client, OriginProbes probes, PrometheusMeterRegistry registry) {
    this.router = router;
    this.registry = registry;
    this.options = options;
    this.servers = servers;
    this.client = client;
    this.probes = probes;
  }

  /**
   * Opens the traffic and admin ports and starts health probes. Fails with a
   * {@link BindFailure} naming the port when one cannot be opened.
   */
  public static Future<ShieldNode> start(Vertx vertx, ShieldOptions options, AccessLog accessLog,
      MemberSlot cluster) {
    return start(vertx, options, accessLog, cluster, CacheClock.system(), NodePurging.none());
  }

  /**
   * As {@link #start(Vertx, ShieldOptions, AccessLog, MemberSlot)}, with the cache's clock and the
   * node's part in purging.
   */
  public static Future<ShieldNode> start(Vertx vertx, ShieldOptions options, AccessLog accessLog,
      MemberSlot cluster, CacheClock clock, NodePurging purging) {
    NodeIdentity node = NodeIdentity.shield(options.name());
    PrometheusMeterRegistry registry = NodeRegistry.create();
    CaffeineStore store = new CaffeineStore(options.cache().maxBytes());
    Tags nodeTags = Tags.of("pop", node.name(), "tier", node.tier().wireName());
    store.bindTo(registry, nodeTags);
    HttpClientAgent client = UpstreamClients.create(vertx, options.connectTimeoutMillis(), null);
    Map<String, OriginPool> pools = new HashMap<>();
    OriginProbes probes = new OriginProbes(vertx, client, options.name());
    for (Site site : options.sites()) {
      OriginPool pool = new OriginPool(site, System::nanoTime);
      pools.put(site.name(), pool);
      for (OriginPool.OriginState origin : pool.origins()) {
        Gauge.builder("cdn.origin.up", origin, o -> o.isUp(System.nanoTime()) ? 1 : 0)
            .description("1 while the shield sends requests to the origin first (not ejected,"
                + " probes passing), else 0")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", site.name(),
                "origin", origin.upstream.name())
            .strongReference(true)
            .register(registry);
      }
    }
    ForwardingPolicy policy = new ForwardingPolicy(node, options.connectTimeoutMillis(),
        options.responseTimeoutMillis(), options.trustedPeers(), false);
    ForwardingHandler handler = new ForwardingHandler(client, options.sites(),
        new ShieldRoute(pools), policy, new NodeMetrics(registry, node), accessLog,
        Optional.of(new CacheSetup(store, options.cache(), clock, purging.generations())),
        purging.purgeMethod());
    handler.bindTo(registry, nodeTags);
    return NodeServers.start(vertx, "shield " + options.name(), options.listen(),
            options.admin(), handler, registry,
            () -> NodeHealth.report(node, cluster, purging.generations()), purging.adminApi(),
            nodeTags, options.headTimeout(), options.loops())
        .map(servers -> {
          pools.values().forEach(probes::watch);
          return new ShieldNode(options, servers, handler.siteRouter(), client, probes, registry);
        })
        .onFailure(error -> client.close());
  }

  public ShieldOptions options() {
    return options;
  }

  public int port() {
    return servers.port();
  }

  /**
   * The traffic port, which the operator may stop and start while the node keeps its cache,
   * cluster member and admin port ({@code NodeControlApi}).
   */
  public TrafficPort traffic() {
    return servers.traffic();
  }

  public int adminPort() {
    return servers.adminPort();
  }

  /** Which Host names this node admits; custom domains are set here while it runs. */
  public SiteRouter siteRouter() {
    return router;
  }

  /** Serves {@code prefix} and below on the admin port (APIs that need the cluster). */
  public void mountAdmin(String prefix, Handler<HttpServerRequest> handler) {
    servers.mountAdmin(prefix, handler);
  }

  public Future<Void> close() {
    probes.stop();
    return servers.close().eventually(client::close);
  }
}
