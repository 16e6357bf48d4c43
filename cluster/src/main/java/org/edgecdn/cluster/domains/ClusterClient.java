package org.edgecdn.cluster.domains;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.edgecdn.http.HostPort;

/**
 * A Hazelcast client of the network's cluster, for a node that reads the cluster's state without
 * being a member of it: the DNS. A member would own partitions and count in purge reports; the
 * DNS needs neither.
 *
 * <p>It starts without waiting for the cluster (async start) and reconnects on its own in the
 * background, so a DNS started before the edges, or outliving them, keeps answering; until it is
 * connected, reads fail and callers retry later.
 */
public final class ClusterClient {

  private final Vertx vertx;
  private final HazelcastInstance client;

  private ClusterClient(Vertx vertx, HazelcastInstance client) {
    this.vertx = vertx;
    this.client = client;
  }

  /** Starts the client on a worker thread (creating it reads configuration and may block). */
  public static Future<ClusterClient> start(Vertx vertx, String clusterName, String nodeName,
      List<HostPort> members) {
    return vertx.executeBlocking(() -> {
      ClientConfig config = new ClientConfig();
      config.setClusterName(clusterName);
      config.setInstanceName(clusterName + "-client-" + nodeName);
      config.setProperty("hazelcast.logging.type", "slf4j");
      config.setProperty("hazelcast.phone.home.enabled", "false");
      config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
      config.getConnectionStrategyConfig().setAsyncStart(true)
          .setReconnectMode(ReconnectMode.ASYNC);
      config.getConnectionStrategyConfig().getConnectionRetryConfig()
          .setInitialBackoffMillis(200).setMaxBackoffMillis(2_000).setClusterConnectTimeoutMillis(-1);
      for (HostPort member : members) {
        config.getNetworkConfig().addAddress(member.toString());
      }
      return new ClusterClient(vertx, HazelcastClient.newHazelcastClient(config));
    }, false);
  }

  /** The client as a Hazelcast instance, once connected. */
  public HazelcastInstance hazelcast() {
    return client;
  }

  /** True once it reaches a member. */
  public boolean connected() {
    return client.getLifecycleService().isRunning()
        && client.getCluster() != null && isConnected();
  }

  private boolean isConnected() {
    try {
      return !client.getCluster().getMembers().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      client.shutdown();
      return null;
    }, false);
  }
}
