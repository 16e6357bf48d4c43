package org.edgecdn.edge;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cache.CacheSetup;
import org.edgecdn.cache.store.CaffeineStore;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.cluster.NodeHealth;
import org.edgecdn.cluster.predictor.HazelcastSnapshotStore;
import org.edgecdn.cluster.tasks.HazelcastTaskStore;
import org.edgecdn.cluster.tasks.TaskStore;
import org.edgecdn.edge.llm.LlmGateway;
import org.edgecdn.edge.prefetch.Hints;
import org.edgecdn.edge.prefetch.ModelSharing;
import org.edgecdn.edge.prefetch.PredictorApi;
import org.edgecdn.edge.prefetch.PrefetchOptions;
import org.edgecdn.edge.prefetch.Prefetcher;
import org.edgecdn.edge.prefetch.SpeculationRules;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.forward.ForwardingHandler;
import org.edgecdn.http.node.DirectAnswers;
import org.edgecdn.http.forward.ForwardingPolicy;
import org.edgecdn.http.forward.UpstreamClients;
import org.edgecdn.http.metrics.NodeMetrics;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.http.node.NodeServers;
import org.edgecdn.http.node.TrafficPort;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.purge.NodePurging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client-facing node: one PoP of the network. It admits requests for the sites it serves
 * (by Host), forwards each to the shield that owns its key (falling back to the next shield,
 * then to the origin) and answers with its {@code Cache-Status} member. Its admin port serves
 * {@code /healthz} and {@code /metrics}, and, with prefetch on, {@code /api/v1/predictor}.
 *
 * <p>The edge connects to shields from its own listen address when that is a specific IP, so a
 * shield can tell its edges (whose forwarding headers it trusts) from anyone else.
 */
