package org.edgecdn.dns.zone;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/** What a name holds besides the SOA and NS that every zone apex has. */
public sealed interface NodeData {

  /** Nothing: a zone apex with only SOA and NS, or an empty non-terminal (RFC 8020 §2). */
  record Empty() implements NodeData {}

  /** The A or AAAA of the PoP chosen for the client: {@code <site>.<zone>}, a customer apex. */
  record Steered(String site) implements NodeData {}

  /** A CNAME to the site's name in the network zone: a customer name below a zone apex. */
  record Alias(String site, Name target) implements NodeData {}

  /** A fixed address record: the name server {@code ns1.<zone>}. */
  record Host(InetAddress address) implements NodeData {}
}
