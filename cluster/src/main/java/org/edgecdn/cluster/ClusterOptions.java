package org.edgecdn.cluster;

import java.util.List;
import org.edgecdn.http.HostPort;

/**
 * How a node joins the network's cluster.
 *
 * @param clusterName members only join a cluster of the same name
 * @param nodeName the node this member belongs to, for logs
 * @param bind where this member listens for other members (a fixed port: Hazelcast's TCP join
 *     finds members by address)
 * @param members every member's address, this one included
 */
public record ClusterOptions(
    String clusterName, String nodeName, HostPort bind, List<HostPort> members) {

  public ClusterOptions {
    members = List.copyOf(members);
    if (bind.port() == 0) {
      throw new IllegalArgumentException("a cluster member needs a fixed port, got " + bind);
    }
  }
}
