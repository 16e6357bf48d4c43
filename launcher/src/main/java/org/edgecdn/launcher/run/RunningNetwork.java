package org.edgecdn.launcher.run;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.edgecdn.cache.CacheClock;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.cluster.MemberSlot;
import org.edgecdn.cluster.domains.ClusterClient;
import org.edgecdn.cluster.domains.DomainWatcher;
import org.edgecdn.cluster.domains.HazelcastDomainRegistry;
import org.edgecdn.cluster.purge.ClusterPurging;
import org.edgecdn.dns.GeoDnsServer;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.health.EdgeProbes;
import org.edgecdn.dns.health.PopProbe;
import org.edgecdn.dns.health.ProbeOptions;
import org.edgecdn.edge.EdgeNode;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.accesslog.AccessLog;
import org.edgecdn.http.admin.AdminServer;
import org.edgecdn.http.metrics.NodeRegistry;
import org.edgecdn.http.node.NodeControlApi;
import org.edgecdn.http.site.SiteRouter;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfig.PopSection;
import org.edgecdn.launcher.config.NetworkConfig.ShieldSection;
import org.edgecdn.launcher.demo.DemoOrigin;
import org.edgecdn.launcher.demo.DemoOriginOptions;
import org.edgecdn.launcher.domains.DomainOnboarding;
import org.edgecdn.launcher.domains.DomainStateFile;
import org.edgecdn.launcher.domains.DomainsApi;
import org.edgecdn.purge.GenerationReplica;
import org.edgecdn.purge.NodePurging;
import org.edgecdn.purge.PurgeScoping;
import org.edgecdn.purge.api.PurgeApi;
import org.edgecdn.purge.api.PurgeMethodHandler;
import org.edgecdn.purge.api.PurgeRateLimiter;
import org.edgecdn.purge.api.PurgeTokens;
import org.edgecdn.shield.ShieldNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the parts of a network that a {@link Role} names, in dependency order, and stops them
 * in reverse.
 *
 * <p>Every port is opened before any cluster member starts: a port already in use is found in
 * milliseconds and reported as one line naming the node and the port, and whatever had started
 * is stopped again, so a failed start leaves nothing running. Cluster members start last, the
 * shields' first, so the first member becomes master at once and the others join it rather than
 * forming clusters of their own that would have to merge.
 */
public final class RunningNetwork {

  private static final Logger LOG = LoggerFactory.getLogger(RunningNetwork.class);

  private final List<StartedNode> nodes;
  private final Duration clusterFormation;
  private final List<ClusterMember> members;
  private final Vertx vertx;
  private final NodePlans plans;
  private final List<MemberSlotOf> slots;
  /** Members started by {@link #rejoinCluster}, closed with the network. */
  private final List<ClusterMember> rejoined = new ArrayList<>();

  private RunningNetwork(List<StartedNode> nodes, Duration clusterFormation,
      List<ClusterMember> members, Vertx vertx, NodePlans plans, List<MemberSlotOf> slots) {
    this.nodes = List.copyOf(nodes);
    this.clusterFormation = clusterFormation;
    this.members = List.copyOf(members);
    this.vertx = vertx;
    this.plans = plans;
    this.slots = List.copyOf(slots);
  }

  public static Future<RunningNetwork> start(Vertx vertx, NodePlans plans, Role role,
      AccessLog accessLog) {
    return new Starter(vertx, plans, accessLog).start(role);
  }

  public List<StartedNode> nodes() {
    return nodes;
  }

  /** Time from the first member's start until every member of this process was in. */
  public Duration clusterFormation() {
    return clusterFormation;
  }

  /** Members seen by this process's first cluster member, or 0 without one. */
  public int clusterSize() {
    return members.isEmpty() ? 0 : members.get(0).memberCount();
  }

  /** Stops everything, last started first; failures are logged, never stop the rest. */
  public Future<Void> close() {
    List<Future<Void>> extra = new ArrayList<>();
    synchronized (rejoined) {
      rejoined.forEach(member -> extra.add(member.close()));
    }
    return closeAll(nodes).eventually(() -> Future.join(extra).mapEmpty());
  }

