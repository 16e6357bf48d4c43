package org.edgecdn.dns.anycast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.edgecdn.dns.LocationRow;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.geo.ClientLocation;
import org.edgecdn.dns.geo.GreatCircle;

/**
 * The world the simulation runs in: PoPs, transit providers, access networks and clients. Built
 * by hand in tests, or {@link #generate generated} from the network's PoPs and location table.
 *
 * <p>The AS graph has three layers. Access networks (eyeball ASes) buy transit from one or more
 * providers and may peer directly with a PoP at an exchange. Transit providers peer with one
 * another (a clique, as the tier-1 networks do) and with some PoPs. Every PoP announces the same
 * anycast prefix from the same origin AS, so an access network reaches a PoP in 1 AS hop (direct
 * peering), 2 (its provider peers with the PoP) or 3 (its provider, then another transit).
 *
 * @param pops the PoPs, in configuration order
 * @param transits the transit providers
 * @param networks the access networks
 * @param clients the clients, each in one access network
 */
public record Topology(
    List<PopAddress> pops, List<Transit> transits, List<Network> networks, List<Client> clients) {

  /** Direct peering happens at a shared exchange, so only with a PoP in the same metro area. */
  public static final double DIRECT_PEERING_MAX_KM = 1500;

  /** A transit provider and the PoPs it peers with. */
  public record Transit(String name, Set<String> popPeers) {
    public Transit {
      popPeers = Set.copyOf(popPeers);
    }
  }

  /**
   * An access network: where it is (its resolvers too, so this is also where DNS places its
   * clients), its transit providers and the PoPs it peers with directly.
   */
  public record Network(
      String name, ClientLocation location, List<String> providers, Set<String> popPeers) {
    public Network {
      providers = List.copyOf(providers);
      popPeers = Set.copyOf(popPeers);
    }
  }

  /** A client: its network, where it is, and its last-mile RTT. */
  public record Client(String network, double lat, double lon, double accessMs) {}

  public Topology {
    pops = List.copyOf(pops);
    transits = List.copyOf(transits);
    networks = List.copyOf(networks);
    clients = List.copyOf(clients);
    if (pops.isEmpty()) {
      throw new IllegalArgumentException("no PoPs to simulate");
    }
    Set<String> popNames = new TreeSet<>();
    pops.forEach(p -> popNames.add(p.name()));
    Set<String> transitNames = new TreeSet<>();
    for (Transit t : transits) {
      transitNames.add(t.name());
      check(popNames.containsAll(t.popPeers()), "transit " + t.name() + " peers with no such PoP");
    }
    Set<String> networkNames = new TreeSet<>();
    for (Network n : networks) {
      networkNames.add(n.name());
      check(transitNames.containsAll(n.providers()), "network " + n.name() + ": no such provider");
      check(popNames.containsAll(n.popPeers()), "network " + n.name() + " peers with no such PoP");
    }
    for (Client c : clients) {
      check(networkNames.contains(c.network()), "client in no such network " + c.network());
    }
  }

  /** The network named {@code name}. */
  public Network network(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * A seeded topology: {@code options.transits()} providers, each peering with each PoP with
   * {@link SimulationOptions#transitPeeringShare()} (at least one PoP each, and every PoP with at
   * least one provider); {@link SimulationOptions#networksPerRegion()} access networks at each
   * location row's point, each with 1 to {@link SimulationOptions#maxProviders()} providers and,
   * with {@link SimulationOptions#directPeeringShare()}, a direct peering with its nearest PoP if
   * that is within {@value #DIRECT_PEERING_MAX_KM} km; clients spread uniformly over the rows,
   * then over a row's networks, placed up to {@link SimulationOptions#spreadKm()} from its point.
   */
  public static Topology generate(
      List<PopAddress> pops, List<LocationRow> rows, SimulationOptions options) {
    Objects.requireNonNull(options, "options");
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          "the location table is empty: there are no regions to place clients in");
    }
    Random random = new Random(options.seed());
    List<Set<String>> transitPeers = new ArrayList<>();
    for (int t = 0; t < options.transits(); t++) {
      Set<String> peers = new LinkedHashSet<>();
      for (PopAddress pop : pops) {
        if (random.nextDouble() < options.transitPeeringShare()) {
          peers.add(pop.name());
        }
      }
      if (peers.isEmpty()) {
        peers.add(pops.get(random.nextInt(pops.size())).name());
      }
      transitPeers.add(peers);
    }
    for (PopAddress pop : pops) {
      if (transitPeers.stream().noneMatch(peers -> peers.contains(pop.name()))) {
        transitPeers.get(random.nextInt(transitPeers.size())).add(pop.name());
      }
    }
    List<Transit> transits = new ArrayList<>();
    for (int t = 0; t < transitPeers.size(); t++) {
      transits.add(new Transit("transit-" + (t + 1), transitPeers.get(t)));
    }

    List<Network> networks = new ArrayList<>();
    Map<Integer, List<Network>> byRow = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      LocationRow row = rows.get(r);
      ClientLocation at = new ClientLocation(row.lat(), row.lon(), row.country(), row.region());
      PopAddress nearest = nearest(pops, at.lat(), at.lon());
      for (int i = 1; i <= options.networksPerRegion(); i++) {
        int providerCount = Math.min(transits.size(), 1 + random.nextInt(options.maxProviders()));
        List<String> providers = new ArrayList<>();
        while (providers.size() < providerCount) {
          String candidate = transits.get(random.nextInt(transits.size())).name();
          if (!providers.contains(candidate)) {
            providers.add(candidate);
          }
        }
        boolean direct = random.nextDouble() < options.directPeeringShare()
            && km(at.lat(), at.lon(), nearest) <= DIRECT_PEERING_MAX_KM;
        Network network = new Network(row.region() + "-" + (r + 1) + "." + i, at, providers,
            direct ? Set.of(nearest.name()) : Set.of());
        networks.add(network);
        byRow.computeIfAbsent(r, k -> new ArrayList<>()).add(network);
      }
    }

    List<Client> clients = new ArrayList<>(options.clients());
    for (int c = 0; c < options.clients(); c++) {
      int r = random.nextInt(rows.size());
      List<Network> local = byRow.get(r);
      Network network = local.get(random.nextInt(local.size()));
      double[] point = scatter(rows.get(r).lat(), rows.get(r).lon(), options.spreadKm(), random);
      double access = options.accessMinMs()
          + random.nextDouble() * (options.accessMaxMs() - options.accessMinMs());
      clients.add(new Client(network.name(), point[0], point[1], access));
    }
    return new Topology(pops, transits, networks, clients);
  }

  /** A point up to {@code radiusKm} from the given one, uniform over the disc. */
  static double[] scatter(double lat, double lon, double radiusKm, Random random) {
    double distance = radiusKm * Math.sqrt(random.nextDouble()) / GreatCircle.EARTH_RADIUS_KM;
    double bearing = random.nextDouble() * 2 * Math.PI;
    double phi1 = Math.toRadians(lat);
    double lambda1 = Math.toRadians(lon);
    double phi2 = Math.asin(Math.sin(phi1) * Math.cos(distance)
        + Math.cos(phi1) * Math.sin(distance) * Math.cos(bearing));
    double lambda2 = lambda1 + Math.atan2(Math.sin(bearing) * Math.sin(distance) * Math.cos(phi1),
        Math.cos(distance) - Math.sin(phi1) * Math.sin(phi2));
    double lon2 = (Math.toDegrees(lambda2) + 540) % 360 - 180;
    return new double[] {Math.toDegrees(phi2), lon2};
  }

  private static PopAddress nearest(List<PopAddress> pops, double lat, double lon) {
    PopAddress best = pops.get(0);
    for (PopAddress pop : pops) {
      if (km(lat, lon, pop) < km(lat, lon, best)) {
        best = pop;
      }
    }
    return best;
  }

  private static double km(double lat, double lon, PopAddress pop) {
    return GreatCircle.distanceKm(lat, lon, pop.lat(), pop.lon());
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
