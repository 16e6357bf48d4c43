package org.edgecdn.dns.resolve;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.geo.Cidr;
import org.edgecdn.dns.geo.CidrTable;
import org.edgecdn.dns.geo.ClientLocation;
import org.edgecdn.dns.geo.GreatCircle;
import org.edgecdn.dns.geo.NearestPopSelector;
import org.edgecdn.dns.geo.PopChoice;
import org.edgecdn.dns.zone.NameLookup;
import org.edgecdn.dns.zone.NameLookup.Found;
import org.edgecdn.dns.zone.NameLookup.NoSuchName;
import org.edgecdn.dns.zone.NodeData;
import org.edgecdn.dns.zone.NodeData.Alias;
import org.edgecdn.dns.zone.NodeData.Host;
import org.edgecdn.dns.zone.NodeData.Steered;
import org.edgecdn.dns.zone.Zone;
import org.edgecdn.dns.zone.ZoneNode;
import org.edgecdn.dns.zone.ZoneSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Tells, in words, how the server answers an address query for a name from a client: which zone
 * holds the name, whether it is steered, which location row placed the client, every PoP's
 * distance and health, and which PoP won and why.
 *
 * <p>It runs the same parts the server runs ({@link ZoneSet}, {@link CidrTable},
 * {@link NearestPopSelector}), so the explanation cannot drift from the behaviour; the distances
 * it lists are computed again beside them for display. Pure: no sockets, no clock.
 */
public final class SteeringExplainer {

  private final DnsOptions options;
  private final ZoneSet zones;
  private final CidrTable locations;
  private final PopHealth health;
  private final NearestPopSelector selector;

  private SteeringExplainer(DnsOptions options, PopHealth health) {
    this.options = options;
    this.zones = ZoneSet.of(options);
    this.locations = CidrTable.of(options.locations());
    this.health = Objects.requireNonNull(health, "health");
    this.selector = new NearestPopSelector(options.pops(), health);
  }

  /** An explainer for the network in {@code options}, with PoP health as {@code health} says. */
  public static SteeringExplainer create(DnsOptions options, PopHealth health) {
    return new SteeringExplainer(Objects.requireNonNull(options, "options"), health);
  }

  /**
   * How an A/AAAA query for {@code name} from {@code client} is answered; with a Client Subnet
   * {@code subnet} (source prefix above 0) the subnet's address locates the client, as in the
   * server.
   */
  public Explanation explain(String name, InetAddress client, Optional<Cidr> subnet) {
    List<String> lines = new ArrayList<>();
    Name qname;
    try {
      qname = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      lines.add("name: '" + name + "' is not a valid domain name: " + e.getMessage());
      return new Explanation(lines, "FORMERR", Optional.empty());
    }
    lines.add("query: " + qname + " A/AAAA from " + client.getHostAddress()
        + subnet.map(s -> " with Client Subnet " + s).orElse(""));
    NameLookup lookup = zones.lookup(qname);
    if (lookup instanceof NoSuchName missing) {
      lines.add("name: inside zone " + missing.zone().apex() + " but it does not exist there");
      lines.add("answer: NXDOMAIN with the SOA of " + missing.zone().apex()
          + " (negative TTL " + missing.zone().negativeSoa().getTTL() + " s)");
      return new Explanation(lines, "NXDOMAIN", Optional.empty());
    }
    if (!(lookup instanceof Found found)) {
      lines.add("name: outside every zone served here ("
          + zones.zones().stream().map(z -> z.apex().toString()).sorted()
              .collect(Collectors.joining(", "))
          + ")");
      lines.add("answer: REFUSED (this server is authoritative only, never recursive)");
      return new Explanation(lines, "REFUSED", Optional.empty());
    }
    ZoneNode node = found.node();
    NodeData data = node.data();
    if (data instanceof Alias alias) {
      lines.add("name: customer domain of site " + alias.site() + " in zone " + node.zone().apex()
          + ": CNAME " + alias.target() + " (TTL " + zones.answerTtl() + " s), followed in the"
          + " same answer");
      return steer(lines, alias.target(), client, subnet);
    }
    if (data instanceof Steered steered) {
      lines.add("name: " + (node.isApex() ? "customer apex" : "site name") + " of site "
          + steered.site() + " in zone " + node.zone().apex() + ": steered A/AAAA");
      return steer(lines, qname, client, subnet);
    }
    if (data instanceof Host host) {
      lines.add("name: the name server, a fixed record, not steered");
      lines.add("answer: " + qname + " " + ZoneSet.ZONE_TTL + " " + rrType(host.address()) + " "
          + host.address().getHostAddress());
      return new Explanation(lines, "NOERROR", Optional.empty());
    }
    Zone zone = node.zone();
    lines.add("name: exists in zone " + zone.apex() + " but holds no address record");
    lines.add("answer: NODATA (NOERROR, no answer, the SOA of " + zone.apex() + ")");
    return new Explanation(lines, "NOERROR", Optional.empty());
  }

