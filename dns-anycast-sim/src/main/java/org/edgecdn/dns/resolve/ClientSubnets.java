package org.edgecdn.dns.resolve;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.xbill.DNS.Address;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;

/** The EDNS Client Subnet option (RFC 7871) in replies. */
final class ClientSubnets {

  private ClientSubnets() {}

  /**
   * The reply's copy of the query's option (RFC 7871 §7.2.1): FAMILY, SOURCE PREFIX-LENGTH and
   * ADDRESS as received, SCOPE PREFIX-LENGTH as given: how much of the address the answer
   * depended on, 0 for an answer that is the same for every client.
   */
  static EDNSOption echo(ClientSubnetOption query, int scope) {
    try {
      return new ClientSubnetOption(query.getSourcePrefixLength(), scope, query.getAddress());
    } catch (IllegalArgumentException e) {
      // An IPv6 option carrying an IPv4-mapped address parses to an IPv4 InetAddress, which
      // ClientSubnetOption cannot re-encode as FAMILY 2; write the bytes ourselves.
      return new GenericEDNSOption(EDNSOption.Code.CLIENT_SUBNET, raw(query, scope));
    }
  }

  private static byte[] raw(ClientSubnetOption query, int scope) {
    byte[] address = query.getAddress().getAddress();
    if (query.getFamily() == Address.IPv6 && query.getAddress() instanceof Inet4Address) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(address, 0, mapped, 12, 4);
      address = mapped;
    }
    DNSOutput out = new DNSOutput();
    out.writeU16(query.getFamily());
    out.writeU8(query.getSourcePrefixLength());
    out.writeU8(scope);
    out.writeByteArray(address, 0, (query.getSourcePrefixLength() + 7) / 8);
    return out.toByteArray();
  }

  /** The address to locate the client by: the subnet's, unless the client asked for none. */
  static InetAddress locateBy(ClientSubnetOption subnet, InetAddress source) {
    return subnet.getSourcePrefixLength() > 0 ? subnet.getAddress() : source;
  }
}
