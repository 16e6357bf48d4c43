package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import java.util.Set;

/**
 * The headers that tell an upstream who the client was: {@code X-Forwarded-For}, {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host}, {@code Via}. The network sets them; a client
 * cannot. Values sent by a client are dropped, because origins use them for access control and
 * for building URLs (a forged {@code X-Forwarded-Host} is a classic cache-poisoning vector).
 * Values sent by a trusted peer (an edge talking to the shield) are kept and extended, so the
 * origin still learns the real client address.
 */
public final class ForwardingHeaders {

  /** Fields a client may never set on a forwarded request. */
  static final Set<String> CLIENT_MAY_NOT_SET = Set.of(
      "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
      "x-real-ip", "forwarded", "via");

  private ForwardingHeaders() {}

  /**
   * Writes the forwarding headers of one hop into {@code out}.
   *
   * @param incoming the headers as received
   * @param trustedPeer whether the sender is one of the network's own nodes
   * @param clientAddress the address of the sender of this hop
   * @param host the host the client asked for, without port
   * @param proto the scheme the client used
   * @param pseudonym this node's name in {@code Via}
   */
  public static void apply(
      MultiMap incoming, MultiMap out, boolean trustedPeer, String clientAddress, String host,
      String proto, String pseudonym) {
    String via = "1.1 " + pseudonym + " (edgecdn)";
    if (trustedPeer) {
      out.set("X-Forwarded-For", join(incoming.get("X-Forwarded-For"), clientAddress));
      out.set("X-Forwarded-Proto", orDefault(incoming.get("X-Forwarded-Proto"), proto));
      out.set("X-Forwarded-Host", orDefault(incoming.get("X-Forwarded-Host"), host));
      out.set("Via", join(incoming.get("Via"), via));
      copyIfPresent(incoming, out, "X-Real-IP");
      copyIfPresent(incoming, out, "Forwarded");
    } else {
      out.set("X-Forwarded-For", clientAddress);
      out.set("X-Forwarded-Proto", proto);
      out.set("X-Forwarded-Host", host);
      out.set("Via", via);
    }
  }

  /** Whether {@code via} already names this node: the request is looping through the network. */
  public static boolean loops(String via, String pseudonym) {
    if (via == null) {
      return false;
    }
    String marker = " " + pseudonym + " (edgecdn)";
    return via.contains(marker);
  }

  private static void copyIfPresent(MultiMap incoming, MultiMap out, String name) {
    String value = incoming.get(name);
    if (value != null) {
      out.set(name, value);
    }
  }

  private static String join(String earlier, String next) {
    return earlier == null || earlier.isBlank() ? next : earlier + ", " + next;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
