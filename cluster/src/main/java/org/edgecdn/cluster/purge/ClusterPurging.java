package org.edgecdn.cluster.purge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.edgecdn.cluster.ClusterMember;
import org.edgecdn.purge.GenerationReplica;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeReceipt;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeStatus;

/**
 * One node's part in cluster purging, from before its cluster member exists: the generation
 * replica its cache reads from the start (distrusting until the first catch-up), and the
 * purge service its API calls, which answers "not joined yet" until the member has joined and
 * the {@link HazelcastPurgeBus} is attached.
 */
public final class ClusterPurging implements PurgeService {

  /** How long a node may be cut off before it distrusts its cache (DESIGN §5). */
  public static final long DEFAULT_ISOLATION_TIMEOUT_MILLIS = 10_000;
  /** Hazelcast's failure detection delay (max.no.heartbeat), counted into the timeout. */
  static final long DETECTION_MILLIS = 5_000;

  private final Vertx vertx;
  private final String nodeName;
  private final List<String> allNodes;
  private final GenerationReplica replica;
  private final Function<PurgeCommand, List<String>> scoper;
  private final LongSupplier clockMillis;
  private volatile HazelcastPurgeBus bus;
  private volatile ClusterMember member;

  /**
   * @param isolationTimeoutMillis from the cut to distrust; Hazelcast needs part of it to
   *     notice the cut, the replica's own timer the rest
   */
  public ClusterPurging(Vertx vertx, String nodeName, List<String> allNodes,
      Function<PurgeCommand, List<String>> scoper, LongSupplier clockMillis,
      long isolationTimeoutMillis) {
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.allNodes = List.copyOf(allNodes);
    this.scoper = scoper;
    this.clockMillis = clockMillis;
    this.replica = new GenerationReplica(clockMillis,
        Math.max(0, isolationTimeoutMillis - DETECTION_MILLIS), true);
  }

  public GenerationReplica replica() {
    return replica;
  }

  /**
   * The member has joined: start the bus on it, registering its meters in {@code registry}, and
   * the node's cluster gauges: {@code cdn_cluster_members} (members this node sees, itself
   * included; 0 while it has none), {@code cdn_purge_pending} (purges known to exist but not yet
   * applied here) and {@code cdn_purge_failsafe} (1 while the cache is distrusted: cut off or
   * catching up).
   */
  public HazelcastPurgeBus attach(ClusterMember member, MeterRegistry registry) {
    this.member = member;
    // Registering again (a rejoin) finds the same gauges, which read the fields of this object.
    Gauge.builder("cdn.cluster.members", this, ClusterPurging::memberCount)
        .description("Cluster members this node sees, itself included")
        .tag("pop", nodeName).register(registry);
    Gauge.builder("cdn.purge.pending", replica,
            r -> Math.max(0, r.highestSeen() - r.appliedSeq()))
        .description("Purges this node knows exist but has not applied yet")
        .tag("pop", nodeName).register(registry);
    Gauge.builder("cdn.purge.failsafe", replica, r -> r.distrustCache() ? 1 : 0)
        .description("1 while this node distrusts its cache (cut off from the cluster, or"
            + " catching up with purges), else 0")
        .tag("pop", nodeName).register(registry);
    HazelcastPurgeBus attached = new HazelcastPurgeBus(vertx, nodeName, allNodes, replica, scoper,
        clockMillis, registry);
    attached.attach(member);
    HazelcastPurgeBus previous = bus;
    bus = attached;
    if (previous != null) {
      previous.close();
    }
    return attached;
  }

  private int memberCount() {
    ClusterMember current = member;
    return current == null ? 0 : current.memberCount();
  }

  public Optional<HazelcastPurgeBus> bus() {
    return Optional.ofNullable(bus);
  }

  @Override
  public Future<PurgeReceipt> submit(PurgeCommand command) {
    HazelcastPurgeBus current = bus;
    return current == null
        ? Future.failedFuture("node " + nodeName + " has not joined the cluster yet")
        : current.submit(command);
  }

  @Override
  public Future<Optional<PurgeStatus>> status(String id) {
    HazelcastPurgeBus current = bus;
    return current == null
        ? Future.failedFuture("node " + nodeName + " has not joined the cluster yet")
        : current.status(id);
  }

  public void close() {
    HazelcastPurgeBus current = bus;
    if (current != null) {
      current.close();
    }
  }
}
