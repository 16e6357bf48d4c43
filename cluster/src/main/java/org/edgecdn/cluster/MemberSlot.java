package org.edgecdn.cluster;

import java.util.Optional;

/**
 * Where a node finds its cluster member once it has one. A node opens its ports before the
 * cluster forms (so a busy port is reported in milliseconds, not after a cluster join), so the
 * member arrives after the node has started; health reports and cluster services read it here.
 */
public final class MemberSlot {

  private volatile ClusterMember member;

  public Optional<ClusterMember> member() {
    return Optional.ofNullable(member);
  }

  public void fill(ClusterMember joined) {
    this.member = joined;
  }
}
