package org.edgecdn.launcher.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.PortProbe;

/**
 * Free ports for a network planned before any of its servers start (the benchmarks' networks,
 * {@code deploy/check-dashboards}).
 *
 * <p>A port from bind(0), released at once, is a poor plan: the kernel may hand the same one
 * to the next bind(0) (the dashboards check once gave the demo origin and Prometheus one port),
 * and it lies in the range that outgoing connections and the network's own bind(0)s draw from
 * while the servers start. So a port here is random between 10000 and the kernel's ephemeral
 * range, free when probed, and never handed out twice in the process.
 */
public final class StablePorts {

  private static final int LOW = 10_000;
  /** Never the same port twice: servers of one Vert.x instance would silently share it. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private StablePorts() {}

  /** A port free on {@code host} (an address or a name) a moment ago, at that host. */
  public static HostPort free(String host) {
    int high = Math.max(LOW + 1_000, ephemeralRangeStart());
    try {
      InetAddress address = InetAddress.getByName(host);
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = LOW + ThreadLocalRandom.current().nextInt(high - LOW);
        if (!HANDED_OUT.contains(port)
            && PortProbe.canBind(new InetSocketAddress(address, port))
            && HANDED_OUT.add(port)) {
          return new HostPort(host, port);
        }
      }
    } catch (IOException unknownHost) {
      throw new UncheckedIOException("no free port on " + host, unknownHost);
    }
    throw new IllegalStateException("no free port between " + LOW + " and " + high + " on "
        + host + " in 200 tries");
  }

  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      return Integer.parseInt(range.trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException unreadable) {
      return 32_768;
    }
  }
}
