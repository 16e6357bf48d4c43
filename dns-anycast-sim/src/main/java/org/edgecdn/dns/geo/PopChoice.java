package org.edgecdn.dns.geo;

import java.net.InetAddress;
import org.edgecdn.dns.PopAddress;

/**
 * The PoP a client is sent to, its parsed address, and on what basis it was chosen.
 *
 * @param pop the chosen PoP
 * @param address {@code pop.address()} parsed
 * @param basis why this PoP
 */
public record PopChoice(PopAddress pop, InetAddress address, Basis basis) {

  /** Why a PoP was chosen; shows in debug logs and tests. */
  public enum Basis {
    /** The healthy PoP nearest to the client's location. */
    NEAREST_HEALTHY,
    /** The client has no known location: the first healthy PoP in configuration order. */
    FIRST_HEALTHY,
    /** No PoP is healthy: the nearest (or first) of all, so that clients still get an answer. */
    FAIL_OPEN
  }
}
