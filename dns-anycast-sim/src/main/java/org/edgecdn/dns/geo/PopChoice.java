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
    /**
     * The healthy PoP nearest to the client's location: of lowest effective cost (distance or
     * RTT, divided by the weight) among those with a weight above 0.
     */
    NEAREST_HEALTHY,
    /**
     * The client has no known location: the first healthy PoP in configuration order with a
     * weight above 0.
     */
    FIRST_HEALTHY,
    /**
     * Every healthy PoP is drained (weight 0): the nearest (or first) of them, by plain cost.
     */
    DRAINED_ONLY,
    /**
     * No PoP is healthy: the nearest (or first) of all, drained ones last, so that clients still
     * get an answer.
     */
    FAIL_OPEN
  }
}
