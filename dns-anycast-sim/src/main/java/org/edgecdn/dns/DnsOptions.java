package org.edgecdn.dns;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.edgecdn.dns.geo.CidrTable;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.dns.zone.ZoneSet;

/**
 * What one DNS node serves and where it listens.
 *
 * <p>The record checks itself when built: bad names, duplicate PoPs or sites, a customer domain
 * that collides with a name of the network zone, a malformed CIDR. Each failure is an
 * {@link IllegalArgumentException} whose message names the value and the reason, so the launcher
 * can report it as is.
 *
 * @param name the node name used in logs and error messages, e.g. {@code dns}
 * @param host the address to listen on for UDP and TCP; an IPv4 literal also becomes the A record
 *     of {@code ns1.<zone>} (otherwise 127.0.0.1 does)
 * @param port the port for both UDP and TCP; 0 picks a free one (see {@link GeoDnsServer#port()})
 * @param zone the network's zone, e.g. {@code cdn.test}
 * @param ttl the TTL of steered answers and the negative-caching TTL (SOA minimum); whole seconds
 * @param pops the PoPs in preference order: with no client location, the first healthy one wins
 * @param sites the sites and their customer domains
 * @param locations the client-location table
 * @param rrl response rate limiting of UDP answers ({@link RrlOptions#defaults()}: on)
 * @param udpThreads the threads that receive and answer UDP queries ({@link
 *     #defaultUdpThreads()} by default: two, or one on a single processor): with epoll, one
 *     socket each; with NIO, all on one channel (see {@code UdpListener})
 * @param steering the latency matrix and PoP weights ({@link SteeringOptions#none()}: by
 *     great-circle distance alone); the PoPs it names must be in {@code pops}, its regions those
 *     of {@code locations}
 * @param tcp the idle timeout and per-client connection cap of DNS over TCP
 *     ({@link TcpOptions#defaults()}: 10 s, 16 connections)
 */
