package org.edgecdn.dns.resolve;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.edgecdn.dns.DnsOptions;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.geo.Cidr;
import org.edgecdn.dns.geo.CidrTable;
import org.edgecdn.dns.geo.ClientLocation;
import org.edgecdn.dns.geo.NearestPopSelector;
import org.edgecdn.dns.geo.PopChoice;
import org.edgecdn.dns.geo.PopCost;
import org.edgecdn.dns.geo.RttEstimate;
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
 * holds the name, whether it is steered, which location row placed the client, every PoP's cost
 * (latency-matrix RTT, estimated RTT or distance), weight, effective cost and health, and which
 * PoP won and why.
 *
 * <p>It runs the same parts the server runs ({@link ZoneSet}, {@link CidrTable},
 * {@link NearestPopSelector}, whose {@link NearestPopSelector#costs costs} and
 * {@link PopCost#PREFERENCE order} it lists), so the explanation cannot drift from the behaviour.
 * Pure: no sockets, no clock.
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
    this.selector = new NearestPopSelector(options.pops(), options.steering(), health);
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
    // Stable: equal keys keep configuration order, as the selector's ties do.
    List<PopCost> ranked = new ArrayList<>(selector.costs(location));
    ranked.sort(PopCost.PREFERENCE);
    lines.add(costBasis(location));
    lines.add(location.isPresent()
        ? "PoPs by effective cost (cost / weight; weight 0 drains a PoP), best first:"
        : "PoPs in configuration order, drained ones (weight 0) last:");
    lines.add(String.format(Locale.ROOT, "    %-8s %-15s %10s %-9s %6s %10s  %s",
        "pop", "address", "cost", "basis", "weight", "effective", "health"));
    String chosenName = choice.pop().name();
    for (PopCost cost : ranked) {
      boolean chosen = cost.pop().name().equals(chosenName);
      lines.add(String.format(Locale.ROOT, "  %s %-8s %-15s %10s %-9s %6s %10s  %-7s%s",
          chosen ? "*" : " ", cost.pop().name(), cost.pop().address(),
          amount(cost.cost(), cost.basis()), cost.basis().label(), number(cost.weight()),
          cost.drained() ? "drained" : amount(cost.effective(), cost.basis()),
          healthy(cost) ? "healthy" : "down",
          chosen ? "  <- chosen" : "").stripTrailing());
    }
    lines.add("why: " + why(choice, ranked, location.isPresent()));
    weightsDecided(choice, selector.costs(location)).ifPresent(lines::add);
    List<String> drained = ranked.stream().filter(PopCost::drained)
        .map(c -> c.pop().name()).toList();
    if (!drained.isEmpty() && choice.basis() != PopChoice.Basis.DRAINED_ONLY) {
      lines.add("drained: " + String.join(", ", drained) + " (weight 0) "
          + (drained.size() == 1 ? "gets" : "get")
          + " clients only when no PoP with a weight above 0 is healthy");
    }
    lines.add("answer: " + owner + " " + zones.answerTtl() + " " + rrType(choice.address()) + " "
        + choice.address().getHostAddress());
    return new Explanation(lines, "NOERROR", Optional.of(chosenName));
  }

  /** What the costs are measured in for this client, and where they come from. */
  private String costBasis(Optional<ClientLocation> location) {
    if (location.isEmpty()) {
      return "cost: none without a location; configuration order decides";
    }
    String region = location.get().region();
    if (options.steering().latencyFrom(region).isPresent()) {
      return String.format(Locale.ROOT, "cost: RTT in ms from region %s: measured (the latency"
          + " matrix) or, for a PoP its row leaves out, estimated as 2 x km / (%.0f km/ms x %.2f)"
          + " + %.0f ms", region, RttEstimate.FIBER_KM_PER_MS, RttEstimate.PATH_STRETCH,
          RttEstimate.UNMEASURED_OVERHEAD_MS);
    }
    return "cost: great-circle distance in km ("
        + (options.steering().latencyMs().isEmpty()
            ? "no latency matrix"
            : "the latency matrix has no row for region " + region)
        + ")";
  }

  private String why(PopChoice choice, List<PopCost> ranked, boolean located) {
    String name = choice.pop().name();
    PopCost chosen = ranked.stream().filter(c -> c.pop().name().equals(name)).findFirst()
        .orElseThrow();
    // Whatever ranks before the chosen PoP is down: the selector takes the best healthy one.
    List<String> better = ranked.subList(0, ranked.indexOf(chosen)).stream()
        .map(c -> c.pop().name()).toList();
    String downBefore = better.isEmpty() ? "" : "; " + String.join(", ", better)
        + (better.size() == 1 ? " ranks" : " rank") + " higher but "
        + (better.size() == 1 ? "is" : "are") + " down";
    return switch (choice.basis()) {
      case NEAREST_HEALTHY -> name + " has the lowest effective cost ("
          + amount(chosen.effective(), chosen.basis()) + ")"
          + (better.isEmpty() ? " and is healthy" : " of the healthy PoPs" + downBefore);
      case FIRST_HEALTHY -> name + " is the first healthy PoP in configuration order"
          + " (no location)" + downBefore;
      case DRAINED_ONLY -> "every healthy PoP is drained (weight 0), so the "
          + (located ? "lowest-cost" : "first") + " of them, " + name + ", is given"
          + downBefore;
      case FAIL_OPEN -> "no PoP is healthy, so the " + (located ? "best" : "first")
          + " of all is given (fail open: an answer that may work beats none)";
    };
  }

  /**
   * A line when the weights changed the winner: the healthy PoP that plain costs would choose,
   * from {@code costs} in configuration order (the first of equal costs wins, as in the selector).
   */
  private Optional<String> weightsDecided(PopChoice choice, List<PopCost> costs) {
    if (choice.basis() != PopChoice.Basis.NEAREST_HEALTHY) {
      return Optional.empty();
    }
    PopCost plain = null;
    PopCost chosen = null;
    for (PopCost cost : costs) {
      if (cost.pop().name().equals(choice.pop().name())) {
        chosen = cost;
      }
      if (healthy(cost) && !cost.drained() && (plain == null || cost.cost() < plain.cost())) {
        plain = cost;
      }
    }
    if (plain == null || chosen == null || plain == chosen) {
      return Optional.empty();
    }
    return Optional.of("weights: by cost alone " + plain.pop().name() + " ("
        + amount(plain.cost(), plain.basis()) + ") would beat " + chosen.pop().name() + " ("
        + amount(chosen.cost(), chosen.basis()) + "); weight " + number(chosen.weight())
        + " against " + number(plain.weight()) + " turns that round");
  }

  private boolean healthy(PopCost cost) {
    return health.isHealthy(cost.pop().name());
  }

  /** {@code 479 km}, {@code 12.3 ms}, or {@code -} when there is no cost. */
  private static String amount(double value, PopCost.Basis basis) {
    return switch (basis) {
      case DISTANCE -> String.format(Locale.ROOT, "%,.0f km", value);
      case MATRIX_RTT, ESTIMATED_RTT -> String.format(Locale.ROOT, "%.1f ms", value);
      case NONE -> "-";
    };
  }

  /** A weight as written: 1, 2, 0.5. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String rrType(InetAddress address) {
    return address.getAddress().length == 4 ? "A" : "AAAA";
  }
}
