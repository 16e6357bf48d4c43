package org.edgecdn.dns;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The open DNS-over-TCP connections of each client address, for the per-client cap of
 * {@link TcpOptions#connectionsPerClient()}. Safe to call from any event loop; it never waits
 * for more than the map's brief lock of one entry.
 */
final class ClientConnections {

  private final int cap;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  ClientConnections(int cap) {
    this.cap = cap;
  }

  /**
   * Counts a new connection from {@code client} if it has fewer than the cap open; false (and
   * nothing counted) if it already has the cap.
   */
  boolean tryOpen(String client) {
    boolean[] admitted = {false};
    open.compute(client, (address, count) -> {
      int now = count == null ? 0 : count;
      if (now >= cap) {
        return count;
      }
      admitted[0] = true;
      return now + 1;
    });
    return admitted[0];
  }

  /** A counted connection from {@code client} closed. */
  void closed(String client) {
    open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
  }

  /** The connections from {@code client} open now. */
  int open(String client) {
    return open.getOrDefault(client, 0);
  }

  int cap() {
    return cap;
  }
}
