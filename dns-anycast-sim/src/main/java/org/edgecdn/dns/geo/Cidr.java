package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.util.Objects;
import org.xbill.DNS.Address;

/**
 * A network written as {@code address/prefix-length}, e.g. {@code 127.0.2.0/24} or
 * {@code 2001:db8::/32}. A bare address is a single host (/32 or /128).
 *
 * <p>Host bits must be zero: {@code 127.0.2.7/24} is rejected rather than silently read as
 * {@code 127.0.2.0/24}, since it is usually a typo for some other row.
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = bitsOf(network);
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0.." + bits + " for " + network);
    }
    InetAddress masked = Address.truncate(network, prefixLength);
    if (!masked.equals(network)) {
      throw new IllegalArgumentException(
          network.getHostAddress() + "/" + prefixLength + " has host bits set; the network is "
              + masked.getHostAddress() + "/" + prefixLength);
    }
  }

  /** Parses {@code address[/length]}; the message of the exception names the problem. */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("CIDR is empty");
    }
    String value = text.strip();
    int slash = value.indexOf('/');
    String addressPart = slash < 0 ? value : value.substring(0, slash);
    InetAddress address =
        IpLiteral.tryParse(addressPart)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "CIDR '" + text + "': '" + addressPart + "' is not an IP address"));
    if (slash < 0) {
      return new Cidr(address, bitsOf(address));
    }
    int length;
    try {
      length = Integer.parseInt(value.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("CIDR '" + text + "': prefix length is not a number");
    }
    try {
      return new Cidr(address, length);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CIDR '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Whether {@code address} (of the same family) lies in this network. */
  public boolean contains(InetAddress address) {
    return bitsOf(address) == bitsOf(network)
        && Address.truncate(address, prefixLength).equals(network);
  }

  /** 32 for IPv4, 128 for IPv6. */
  static int bitsOf(InetAddress address) {
    return address.getAddress().length * 8;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
