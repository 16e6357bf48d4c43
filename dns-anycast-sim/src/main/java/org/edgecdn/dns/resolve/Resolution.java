package org.edgecdn.dns.resolve;

import java.util.Optional;
import org.edgecdn.dns.geo.PopChoice;
import org.xbill.DNS.Message;

/**
 * A complete reply before any size limit, and the steering decision behind it.
 *
 * @param reply the reply; its header and OPT carry the response code
 * @param choice the PoP steering chose, when the answer depended on it
 */
public record Resolution(Message reply, Optional<PopChoice> choice) {

  /** The full response code, extended ones included. */
  public int rcode() {
    return reply.getRcode();
  }
}