  // ---- fault injection (benchmarks and tests) ----

  /**
   * Kills this process's part of the network the hard way: cluster members terminate without
   * a goodbye (as a crashed process's would), traffic and admin ports close.
   */
  public Future<Void> kill() {
    return vertx.executeBlocking(() -> {
      for (MemberSlotOf slot : slots) {
        slot.purging.close();
        slot.slot().member().ifPresent(m -> m.hazelcast().getLifecycleService().terminate());
      }
      return null;
    }, false).compose(v -> closeAll(nodes.stream()
        .filter(node -> !node.kind().equals("cluster")).toList()));
  }

  /**
   * Cuts {@code node} off from the cluster while it keeps serving HTTP: its member stops
   * abruptly, so it receives no purge until it rejoins (a fault switch in the cluster layer,
   * standing in for a network partition).
   */
  public Future<Void> cutFromCluster(String node) {
    MemberSlotOf slot = slot(node);
    return vertx.executeBlocking(() -> {
      slot.purging.replica().connected(false);
      slot.slot().member().ifPresent(m -> m.hazelcast().getLifecycleService().terminate());
      return null;
    }, false);
  }

  /** Brings {@code node} back into the cluster; it catches up before trusting its cache. */
  public Future<Void> rejoinCluster(String node) {
    MemberSlotOf slot = slot(node);
    return ClusterMember.start(vertx, plans.cluster(node)).map(member -> {
      synchronized (rejoined) {
        rejoined.add(member);
      }
      slot.slot().fill(member);
      slot.purging.attach(member, slot.registry);
      return null;
    });
  }

  /** The generation replica of {@code node}, to watch its state. */
  public GenerationReplica replica(String node) {
    return slot(node).purging.replica();
  }

