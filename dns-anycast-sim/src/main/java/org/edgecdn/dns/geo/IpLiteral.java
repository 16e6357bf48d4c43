package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/**
 * Parses IPv4 and IPv6 literals without ever asking a resolver: {@link InetAddress#getByName}
 * would look a name up, and blocking the event loop on DNS inside a DNS server is the one thing
 * it must not do.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /**
   * The address written in {@code text}, or empty when it is not a literal. An IPv6 scope
   * ({@code %eth0}) is ignored; an IPv4-mapped IPv6 address comes back as IPv4, as Java does.
   */
  public static Optional<InetAddress> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip();
    int scope = value.indexOf('%');
    if (scope >= 0 && value.indexOf(':') >= 0) {
      value = value.substring(0, scope);
    }
    byte[] bytes = Address.toByteArray(value, Address.IPv4);
    if (bytes == null) {
      bytes = Address.toByteArray(value, Address.IPv6);
    }
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty(); // only for a wrong length, which toByteArray never returns
    }
  }

  /** The address written in {@code text}; throws when it is not an IP literal. */
  public static InetAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("'" + text + "' is not an IP address literal"));
  }
}
