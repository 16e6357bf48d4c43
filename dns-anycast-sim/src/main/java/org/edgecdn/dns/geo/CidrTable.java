package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edgecdn.dns.LocationRow;
import org.xbill.DNS.Address;

/**
 * The client-location table: an address is located by the most specific row that contains it
 * (longest prefix match, as a router picks a route).
 *
 * <p>Rows are kept per family in one hash map per prefix length that occurs; a lookup masks the
 * address to each of those lengths, longest first, and stops at the first hit. That is at most 33
 * (IPv4) or 129 (IPv6) probes and usually a handful, which suits tables of up to some thousands
 * of rows; a much larger table (a full GeoIP database) would want a trie.
 */
public final class CidrTable {

  private final Map<Integer, Map<InetAddress, Match>> ipv4;
  private final Map<Integer, Map<InetAddress, Match>> ipv6;
  private final int size;

  private CidrTable(
      Map<Integer, Map<InetAddress, Match>> ipv4,
      Map<Integer, Map<InetAddress, Match>> ipv6,
      int size) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.size = size;
  }

  /** Builds the table; a CIDR listed twice is rejected. */
  public static CidrTable of(List<LocationRow> rows) {
    Map<Integer, Map<InetAddress, Match>> ipv4 = new TreeMap<>(Comparator.reverseOrder());
    Map<Integer, Map<InetAddress, Match>> ipv6 = new TreeMap<>(Comparator.reverseOrder());
    for (LocationRow row : rows) {
      Cidr cidr = Cidr.parse(row.cidr());
      var byLength = Cidr.bitsOf(cidr.network()) == 32 ? ipv4 : ipv6;
      Match previous =
          byLength
              .computeIfAbsent(cidr.prefixLength(), length -> new HashMap<>())
              .putIfAbsent(cidr.network(), new Match(cidr, ClientLocation.of(row)));
      if (previous != null) {
        throw new IllegalArgumentException("location " + cidr + " is listed twice");
      }
    }
    return new CidrTable(ipv4, ipv6, rows.size());
  }

  /** A row that matched: its network and the location it gives. */
  public record Match(Cidr cidr, ClientLocation location) {}

  /** The location of the most specific row containing {@code address}, if any. */
  public Optional<ClientLocation> locate(InetAddress address) {
    return match(address).map(Match::location);
  }

  /** The most specific row containing {@code address}, if any. */
  public Optional<Match> match(InetAddress address) {
    var byLength = Cidr.bitsOf(address) == 32 ? ipv4 : ipv6;
    for (Map.Entry<Integer, Map<InetAddress, Match>> entry : byLength.entrySet()) {
      Match hit = entry.getValue().get(Address.truncate(address, entry.getKey()));
      if (hit != null) {
        return Optional.of(hit);
      }
    }
    return Optional.empty();
  }

  /** The number of rows. */
  public int size() {
    return size;
  }
}
