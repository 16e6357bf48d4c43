package org.edgecdn.dns.geo;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Rows are kept per family and per prefix length that occurs, longest first; a lookup masks
 * the address to each of those lengths and stops at the first hit. That is at most 33 (IPv4) or
 * 129 (IPv6) probes and usually a handful, which suits tables of up to some thousands of rows; a
 * much larger table (a full GeoIP database) would want a trie. IPv4 rows are the network
 * addresses as numbers, sorted for a binary search, masked with a shift: the steering locates
 * every query, and building an {@code InetAddress} per probe (as {@link Address#truncate} does)
 * was most of the lookup, and boxing the masked number for a hash map was allocation too.
 */
public final class CidrTable {

  /** Per prefix length that occurs, longest first (the lookup's order); the same for IPv6. */
  private final Ipv4Rows[] ipv4;
  private final Ipv6Rows[] ipv6;
  private final int size;

  /**
   * The IPv4 rows of one prefix length: network addresses as numbers, ascending, and the match
   * of each at the same index. A class, not a record: a record of arrays would compare them by
   * identity while looking like a value.
   */
  private static final class Ipv4Rows {
    private final int mask;
    private final int[] networks;
    private final Match[] matches;

    Ipv4Rows(int mask, int[] networks, Match[] matches) {
      this.mask = mask;
      this.networks = networks;
      this.matches = matches;
    }

    Match get(int address) {
      int at = Arrays.binarySearch(networks, address & mask);
      return at >= 0 ? matches[at] : null;
    }
  }

  /** The IPv6 rows of one prefix length, by network address. */
  private record Ipv6Rows(int length, Map<InetAddress, Match> byNetwork) {}

  private CidrTable(Ipv4Rows[] ipv4, Ipv6Rows[] ipv6, int size) {
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
    List<Ipv4Rows> ipv4Rows = new ArrayList<>();
    ipv4.forEach((length, byNetwork) -> {
      TreeMap<Integer, Match> byNumber = new TreeMap<>();
      byNetwork.forEach((network, match) -> byNumber.put(ipv4Number(network), match));
      ipv4Rows.add(new Ipv4Rows(length == 0 ? 0 : -1 << (32 - length),
          byNumber.keySet().stream().mapToInt(Integer::intValue).toArray(),
          byNumber.values().toArray(Match[]::new)));
    });
    List<Ipv6Rows> ipv6Rows = new ArrayList<>();
    ipv6.forEach((length, byNetwork) -> ipv6Rows.add(new Ipv6Rows(length, byNetwork)));
    return new CidrTable(ipv4Rows.toArray(Ipv4Rows[]::new), ipv6Rows.toArray(Ipv6Rows[]::new),
        rows.size());
  }

  /** A row that matched: its network and the location it gives. */
  public record Match(Cidr cidr, ClientLocation location) {}

  /** The location of the most specific row containing {@code address}, if any. */
  public Optional<ClientLocation> locate(InetAddress address) {
    return match(address).map(Match::location);
  }

  /** The location of the most specific row containing the IPv4 address {@code address}. */
  public Optional<ClientLocation> locateIpv4(int address) {
    Match hit = matchIpv4(address);
    return hit == null ? Optional.empty() : Optional.of(hit.location());
  }

  /** The most specific row containing {@code address}, if any. */
  public Optional<Match> match(InetAddress address) {
    if (address instanceof Inet4Address) {
      return Optional.ofNullable(matchIpv4(ipv4Number(address)));
    }
    for (Ipv6Rows rows : ipv6) {
      Match hit = rows.byNetwork().get(Address.truncate(address, rows.length()));
      if (hit != null) {
        return Optional.of(hit);
      }
    }
    return Optional.empty();
  }

  private Match matchIpv4(int address) {
    for (Ipv4Rows rows : ipv4) {
      Match hit = rows.get(address);
      if (hit != null) {
        return hit;
      }
    }
    return null;
  }

  /** An IPv4 address as a number, first byte highest. */
  private static int ipv4Number(InetAddress address) {
    byte[] bytes = address.getAddress();
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8
        | bytes[3] & 0xff;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }
}
