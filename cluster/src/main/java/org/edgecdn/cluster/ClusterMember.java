package org.edgecdn.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.edgecdn.http.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's embedded Hazelcast member (DESIGN §5). Every edge and shield runs one; together they
 * carry purges and purge generations (a later issue) and tell each node who else is up.
 *
 * <h2>Tuning</h2>
 * Hazelcast ships tuned for data grids that favour patience; a CDN favours knowing fast:
 * <ol>
 *   <li>TCP join on the listed members only: no multicast, no cloud auto-detection, no
 *       phone-home. Members bind the configured interface only.</li>
 *   <li>Start: no wait before joining ({@code wait.seconds.before.join=0}); a member alone
 *       becomes master at once and the others join it.</li>
 *   <li>Failure detection: heartbeat every second, a member silent for 5 s is removed (the
 *       default 60 s would hide a dead node for a minute), split clusters merge after 5 s.</li>
 *   <li>Stop: graceful shutdown bounded to 3 s, and no JVM shutdown hook of Hazelcast's own:
 *       the launcher stops members in order with the rest of the node.</li>
 * </ol>
 * Starting and stopping a member block for seconds, so both run on a worker thread, never on an
 * event loop.
 */
public final class ClusterMember {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

  /** The member attribute naming the node it belongs to (for purge status reports). */
  public static final String NODE_ATTRIBUTE = "edgecdn.node";

  private final Vertx vertx;
  private final HazelcastInstance instance;
  private final ClusterOptions options;

  private ClusterMember(Vertx vertx, HazelcastInstance instance, ClusterOptions options) {
    this.vertx = vertx;
    this.instance = instance;
    this.options = options;
  }

  public static Future<ClusterMember> start(Vertx vertx, ClusterOptions options) {
    return vertx.executeBlocking(() -> {
      long started = System.nanoTime();
      HazelcastInstance instance = Hazelcast.newHazelcastInstance(config(options));
      LOG.info("cluster {}: node {} joined as {} in {} ms ({} members)", options.clusterName(),
          options.nodeName(), options.bind(), (System.nanoTime() - started) / 1_000_000,
          instance.getCluster().getMembers().size());
      return new ClusterMember(vertx, instance, options);
    }, false);
  }

  static Config config(ClusterOptions options) {
    Config config = new Config();
    config.setClusterName(options.clusterName());
    config.setInstanceName(options.clusterName() + "-" + options.nodeName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "3");
    config.setProperty("hazelcast.jmx", "false");

    config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, options.nodeName());
    // The purge bus: a reliable topic on a ringbuffer with a synchronous backup, and purge
    // records, ids and acknowledgements kept a day (status reports read them).
    config.getRingbufferConfig("edgecdn.purge.bus").setCapacity(10_000).setBackupCount(1);
    for (String map : new String[] {"edgecdn.purge.records", "edgecdn.purge.ids",
        "edgecdn.purge.acks"}) {
      config.getMapConfig(map).setTimeToLiveSeconds(86_400).setBackupCount(1);
    }
    // Long requests' tasks: each entry has its own TTL; the backup lets a task outlive the
    // member that held it, so another node can finish it.
    config.getMapConfig("edgecdn.llm.tasks").setBackupCount(1);
    // Edges' prefetch-model snapshots: republished every interval, each with its own TTL, so a
    // backup would only double the traffic.
    config.getMapConfig("edgecdn.predictor.shared").setBackupCount(0);

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.bind().port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(options.bind().host());
    network.setPublicAddress(options.bind().toString());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    for (HostPort member : options.members()) {
      join.getTcpIpConfig().addMember(member.toString());
    }
    return config;
  }

  /** Number of members this member currently sees, itself included. */
  public int memberCount() {
    return instance.getLifecycleService().isRunning() ? instance.getCluster().getMembers().size() : 0;
  }

  public boolean isRunning() {
    return instance.getLifecycleService().isRunning();
  }

  /** The Hazelcast instance, for the cluster services built on it. */
  public HazelcastInstance hazelcast() {
    return instance;
  }

  public ClusterOptions options() {
    return options;
  }

  /**
   * Stops at once, without handing data over: for when the whole cluster stops together (the
   * demo network in one process), where a graceful leave would only wait for members that are
   * leaving too.
   */
  public Future<Void> terminate() {
    return vertx.executeBlocking(() -> {
      instance.getLifecycleService().terminate();
      return null;
    }, false);
  }

  /** Leaves the cluster (bounded graceful shutdown) on a worker thread. */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      instance.shutdown();
      return null;
    }, false);
  }
}
