package org.edgecdn.purge;

import java.util.List;
import java.util.OptionalLong;

/**
 * Where a purge stands on every node of the network.
 *
 * @param issuedAtMillis when it was accepted
 * @param nodes one entry per node the network has (configured), in configuration order
 */
public record PurgeStatus(String id, long seq, PurgeCommand command, long issuedAtMillis,
    List<NodeState> nodes) {

  public PurgeStatus {
    nodes = List.copyOf(nodes);
  }

  /** Whether every node that is up has applied it (a down node catches up when it returns). */
  public boolean complete() {
    return nodes.stream().noneMatch(n -> n.state() == State.PENDING);
  }

  public enum State {
    APPLIED("applied"),
    PENDING("pending"),
    DOWN("down");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * @param tookMillis from acceptance to applied on that node, when applied
   */
  public record NodeState(String node, State state, OptionalLong tookMillis) {}
}
