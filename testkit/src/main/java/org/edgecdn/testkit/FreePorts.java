package org.edgecdn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback, for servers that cannot bind port 0 themselves (Hazelcast members,
 * and nodes that must know each other's address before any of them starts).
 *
 * <p><b>Note:</b> a port is only free when asked; another process may take it before the test
 * binds it. Servers that can bind port 0 should do that instead.
 */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Ports handed out in this JVM. The kernel may give the same free port to two bind(0) calls
   * in a row, and a test network whose nodes share a port misbehaves quietly: Vert.x shares a
   * port among the servers of one instance, so requests land on the wrong node.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /** A port that was free on {@code host} a moment ago, never handed out before here. */
  public static int on(String host) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + host, e);
      }
    }
    throw new IllegalStateException("no new free port on " + host);
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int loopback() {
    return on("127.0.0.1");
  }

  /**
   * A free port below the kernel's ephemeral range, for servers that bind some time after
   * their port is chosen (cluster members start after every HTTP port is open). A port from
   * {@link #on} lies in the ephemeral range, so an outgoing connection made meanwhile (a
   * member already connecting to the others) can take it first; this one cannot be taken
   * that way.
   */
  public static int stable(String host) {
    int low = 10_000;
    int high = Math.max(low + 1_000, ephemeralRangeStart());
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = low + ThreadLocalRandom.current().nextInt(high - low);
      if (!HANDED_OUT.contains(port) && isFree(host, port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port below " + high + " on " + host);
  }

  private static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
