package org.edgecdn.dns.health;

import java.util.Objects;

/**
 * Where to probe one PoP: its edge's admin address, which serves {@code GET /healthz}.
 *
 * @param pop the PoP name, as in {@link org.edgecdn.dns.PopAddress#name()}
 * @param host the admin host, an address literal or a name (the HTTP client resolves it off the
 *     event loop)
 * @param port the admin port
 */
public record PopProbe(String pop, String host, int port) {

  public PopProbe {
    Objects.requireNonNull(pop, "pop");
    Objects.requireNonNull(host, "probe of " + pop + ": host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("probe of " + pop + ": host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "probe of " + pop + ": port " + port + " is outside 1-65535");
    }
  }

  /** {@code host:port}, bracketed for IPv6, as in logs. */
  public String where() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
