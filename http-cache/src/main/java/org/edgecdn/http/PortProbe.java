package org.edgecdn.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a TCP address can be listened on now: binds it and lets it go, with
 * {@code SO_REUSEADDR} as Vert.x's servers bind, so it fails exactly when their bind would.
 * Another process may still take the address between the probe and a listen.
 */
public final class PortProbe {

  private PortProbe() {}

  /** Binds and releases {@code address} (resolved); throws what a listen there would meet. */
  public static void bind(InetSocketAddress address) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(address);
    }
  }

  /** As {@link #bind}, as a yes or no. */
  public static boolean canBind(InetSocketAddress address) {
    try {
      bind(address);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
