package org.edgecdn.dns;

import java.net.InetAddress;
import org.edgecdn.dns.geo.IpLiteral;

/**
 * A point of presence as DNS answers it: its name (used in logs and as the {@code pop} metric
 * tag), the address clients are sent to, and where it stands on the globe.
 *
 * <p>The address must be an IPv4 or IPv6 literal, never a host name: DNS hands it out as an A or
 * AAAA record, and resolving a name here would block.
 */
public record PopAddress(String name, String address, double lat, double lon) {

  public PopAddress {
    name = Checks.token(name, "pop name");
    if (address == null || IpLiteral.tryParse(address).isEmpty()) {
      throw new IllegalArgumentException(
          "pop " + name + ": address '" + address + "' is not an IPv4 or IPv6 literal");
    }
    Checks.latLon(lat, lon, "pop " + name);
  }

  /** The address, parsed without any name lookup. */
  public InetAddress inetAddress() {
    return IpLiteral.parse(address);
  }
}
