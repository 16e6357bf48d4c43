package org.edgecdn.dns.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.SiteNames;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.zone.NameLookup.Found;
import org.edgecdn.dns.zone.NameLookup.NoSuchName;
import org.edgecdn.dns.zone.NameLookup.OutOfZone;
import org.edgecdn.dns.zone.NodeData.Alias;
import org.edgecdn.dns.zone.NodeData.Empty;
import org.edgecdn.dns.zone.NodeData.Host;
import org.edgecdn.dns.zone.NodeData.Steered;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * Every zone this server is authoritative for and every name in them, built once from the
 * options and read-only afterwards (so any event loop may read it).
 *
 * <h2>The network zone</h2>
 * With zone {@code cdn.test}: the apex holds SOA and NS {@code ns1.cdn.test.}; {@code ns1.cdn.test}
 * holds an A record (the listen address when it is a usable IPv4 literal, else 127.0.0.1); each
 * site {@code shop} holds the steered {@code shop.cdn.test} A/AAAA.
 *
 * <h2>Customer zones</h2>
 * A customer domain inside the network zone is just an alias there. Any other customer domain
 * belongs to the zone whose apex is the <em>highest listed domain</em> above or at it: with
 * {@code www.shop.example} and {@code shop.example} listed, {@code shop.example} is an apex and
 * {@code www.shop.example} a name in its zone. A domain whose parent is not listed is an apex of
 * its own. An apex holds SOA and NS (the network's {@code ns1}) and, since a CNAME cannot sit
 * beside them (RFC 1034 §3.6.2, RFC 2181 §10.1), the steered address itself; every other
 * customer name holds {@code CNAME <site>.<zone>.}, which the resolver follows in the same
 * answer.
 *
 * <h2>Custom domains</h2>
 * Domains onboarded while the server runs ({@code cdn domains add}) join their site's domains
 * from the network file and follow the same rules; see {@link #withCustomDomains}. The server
 * then answers from a new {@code ZoneSet}: each one stays immutable.
 *
 * <h2>What else exists</h2>
 * The names between a listed name and its apex are empty non-terminals: they exist, so a query
 * for them is NODATA, not NXDOMAIN (RFC 8020 §2, RFC 4592 §2.2.2). Wildcards and delegations are
 * not supported.
 *
 * <h2>Timers</h2>
 * Steered records and the negative-caching TTL (SOA MINIMUM, RFC 2308 §4) use the configured ttl;
 * SOA, NS and the name server's address, which never change while running, use {@link #ZONE_TTL}.
 * The serial is fixed at 1: there are no secondaries (zone transfers are refused).
 */
public final class ZoneSet {

  /** TTL of the records that do not move: SOA, NS, the name server's address. */
  public static final long ZONE_TTL = 3600;

  static final long SERIAL = 1;
  static final long REFRESH = 3600;
  static final long RETRY = 600;
  static final long EXPIRE = 1_209_600;
  private static final InetAddress LOOPBACK = IpLiteral.parse("127.0.0.1");

  private final Zone network;
  private final Name nameServer;
  private final InetAddress nameServerAddress;
  private final Map<Name, Zone> zones;
  private final Map<Name, ZoneNode> nodes;
  private final Map<String, Name> siteNames;
  private final long answerTtl;

  private ZoneSet(
      Zone network,
      Name nameServer,
      InetAddress nameServerAddress,
      Map<Name, Zone> zones,
      Map<Name, ZoneNode> nodes,
      Map<String, Name> siteNames,
      long answerTtl) {
    this.network = network;
    this.nameServer = nameServer;
    this.nameServerAddress = nameServerAddress;
    this.zones = Map.copyOf(zones);
    this.nodes = Map.copyOf(nodes);
    this.siteNames = Map.copyOf(siteNames);
    this.answerTtl = answerTtl;
  }

  public static ZoneSet of(DnsOptions options) {
    return of(options.zone(), options.host(), options.ttl(), options.sites());
  }

  /**
   * Builds the zones; throws {@link IllegalArgumentException} naming the value when a name is
   * invalid or two names collide.
   */
  public static ZoneSet of(String zone, String host, Duration ttl, List<SiteNames> sites) {
    Name apex = parse(zone, "zone");
    if (apex.labels() < 2) {
      throw new IllegalArgumentException("zone must not be the root");
    }
    long ttlSeconds = ttl.getSeconds();
    Name nameServer = child("ns1", apex, "name server");
    Name admin = child("hostmaster", apex, "SOA admin");

    Map<Name, Zone> zones = new HashMap<>();
    Map<Name, ZoneNode> nodes = new LinkedHashMap<>();
    Zone network = newZone(apex, nameServer, admin, ttlSeconds);
    zones.put(apex, network);
    add(nodes, new ZoneNode(network, apex, new Empty()), "the network zone's apex");
    InetAddress nsAddress = nameServerAddressFor(host);
    add(nodes, new ZoneNode(network, nameServer, new Host(nsAddress)), "ns1");

    Map<String, Name> siteNames = new HashMap<>();
    for (SiteNames site : sites) {
      Name siteName = child(site.site(), apex, "site " + site.site());
      if (siteName.equals(nameServer)) {
        throw new IllegalArgumentException(
            "site '" + site.site() + "' would take the name server's name " + nameServer);
      }
      siteNames.put(key(site.site()), siteName);
      add(nodes, new ZoneNode(network, siteName, new Steered(site.site())), "site name");
    }

    Map<Name, String> domains = customerDomains(sites, apex, nodes);
    for (Map.Entry<Name, String> entry : domains.entrySet()) {
      Name domain = entry.getKey();
      String site = entry.getValue();
      Name target = siteNames.get(key(site));
      if (domain.subdomain(apex)) {
        add(nodes, new ZoneNode(network, domain, new Alias(site, target)), "customer domain");
        continue;
      }
      Name customerApex = highestListed(domain, domains);
      Zone customer =
          zones.computeIfAbsent(customerApex, a -> newZone(a, nameServer, admin, ttlSeconds));
      NodeData data =
          customerApex.equals(domain) ? new Steered(site) : new Alias(site, target);
      add(nodes, new ZoneNode(customer, domain, data), "customer domain");
    }

    addEmptyNonTerminals(nodes);
    return new ZoneSet(network, nameServer, nsAddress, zones, nodes, siteNames, ttlSeconds);
  }

  /**
   * The zones of {@code options} plus the custom domains {@code domainToSite} (domain → site).
   * A custom domain that cannot be added (unknown site, invalid name, a name the network file
   * or another custom domain already holds) is left out and reported in
   * {@link WithCustom#skipped()} with the reason; the others are served.
   */
  public static WithCustom withCustomDomains(DnsOptions options, Map<String, String> domainToSite) {
    Map<String, String> skipped = new TreeMap<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    Map<String, String> sitesByKey = new HashMap<>();
    options.sites().forEach(site -> sitesByKey.put(key(site.site()), site.site()));
    new TreeMap<>(domainToSite).forEach((domain, site) -> {
      String known = sitesByKey.get(key(site));
      if (known == null) {
        skipped.put(domain, "site " + site + " is not served by this DNS");
      } else {
        extra.computeIfAbsent(known, s -> new ArrayList<>()).add(domain);
      }
    });
    try {
      return new WithCustom(build(options, extra), skipped);
    } catch (IllegalArgumentException clash) {
      // Rare (the onboarding checks names first): add the domains one at a time so that a bad
      // one costs only itself.
      Map<String, List<String>> accepted = new LinkedHashMap<>();
      ZoneSet zones = of(options);
      for (Map.Entry<String, List<String>> site : extra.entrySet()) {
        for (String domain : site.getValue()) {
          accepted.computeIfAbsent(site.getKey(), s -> new ArrayList<>()).add(domain);
          try {
            zones = build(options, accepted);
          } catch (IllegalArgumentException e) {
            accepted.get(site.getKey()).remove(domain);
            skipped.put(domain, e.getMessage());
          }
        }
      }
      return new WithCustom(zones, skipped);
    }
  }

  /** The zones with custom domains, and the custom domains left out with the reason. */
  public record WithCustom(ZoneSet zones, Map<String, String> skipped) {
    public WithCustom {
      skipped = Map.copyOf(skipped);
    }
  }

  private static ZoneSet build(DnsOptions options, Map<String, List<String>> extra) {
    List<SiteNames> sites = new ArrayList<>();
    for (SiteNames site : options.sites()) {
      List<String> domains = new ArrayList<>(site.domains());
      domains.addAll(extra.getOrDefault(site.site(), List.of()));
      sites.add(new SiteNames(site.site(), domains));
    }
    return of(options.zone(), options.host(), options.ttl(), sites);
  }

  /** Where {@code name} stands: in a zone and existing, in a zone but absent, or outside. */
  public NameLookup lookup(Name name) {
    Zone zone = enclosingZone(name);
    if (zone == null) {
      return new OutOfZone();
    }
    ZoneNode node = nodes.get(name);
    return node != null ? new Found(node) : new NoSuchName(zone);
  }

  /** The network's zone ({@code cdn.test}). */
  public Zone networkZone() {
    return network;
  }

  /** {@code ns1.<zone>}, the name server of every zone here. */
  public Name nameServer() {
    return nameServer;
  }

  /** The address of {@link #nameServer()}: its A record and the glue of NS answers. */
  public InetAddress nameServerAddress() {
    return nameServerAddress;
  }

  /** {@code <site>.<zone>} for a configured site. */
  public Optional<Name> siteName(String site) {
    return Optional.ofNullable(siteNames.get(key(site)));
  }

  /** Every zone here, the network zone among them. */
  public Collection<Zone> zones() {
    return zones.values();
  }

  /** TTL of steered records, in seconds. */
  public long answerTtl() {
    return answerTtl;
  }

  private Zone enclosingZone(Name name) {
    for (int drop = 0; drop < name.labels(); drop++) {
      Zone zone = zones.get(drop == 0 ? name : new Name(name, drop));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  private static Map<Name, String> customerDomains(
      List<SiteNames> sites, Name apex, Map<Name, ZoneNode> networkNames) {
    Map<Name, String> domains = new LinkedHashMap<>();
    for (SiteNames site : sites) {
      for (String text : site.domains()) {
        String what = "site " + site.site() + ": domain '" + text + "'";
        Name domain = parse(text, what);
        if (domain.labels() < 2) {
          throw new IllegalArgumentException(what + " must not be the root");
        }
        if (domain.isWild()) {
          throw new IllegalArgumentException(what + " is a wildcard; wildcards are not supported");
        }
        if (apex.subdomain(domain)) {
          throw new IllegalArgumentException(what + " contains the network zone " + apex);
        }
        if (networkNames.containsKey(domain)) {
          throw new IllegalArgumentException(what + " is already a name of the network zone");
        }
        String previous = domains.putIfAbsent(domain, site.site());
        if (previous != null) {
          throw new IllegalArgumentException(
              what + " is listed twice (sites " + previous + " and " + site.site() + ")");
        }
      }
    }
    return domains;
  }

  /** The highest listed name at or above {@code domain}; {@code domain} itself if none. */
  private static Name highestListed(Name domain, Map<Name, String> listed) {
    for (int drop = domain.labels() - 2; drop > 0; drop--) {
      Name ancestor = new Name(domain, drop);
      if (listed.containsKey(ancestor)) {
        return ancestor;
      }
    }
    return domain;
  }

  private static void addEmptyNonTerminals(Map<Name, ZoneNode> nodes) {
    for (ZoneNode node : new ArrayList<>(nodes.values())) {
      Name apex = node.zone().apex();
      for (int drop = 1; drop < node.name().labels() - apex.labels(); drop++) {
        Name ancestor = new Name(node.name(), drop);
        nodes.putIfAbsent(ancestor, new ZoneNode(node.zone(), ancestor, new Empty()));
      }
    }
  }

  private static void add(Map<Name, ZoneNode> nodes, ZoneNode node, String what) {
    ZoneNode previous = nodes.putIfAbsent(node.name(), node);
    if (previous != null) {
      throw new IllegalArgumentException(
          what + " " + node.name() + " collides with a name already in the zone");
    }
  }

  private static Zone newZone(Name apex, Name nameServer, Name admin, long negativeTtl) {
    SOARecord soa =
        new SOARecord(
            apex, DClass.IN, ZONE_TTL, nameServer, admin, SERIAL, REFRESH, RETRY, EXPIRE,
            negativeTtl);
    return new Zone(apex, soa, List.of(new NSRecord(apex, DClass.IN, ZONE_TTL, nameServer)));
  }

  /** The listen address if it is a usable IPv4 literal (not 0.0.0.0), else 127.0.0.1. */
  static InetAddress nameServerAddressFor(String host) {
    return IpLiteral.tryParse(host)
        .filter(a -> a instanceof Inet4Address && !a.isAnyLocalAddress())
        .orElse(LOOPBACK);
  }

  private static Name parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    try {
      return Name.fromString(text.strip(), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + " is not a valid DNS name: " + e.getMessage(), e);
    }
  }

  private static Name child(String label, Name parent, String what) {
    try {
      return Name.concatenate(Name.fromString(label), parent);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(what + ": '" + label + "' is not a DNS label", e);
    } catch (NameTooLongException e) {
      throw new IllegalArgumentException(what + ": " + label + "." + parent + " is too long", e);
    }
  }

  private static String key(String site) {
    return site.toLowerCase(Locale.ROOT);
  }
}