  private Explanation steer(
      List<String> lines, Name owner, InetAddress client, Optional<Cidr> subnet) {
    boolean bySubnet = subnet.filter(s -> s.prefixLength() > 0).isPresent();
    InetAddress locateBy = bySubnet ? subnet.get().network() : client;
    lines.add("client: located by " + (bySubnet
        ? "the Client Subnet " + subnet.get() + " (the reply echoes scope /"
            + subnet.get().prefixLength() + ")"
        : "the source address " + client.getHostAddress()));
    Optional<CidrTable.Match> match = locations.match(locateBy);
    Optional<ClientLocation> location = match.map(CidrTable.Match::location);
    lines.add(match
        .map(m -> String.format(Locale.ROOT, "location: row %s -> %.2f, %.2f (%s, %s)",
            m.cidr(), m.location().lat(), m.location().lon(), m.location().country(),
            m.location().region()))
        .orElse("location: no row of the " + locations.size() + "-row table contains "
            + locateBy.getHostAddress() + "; the client has no known location"));

    PopChoice choice = selector.select(location);
    List<PopAddress> pops = new ArrayList<>(options.pops());
    if (location.isPresent()) {
      ClientLocation at = location.get();
      // Stable sort: equal distances keep configuration order, as the selector's ties do.
      pops.sort(Comparator.comparingDouble(p -> km(at, p)));
    }
    lines.add(location.isPresent()
        ? "PoPs by great-circle distance:"
        : "PoPs in configuration order:");
    for (PopAddress pop : pops) {
      boolean chosen = pop.name().equals(choice.pop().name());
      lines.add(String.format(Locale.ROOT, "  %s %-8s %-15s %s  %-7s%s",
          chosen ? "*" : " ", pop.name(), pop.address(),
          location.map(at -> String.format(Locale.ROOT, "%,9.0f km", km(at, pop)))
              .orElse("           "),
          health.isHealthy(pop.name()) ? "healthy" : "down",
          chosen ? "  <- chosen" : "").stripTrailing());
    }
    String why = switch (choice.basis()) {
      case NEAREST_HEALTHY -> {
        Optional<PopAddress> nearest = pops.stream().findFirst();
        yield nearest.filter(n -> n.name().equals(choice.pop().name())).isPresent()
            ? choice.pop().name() + " is the nearest PoP and it is healthy"
            : choice.pop().name() + " is the nearest healthy PoP; nearer ones are down";
      }
      case FIRST_HEALTHY -> choice.pop().name()
          + " is the first healthy PoP in configuration order (no location)";
      case FAIL_OPEN -> "no PoP is healthy, so the " + (location.isPresent() ? "nearest" : "first")
          + " of all is given (fail open: an answer that may work beats none)";
    };
    lines.add("why: " + why);
    lines.add("answer: " + owner + " " + zones.answerTtl() + " " + rrType(choice.address()) + " "
        + choice.address().getHostAddress());
    return new Explanation(lines, "NOERROR", Optional.of(choice.pop().name()));
  }

  private static double km(ClientLocation at, PopAddress pop) {
    return GreatCircle.distanceKm(at.lat(), at.lon(), pop.lat(), pop.lon());
  }

  private static String rrType(InetAddress address) {
    return address.getAddress().length == 4 ? "A" : "AAAA";
  }
}
