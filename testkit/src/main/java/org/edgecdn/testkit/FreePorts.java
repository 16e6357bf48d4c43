package org.edgecdn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on loopback, for servers that cannot bind port 0 themselves (Hazelcast members,
 * and nodes that must know each other's address before any of them starts).
 *
 * <p><b>Note:</b> a port is only free when asked; another process may take it before the test
 * binds it. Servers that can bind port 0 should do that instead.
 */
public final class FreePorts {

  private FreePorts() {}

  /** A port that was free on {@code host} a moment ago. */
  public static int on(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int loopback() {
    return on("127.0.0.1");
  }
}