public final class EdgeNode {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);

  /**
   * The share of the cache budget the prefetch area starts with (CaffeineStore); it then follows
   * need.
   */
  public static final double PREFETCH_SHARE = 0.1;

  private final EdgeOptions options;
  private final NodeServers servers;
  private final SiteRouter router;
  private final HttpClientAgent client;
  private final PrometheusMeterRegistry registry;
  private final Optional<Prefetcher> prefetcher;
  private final Optional<LlmGateway> llm;
  private final Optional<ModelSharing> sharing;
  private final DirectAnswers directAnswers;

  private EdgeNode(EdgeOptions options, NodeServers servers, SiteRouter router,
      HttpClientAgent client, PrometheusMeterRegistry registry, Optional<Prefetcher> prefetcher,
      Optional<LlmGateway> llm, Optional<ModelSharing> sharing, DirectAnswers directAnswers) {
    this.prefetcher = prefetcher;
    this.sharing = sharing;
    this.llm = llm;
    this.options = options;
    this.router = router;
    this.servers = servers;
    this.client = client;
    this.registry = registry;
    this.directAnswers = directAnswers;
  }

  /**
   * What the traffic port's HTTP/1 connections offer each request to before Vert.x sees it
   * (direct hits): tests ask it which requests it answers.
   */
  DirectAnswers directAnswers() {
    return directAnswers;
  }

  /** The node's meters (cluster services register theirs here too). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Opens the traffic and admin ports. Fails with a {@link BindFailure} naming the port when one
   * cannot be opened, having closed whatever it had opened.
   */
  public static Future<EdgeNode> start(Vertx vertx, EdgeOptions options, AccessLog accessLog,
      MemberSlot cluster) {
    return start(vertx, options, accessLog, cluster, CacheClock.system(), NodePurging.none());
  }

  /**
   * As {@link #start(Vertx, EdgeOptions, AccessLog, MemberSlot)}, with the cache's clock and the
   * node's part in purging.
   */
  public static Future<EdgeNode> start(Vertx vertx, EdgeOptions options, AccessLog accessLog,
      MemberSlot cluster, CacheClock clock, NodePurging purging) {
    return start(vertx, options, accessLog, cluster, clock, purging, PrefetchOptions.off());
  }

  /**
   * As {@link #start(Vertx, EdgeOptions, AccessLog, MemberSlot, CacheClock, NodePurging)}, with
   * Markov prefetch for the sites {@code prefetch} enables (its model and budget run on
   * {@code clock}).
   */
  public static Future<EdgeNode> start(Vertx vertx, EdgeOptions options, AccessLog accessLog,
      MemberSlot cluster, CacheClock clock, NodePurging purging, PrefetchOptions prefetch) {
    return start(vertx, options, accessLog, cluster, clock, purging, prefetch,
        new HazelcastTaskStore(vertx, () -> cluster.member().map(ClusterMember::hazelcast)));
  }

  /**
   * As {@link #start(Vertx, EdgeOptions, AccessLog, MemberSlot, CacheClock, NodePurging,
   * PrefetchOptions)}, with long LLM requests' tasks kept in {@code tasks} rather than in the
   * node's cluster member.
   */
  public static Future<EdgeNode> start(Vertx vertx, EdgeOptions options, AccessLog accessLog,
      MemberSlot cluster, CacheClock clock, NodePurging purging, PrefetchOptions prefetch,
      TaskStore tasks) {
    NodeIdentity node = NodeIdentity.edge(options.pop());
    PrometheusMeterRegistry registry = NodeRegistry.create();
    // With prefetch on, part of the budget holds prefetched pages until their first use.
    CaffeineStore store = new CaffeineStore(options.cache().maxBytes(),
        prefetch.anyEnabled() ? PREFETCH_SHARE : 0);
    Tags nodeTags = Tags.of("pop", node.name(), "tier", node.tier().wireName());
    store.bindTo(registry, nodeTags);
    HttpClientAgent client = UpstreamClients.create(vertx, options.connectTimeoutMillis(),
        options.listen());
    // An edge trusts no sender's forwarding headers: every sender is a client.
    ForwardingPolicy policy = new ForwardingPolicy(node, options.connectTimeoutMillis(),
        options.responseTimeoutMillis(), Set.of(), true);
    ForwardingHandler handler = new ForwardingHandler(client, options.sites(),
        new EdgeRoute(new ShieldSelector(options.shields())), policy,
        new NodeMetrics(registry, node), accessLog,
        Optional.of(new CacheSetup(store, options.cache(), clock, purging.generations())),
        purging.purgeMethod());
    handler.bindTo(registry, nodeTags);
    Optional<LlmGateway> llm = options.llm().isEmpty() ? Optional.empty()
        : Optional.of(new LlmGateway(vertx, client, options.llm(), purging.generations(), clock,
            registry, node.name(), options.llmCacheBytes(), tasks));
    llm.ifPresent(gateway -> {
      handler.addRoute(gateway.taskStatus());
      handler.addRoute(gateway);
    });
    Optional<Prefetcher> prefetcher = prefetch.anyEnabled()
        ? Optional.of(new Prefetcher(prefetch, client, clock, registry, node.name(),
            purging.generations()::appliedSeq))
        : Optional.empty();
    prefetcher.ifPresent(p -> {
      handler.observe(p);
      if (prefetch.sites().values().stream()
          .anyMatch(site -> site.enabled() && site.hints() == Hints.SPECULATION_RULES)) {
        handler.addRoute(new SpeculationRules(p));
      }
    });
    // Sites with share: region lend their counts to the region's other edges through the
    // node's cluster member, and borrow theirs.
    Optional<ModelSharing> sharing = prefetcher.flatMap(p -> sharing(vertx, prefetch, p,
        new HazelcastSnapshotStore(vertx, () -> cluster.member().map(ClusterMember::hazelcast)),
        registry, node.name()));
    return NodeServers.start(vertx, "edge " + options.pop(), options.listen(), options.admin(),
            handler, registry, () -> NodeHealth.report(node, cluster, purging.generations()),
            purging.adminApi(), nodeTags, options.headTimeout(), options.loops())
        .map(servers -> {
          prefetcher.ifPresent(p -> {
            String host = options.listen().host();
            p.target(SocketAddress.inetSocketAddress(servers.port(),
                host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host));
            servers.mountAdmin(PredictorApi.PREFIX, new PredictorApi(p));
          });
          llm.ifPresent(LlmGateway::start);
          sharing.ifPresent(ModelSharing::start);
          return new EdgeNode(options, servers, handler.siteRouter(), client, registry,
              prefetcher, llm, sharing, handler);
        })
        .onFailure(error -> client.close());
  }

  private static Optional<ModelSharing> sharing(Vertx vertx, PrefetchOptions prefetch,
      Prefetcher prefetcher, HazelcastSnapshotStore store, PrometheusMeterRegistry registry,
      String nodeName) {
    if (prefetch.sharingSites().isEmpty()) {
      return Optional.empty();
    }
    if (!prefetch.sharing().enabled()) {
      LOG.info("prefetch sharing: sites {} share with their region, but no other PoP is in"
          + " region '{}': counts stay this edge's own", prefetch.sharingSites(),
          prefetch.sharing().region());
      return Optional.empty();
    }
    return Optional.of(new ModelSharing(vertx, prefetcher.predictor(), prefetcher.clock(), store,
        prefetch.sharing(), prefetch.sharingSites(), registry, nodeName));
  }

  public EdgeOptions options() {
    return options;
  }

  /** The bound traffic port (differs from the configured one when that was 0). */
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

  /** The node's prefetcher, when a site has prefetch on. */
  public Optional<Prefetcher> prefetcher() {
    return prefetcher;
  }

  /** The node's part in sharing prefetch counts with its region, when a site shares. */
  public Optional<ModelSharing> sharing() {
    return sharing;
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
    llm.ifPresent(LlmGateway::close);
    sharing.ifPresent(ModelSharing::stop);
    return servers.close().eventually(client::close);
  }
}