  private MemberSlotOf slot(String node) {
    return slots.stream().filter(s -> s.name().equals(node)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no cluster node " + node + " here"));
  }

  static Future<Void> closeAll(List<StartedNode> started) {
    List<StartedNode> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    // One at a time, members last (they start last): a member leaving while the others leave
    // too makes them suspect each other and wait out partition migrations; in turn, each
    // graceful leave takes a few hundred milliseconds.
    Future<Void> chain = Future.succeededFuture();
    for (StartedNode node : reversed) {
      chain = chain.eventually(() -> quietly(node));
    }
    return chain;
  }

  private static Future<Void> quietly(StartedNode node) {
    long started = System.nanoTime();
    return node.close().get().onComplete(done -> {
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (millis > 500) {
        LOG.info("{} {}: took {} ms to stop", node.kind(), node.name(), millis);
      }
    }).recover(error -> {
      LOG.warn("{} {}: did not stop cleanly: {}", node.kind(), node.name(), error.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Runs one start; collects what started so a failure can undo it. */
  private static final class Starter {
    private final Vertx vertx;
    private final NodePlans plans;
    private final AccessLog accessLog;
    private final List<StartedNode> started = new ArrayList<>();
    private final List<ClusterMember> members = new ArrayList<>();
    private final Supplier<Future<?>> dnsStep = this::startDns;
    private final PrometheusMeterRegistry dnsRegistry = NodeRegistry.create();
    private final AtomicReference<PopHealth> popHealth =
        new AtomicReference<>(PopHealth.allHealthy());
    /** Every node of this process with a cluster member, as soon as it is planned. */
    private final List<MemberSlotOf> planned = new ArrayList<>();
    private boolean dnsAlone;

    Starter(Vertx vertx, NodePlans plans, AccessLog accessLog) {
      this.vertx = vertx;
      this.plans = plans;
      this.accessLog = accessLog;
    }

    Future<RunningNetwork> start(Role role) {
      NetworkConfig config = plans.config();
      List<Supplier<Future<?>>> steps = new ArrayList<>();
      List<MemberSlotOf> slots = new ArrayList<>();
      if (role instanceof Role.WholeNetwork) {
        config.demoOrigin().ifPresent(origin -> steps.add(() -> startDemoOrigin(origin)));
        steps.add(dnsStep);
        for (ShieldSection shield : config.shields()) {
          MemberSlotOf slot = new MemberSlotOf(shield.name(), purging(shield.name()));
          slots.add(slot);
          steps.add(() -> startShield(shield, slot));
        }
        for (PopSection pop : config.pops()) {
          MemberSlotOf slot = new MemberSlotOf(pop.name(), purging(pop.name()));
          slots.add(slot);
          steps.add(() -> startEdge(pop, slot));
        }
      } else if (role instanceof Role.Edge edge) {
        PopSection pop = plans.pop(edge.pop()).orElseThrow(() ->
            new IllegalArgumentException("no PoP named " + edge.pop() + " in the config"));
        MemberSlotOf slot = new MemberSlotOf(pop.name(), purging(pop.name()));
        slots.add(slot);
        steps.add(() -> startEdge(pop, slot));
      } else if (role instanceof Role.Shield shield) {
        ShieldSection section = plans.shieldSection(shield.name()).orElseThrow(() ->
            new IllegalArgumentException("no shield named " + shield.name() + " in the config"));
        MemberSlotOf slot = new MemberSlotOf(section.name(), purging(section.name()));
        slots.add(slot);
        steps.add(() -> startShield(section, slot));
      } else if (role instanceof Role.DemoOrigin) {
        HostPort origin = config.demoOrigin().orElseThrow(() ->
            new IllegalArgumentException("the config has no demo-origin"));
        steps.add(() -> startDemoOrigin(origin));
      } else {
        dnsAlone = true;
        steps.add(dnsStep);
      }
      planned.addAll(slots);
      if (!planned.isEmpty()) {
        steps.add(this::startDomainRechecks);
      }
      if (steps.contains(dnsStep)) {
        // Probes start once the edges' admin ports are open (their bound ports are known then).
        steps.add(this::startProbes);
      }
      Future<?> chain = Future.succeededFuture();
      for (Supplier<Future<?>> step : steps) {
        chain = chain.compose(ignored -> step.get());
      }
      long[] clusterStart = new long[1];
      return chain
          .compose(ignored -> {
            clusterStart[0] = System.nanoTime();
            return startMembers(slots);
          })
          .map(ignored -> new RunningNetwork(started,
              Duration.ofNanos(System.nanoTime() - clusterStart[0]), members, vertx, plans,
              slots))
          .recover(error -> closeAll(started).transform(ignored -> Future.failedFuture(error)));
    }

    /** The first member alone (it becomes master), then the rest together. */
    private Future<Void> startMembers(List<MemberSlotOf> slots) {
      this.slots = slots;
      if (slots.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<Void> first = startMember(slots.get(0));
      return first.compose(ignored -> Future.all(
          slots.subList(1, slots.size()).stream().map(this::startMember).toList()).mapEmpty());
    }

    private List<MemberSlotOf> slots = List.of();

    private Future<Void> startMember(MemberSlotOf slot) {
      var options = plans.cluster(slot.name());
      return ClusterMember.start(vertx, options).map(member -> {
        slot.slot().fill(member);
        slot.purging.attach(member, slot.registry);
        synchronized (members) {
          members.add(member);
        }
        // When this process holds the whole cluster, members stop together: a graceful leave
        // would only wait for partition owners that are leaving too.
        boolean wholeCluster = plans.clusterNodeNames().size() == slots.size();
        started.add(new StartedNode("cluster", slot.name(), options.bind().toString(), "",
            () -> {
              slot.purging.close();
              return wholeCluster ? member.terminate() : member.close();
            }));
        return null;
      });
    }

    private Future<?> startDemoOrigin(HostPort address) {
      return DemoOrigin.start(vertx, DemoOriginOptions.defaults(address.host(), address.port()))
          .onSuccess(origin -> started.add(new StartedNode("origin", "demo",
              "http://" + address.withPort(origin.port()), "", origin::close)));
    }

    /**
     * Active probes of every edge's /healthz for the DNS: edges started here are probed on
     * their bound admin ports, edges of other processes on their configured ones.
     */
    private Future<?> startProbes() {
      List<PopProbe> probes = new ArrayList<>();
      for (PopSection pop : plans.config().pops()) {
        HostPort admin = started.stream()
            .filter(node -> node.kind().equals("edge") && node.name().equals(pop.name()))
            .findFirst()
            .map(node -> HostPort.parse(node.admin().substring("http://".length())))
            .orElse(pop.admin());
        if (admin.port() > 0) {
          probes.add(new PopProbe(pop.name(), admin.host(), admin.port()));
        }
      }
      EdgeProbes edgeProbes = EdgeProbes.start(vertx, probes, ProbeOptions.defaults(),
          dnsRegistry);
      popHealth.set(edgeProbes);
      started.add(new StartedNode("probes", "dns", "", "", edgeProbes::close));
      return Future.succeededFuture();
    }

    private Future<?> startDns() {
      PrometheusMeterRegistry registry = dnsRegistry;
      HostPort admin = plans.config().dns().admin();
      // Every PoP counts as healthy until the probes start, right after the edges.
      PopHealth health = pop -> popHealth.get().isHealthy(pop);
      return GeoDnsServer.start(vertx, plans.dns(), health, registry)
          .compose(dns -> {
            HostPort listen = plans.config().dns().listen().withPort(dns.port());
            started.add(new StartedNode("dns", "dns", listen + " udp+tcp", "", dns::close));
            return AdminServer.start(vertx, "dns", admin, registry,
                    () -> new JsonObject().put("status", "ok").put("node", "dns"))
                .onSuccess(adminServer -> {
                  int last = started.size() - 1;
                  started.set(last, new StartedNode("dns", "dns", listen + " udp+tcp",
                      "http://" + admin.withPort(adminServer.port()),
                      () -> adminServer.close().eventually(dns::close)));
                })
                .compose(adminServer -> watchDomainsForDns(dns));
          });
    }

    /**
     * Keeps the DNS's custom domains current: from a member of this process when it has one
     * (the whole network), else through a cluster client ({@code cdn dns} on its own).
     */
    private Future<?> watchDomainsForDns(GeoDnsServer dns) {
      Future<Supplier<Optional<HazelcastInstance>>> source;
      if (dnsAlone) {
        source = ClusterClient.start(vertx, plans.config().cluster().name(), "dns",
                plans.clusterMembers())
            .map(client -> {
              started.add(new StartedNode("cluster-client", "dns", "", "", client::close));
              return () -> client.connected() ? Optional.of(client.hazelcast())
                  : Optional.empty();
            });
      } else {
        source = Future.succeededFuture(() -> planned.stream()
            .map(slot -> slot.slot().member()).flatMap(Optional::stream)
            .filter(ClusterMember::isRunning).findFirst().map(ClusterMember::hazelcast));
      }
      return source.map(instance -> {
        DomainWatcher watcher = new DomainWatcher(vertx,
            new HazelcastDomainRegistry(vertx, instance), "dns", dns::replaceCustomDomains)
            .start();
        started.add(new StartedNode("domains", "dns", "", "", () -> {
          watcher.stop();
          return Future.succeededFuture();
        }));
        return watcher;
      });
    }

    /** The custom domains as the node of {@code slot} reads them: through its own member. */
    private HazelcastDomainRegistry domainRegistry(MemberSlotOf slot) {
      return new HazelcastDomainRegistry(vertx,
          () -> slot.slot().member().map(ClusterMember::hazelcast));
    }

    /** Keeps {@code router} serving the active custom domains; stopped with the node. */
    private Runnable watchDomains(MemberSlotOf slot, String node, SiteRouter router) {
      DomainWatcher watcher = new DomainWatcher(vertx, domainRegistry(slot), node,
          router::replaceCustomDomains).start();
      return watcher::stop;
    }

    /**
     * Checks pending custom domains again every {@code domains.recheck-interval}, once per
     * process, through the first node's member.
     */
    private Future<?> startDomainRechecks() {
      DomainOnboarding onboarding = plans.domainOnboarding(domainRegistry(planned.get(0)));
      long interval = plans.config().domains().recheckInterval().toMillis();
      long timer = vertx.setPeriodic(interval, id -> onboarding.recheckPending()
          .onFailure(e -> LOG.debug("custom domains: recheck skipped: {}", e.getMessage())));
      Optional<DomainStateFile> stateFile = plans.config().domains().stateFile()
          .map(path -> new DomainStateFile(vertx, domainRegistry(planned.get(0)), Path.of(path))
              .start());
      started.add(new StartedNode("domains", "rechecks", "", "", () -> {
        vertx.cancelTimer(timer);
        stateFile.ifPresent(DomainStateFile::stop);
        return Future.succeededFuture();
      }));
      return Future.succeededFuture();
    }

    /** A node's purge state, from before its member joins (it distrusts until caught up). */
    private ClusterPurging purging(String node) {
      return new ClusterPurging(vertx, node, plans.clusterNodeNames(),
          new PurgeScoping(plans.sites()), System::currentTimeMillis,
          plans.config().cluster().isolationTimeout().toMillis());
    }

    private Future<?> startShield(ShieldSection section, MemberSlotOf slot) {
      NodePurging purging = new NodePurging(slot.purging.replica(), Optional.empty(),
          Optional.empty());
      return ShieldNode.start(vertx, plans.shield(section), accessLog, slot.slot(),
              CacheClock.system(), purging)
          .onSuccess(shield -> slot.registry = shield.registry())
          .onSuccess(shield -> {
            shield.mountAdmin(NodeControlApi.PATH, new NodeControlApi(
                "shield " + section.name(), shield.traffic(), plans.operatorToken()));
            Runnable stopWatching = watchDomains(slot, "shield " + section.name(),
                shield.siteRouter());
            started.add(new StartedNode("shield", section.name(),
                "http://" + section.listen().withPort(shield.port()),
                "http://" + section.admin().withPort(shield.adminPort()), () -> {
                  stopWatching.run();
                  return shield.close();
                }));
          });
    }

    private Future<?> startEdge(PopSection pop, MemberSlotOf slot) {
      // An edge takes purges: the JSON API on its admin port, PURGE on its traffic port. Both
      // share one rate limit per site.
      var limits = plans.config().purge();
      PurgeRateLimiter limiter = plans.rateLimits()
          ? new PurgeRateLimiter(limits.ratePerSecond(), limits.burst(), System::nanoTime)
          : new PurgeRateLimiter(1e9, Integer.MAX_VALUE, System::nanoTime);
      PurgeTokens tokens = plans.purgeTokens();
      PurgeMethodHandler purgeMethod = new PurgeMethodHandler(tokens, limiter, slot.purging,
          pop.name());
      NodePurging purging = new NodePurging(slot.purging.replica(),
          Optional.of(new PurgeApi(plans.sites(), tokens, limiter, slot.purging, pop.name())),
          Optional.of(purgeMethod::handle));
      return EdgeNode.start(vertx, plans.edge(pop), accessLog, slot.slot(), CacheClock.system(),
              purging, plans.prefetch(pop))
          .onSuccess(edge -> slot.registry = edge.registry())
          .onSuccess(edge -> {
            // Custom domains: the edge admits them, and its admin port onboards them.
            Runnable stopWatching = watchDomains(slot, "edge " + pop.name(), edge.siteRouter());
            edge.mountAdmin(DomainsApi.PATH, new DomainsApi(
                plans.domainOnboarding(domainRegistry(slot)), tokens));
            // The operator may take the PoP out of service and back (docs/operations.md).
            edge.mountAdmin(NodeControlApi.PATH, new NodeControlApi("edge " + pop.name(),
                edge.traffic(), plans.operatorToken()));
            started.add(new StartedNode("edge", pop.name(),
                "http://" + pop.listen().withPort(edge.port()),
                "http://" + pop.admin().withPort(edge.adminPort()), () -> {
                  stopWatching.run();
                  return edge.close();
                }));
          });
    }
  }

  /**
   * A node waiting for its cluster member, which joins after the node's ports are open, and
   * its purge bus, which starts on the member.
   */
  private static final class MemberSlotOf {
    final String name;
    final MemberSlot slot = new MemberSlot();
    final ClusterPurging purging;
    volatile MeterRegistry registry;

    MemberSlotOf(String name, ClusterPurging purging) {
      this.name = name;
      this.purging = purging;
    }

    String name() {
      return name;
    }

    MemberSlot slot() {
      return slot;
    }
  }
}