public record DnsOptions(
    String name,
    String host,
    int port,
    String zone,
    Duration ttl,
    List<PopAddress> pops,
    List<SiteNames> sites,
    List<LocationRow> locations,
    RrlOptions rrl,
    int udpThreads,
    SteeringOptions steering,
    TcpOptions tcp) {

  public static final String DEFAULT_ZONE = "cdn.test";
  public static final int DEFAULT_PORT = 5353;
  /** Low, so that a failover reaches clients quickly (DESIGN §6: about 20 s). */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(20);
  /** RFC 2181 §8: a TTL is an unsigned 31-bit number of seconds. */
  public static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;
  /**
   * UDP threads where the JVM may run on two processors or more. With NIO (the default) both
   * share the one channel: while one waits in {@code receive}, the other answers and
   * {@code send}s on another core; measured with {@code cdn bench dns} with our JVM unpinned,
   * one thread about 210k qps, two 250-260k, three no better within the noise. With epoll each
   * has its own {@code SO_REUSEPORT} socket and the kernel spreads clients over the two by a
   * hash of their address (one client socket, such as {@code dnsperf -c 1}, lands on one).
   */
  public static final int DEFAULT_UDP_THREADS = 2;
  /**
   * {@value #DEFAULT_UDP_THREADS} threads, or one where this JVM may use a single processor (a
   * one-vCPU machine, a container with one CPU, or pinned with {@code taskset}, as
   * {@code cdn bench dns} pins it): see {@link #udpThreadsFor}.
   */
  public static int defaultUdpThreads() {
    return udpThreadsFor(Runtime.getRuntime().availableProcessors());
  }

  /**
   * The default UDP threads for a JVM that may use {@code processors} processors. On one core a
   * second thread cannot answer while the first receives; it only adds hand-offs of the
   * channel's read lock (a futex wake and a context switch per query). Measured with
   * {@code cdn bench dns} on a 2-vCPU VM (27 November), our JVM pinned to one core, 1 and 2
   * threads alternating, three runs each: 184-186k against 166-181k qps, 4.77-4.87 against
   * 5.18-5.45 us of CPU a query, and 0.043-0.048 against 0.048-0.051 ms on average at 20k qps.
   */
  static int udpThreadsFor(int processors) {
    return Math.max(1, Math.min(DEFAULT_UDP_THREADS, processors));
  }

  /** A sanity bound: beyond the machine's cores, threads only wait. */
  public static final int MAX_UDP_THREADS = 16;

  public DnsOptions {
    name = Checks.token(name, "DNS node name");
    Objects.requireNonNull(host, "DNS " + name + ": host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("DNS " + name + ": host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("DNS " + name + ": port " + port + " is outside 0-65535");
    }
    Objects.requireNonNull(zone, "DNS " + name + ": zone");
    Objects.requireNonNull(ttl, "DNS " + name + ": ttl");
    if (ttl.isNegative() || ttl.getSeconds() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "DNS " + name + ": ttl " + ttl + " is outside 0.." + MAX_TTL_SECONDS + " seconds");
    }
    pops = List.copyOf(Objects.requireNonNull(pops, "DNS " + name + ": pops"));
    sites = List.copyOf(Objects.requireNonNull(sites, "DNS " + name + ": sites"));
    locations = List.copyOf(Objects.requireNonNull(locations, "DNS " + name + ": locations"));
    Objects.requireNonNull(rrl, "DNS " + name + ": rrl");
    if (udpThreads < 1 || udpThreads > MAX_UDP_THREADS) {
      throw new IllegalArgumentException(
          "DNS " + name + ": udpThreads " + udpThreads + " is outside 1-" + MAX_UDP_THREADS);
    }
    if (pops.isEmpty()) {
      throw new IllegalArgumentException("DNS " + name + ": no PoPs to steer clients to");
    }
    unique(pops.stream().map(PopAddress::name).toList(), "DNS " + name + ": PoP");
    unique(sites.stream().map(SiteNames::site).toList(), "DNS " + name + ": site");
    Objects.requireNonNull(steering, "DNS " + name + ": steering");
    try {
      steering.requireKnownPops(pops.stream().map(PopAddress::name).toList());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DNS " + name + ": " + e.getMessage(), e);
    }
    List<String> regions = locations.stream().map(LocationRow::region).distinct().toList();
    for (String region : steering.latencyMs().keySet()) {
      if (!regions.contains(region)) {
        // A typo would otherwise leave the region steered by distance without a word.
        throw new IllegalArgumentException("DNS " + name + ": steering: latency region '" + region
            + "' is the region of no location row (regions: " + String.join(", ", regions) + ")");
      }
    }
    // Building the zones and the location table checks names and CIDRs against each other
    // (collisions, duplicates); both are cheap and built again by the resolver.
    Objects.requireNonNull(tcp, "DNS " + name + ": tcp");
    ZoneSet.of(zone, host, ttl, sites);
    CidrTable.of(locations);
  }

  /** The same with response rate limiting at its defaults (on). */
  public DnsOptions(
      String name,
      String host,
      int port,
      String zone,
      Duration ttl,
      List<PopAddress> pops,
      List<SiteNames> sites,
      List<LocationRow> locations) {
    this(name, host, port, zone, ttl, pops, sites, locations, RrlOptions.defaults());
  }

  /** The same with {@link #defaultUdpThreads()} UDP threads. */
  public DnsOptions(
      String name,
      String host,
      int port,
      String zone,
      Duration ttl,
      List<PopAddress> pops,
      List<SiteNames> sites,
      List<LocationRow> locations,
      RrlOptions rrl) {
    this(name, host, port, zone, ttl, pops, sites, locations, rrl, defaultUdpThreads());
  }

  /**
   * The same steered by great-circle distance alone ({@link SteeringOptions#none()}), with TCP
   * at its defaults ({@link TcpOptions#defaults()}).
   */
  public DnsOptions(
      String name,
      String host,
      int port,
      String zone,
      Duration ttl,
      List<PopAddress> pops,
      List<SiteNames> sites,
      List<LocationRow> locations,
      RrlOptions rrl,
      int udpThreads) {
    this(name, host, port, zone, ttl, pops, sites, locations, rrl, udpThreads,
        SteeringOptions.none(), TcpOptions.defaults());
  }

  /** A copy with other rate limiting, e.g. {@link RrlOptions#off()} for a benchmark. */
  public DnsOptions withRrl(RrlOptions rrl) {
    return new DnsOptions(name, host, port, zone, ttl, pops, sites, locations, rrl, udpThreads,
        steering, tcp);
  }

  /** A copy served by {@code udpThreads} UDP threads. */
  public DnsOptions withUdpThreads(int udpThreads) {
    return new DnsOptions(name, host, port, zone, ttl, pops, sites, locations, rrl, udpThreads,
        steering, tcp);
  }

  /** A copy steered with {@code steering}'s latency matrix and weights. */
  public DnsOptions withSteering(SteeringOptions steering) {
    return new DnsOptions(name, host, port, zone, ttl, pops, sites, locations, rrl, udpThreads,
        steering, tcp);
  }

  /** A copy with other TCP settings, e.g. a short idle timeout in a test. */
  public DnsOptions withTcp(TcpOptions tcp) {
    return new DnsOptions(name, host, port, zone, ttl, pops, sites, locations, rrl, udpThreads,
        steering, tcp);
  }

  /** The ttl in whole seconds, as it goes into records. */
  public long ttlSeconds() {
    return ttl.getSeconds();
  }

  private static void unique(List<String> names, String what) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(what + " '" + n + "' is listed twice");
      }
    }
  }
}
