package org.edgecdn.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open DNS-over-TCP connections of each client, for the per-client cap of
 * {@link TcpOptions#connectionsPerClient()}. A client is an IPv4 address, or an IPv6 /64: one
 * host is usually given a whole /64, so counting single IPv6 addresses would let it open the
 * cap again from each of its 2^64 addresses. Safe to call from any event loop; it never waits
 * for more than the map's brief lock of one entry.
 */
final class ClientConnections {

  /** The client {@code address} counts as: itself for IPv4, its /64 for IPv6. */
  static String clientOf(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    StringBuilder network = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      network.append(Integer.toHexString((bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff)))
          .append(':');
    }
    return network.append(":/64").toString();
  }

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
