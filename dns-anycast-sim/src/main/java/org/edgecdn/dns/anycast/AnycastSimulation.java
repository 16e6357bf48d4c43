package org.edgecdn.dns.anycast;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.anycast.Report.Convergence;
import org.edgecdn.dns.anycast.Report.Failure;
import org.edgecdn.dns.anycast.Report.Side;
import org.edgecdn.dns.anycast.Report.Situation;
import org.edgecdn.dns.anycast.Topology.Client;
import org.edgecdn.dns.anycast.Topology.Network;
import org.edgecdn.dns.anycast.Topology.Transit;
import org.edgecdn.dns.geo.GreatCircle;
import org.edgecdn.dns.geo.NearestPopSelector;
import org.edgecdn.dns.geo.RttEstimate;

/**
 * DNS steering against IP anycast on the same clients (DESIGN §6).
 *
 * <h2>1. Latency</h2>
 * A client's RTT to a PoP is {@code 2 × distance / (200 km/ms × 0.66) + access}: light in fibre
 * covers about 200,000 km/s, real paths are longer than the great circle (the factor 0.66 folds
 * that stretch in) [1], and the access term is the client's last mile. The same formula prices
 * every choice, so the columns differ only in which PoP each client reaches.
 *
 * <h2>2. Three ways to choose</h2>
 * <ul>
 *   <li><b>Best possible</b>: each client at its lowest-RTT PoP among those up: the ceiling.
 *   <li><b>DNS steering</b>: our {@link NearestPopSelector}, given what the server sees: the
 *       location of the client's resolver, i.e. its access network's row, not the client itself;
 *       with the network's steering options (latency matrix by region, PoP weights), as
 *       {@code cdn simulate anycast} passes them.
 *   <li><b>Anycast</b>: every PoP announces one prefix; each access network takes the route a
 *       BGP speaker would [2]: the shortest AS path, then the lowest latency from the network
 *       (hot-potato, standing in for IGP cost and MED), then the lowest PoP name so the result is
 *       deterministic. AS paths come from {@link Topology}: 1 hop by direct peering, 2 through a
 *       provider that peers with the PoP, 3 through a provider and another transit. A network
 *       whose provider peers only with a far PoP is sent there, however near another one is:
 *       the classic anycast detour [3].
 * </ul>
 *
 * <h2>3. A PoP withdraws</h2>
 * The PoP is removed and both choices run again; the clients it served move (no other client
 * does: removing a route never makes a surviving one worse). Convergence is modelled, not
 * simulated event by event: for anycast, the withdrawal travels back along the old AS path with
 * one MRAI-like delay per hop (default 2 s) [4]; for DNS, the probes need
 * {@link SimulationOptions#probeDetection()} to call the PoP down, then a resolver keeps its
 * cached answer for the rest of its TTL, uniform over [0, TTL].
 *
 * <p>[1] Singla et al., "The Internet at the Speed of Light", HotNets 2014 (paths ~1.5-2x the
 * great circle plus protocol overheads). [2] RFC 4271 §9.1.2.2. [3] Koch et al., "Anycast in
 * Context: A Tale of Two Systems", SIGCOMM 2021. [4] Labovitz et al., "Delayed Internet Routing
 * Convergence", SIGCOMM 2000.
 */
public final class AnycastSimulation {

  /** Light in fibre, km per millisecond. */
  public static final double FIBER_KM_PER_MS = RttEstimate.FIBER_KM_PER_MS;
  /** The share of fibre speed that real, longer-than-great-circle paths achieve. */
  public static final double PATH_STRETCH = RttEstimate.PATH_STRETCH;

  private AnycastSimulation() {}

  /** A route to the anycast prefix as an access network chose it. */
  public record Route(String pop, int asPathLength, double latencyMs) {}

  /** RTT in ms over {@code km} of great circle, plus the access latency. */
  public static double rttMs(double km, double accessMs) {
    return RttEstimate.pathMs(km) + accessMs;
  }

  /** Runs the model with DNS steering by distance alone (no latency matrix, equal weights). */
  public static Report run(Topology topology, SimulationOptions options, Optional<String> fail) {
    return run(topology, options, fail, SteeringOptions.none());
  }

  /**
   * Runs the model; with {@code fail}, also withdraws that PoP and reports the change. The DNS
   * column steers as the server would with {@code steering}: the latency matrix by client
   * region, and PoP weights.
   */
  public static Report run(Topology topology, SimulationOptions options, Optional<String> fail,
      SteeringOptions steering) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(steering, "steering");
    Objects.requireNonNull(options, "options");
    List<String> names = topology.pops().stream().map(PopAddress::name).toList();
    fail.ifPresent(pop -> {
      if (!names.contains(pop)) {
        throw new IllegalArgumentException(
            "no PoP named '" + pop + "' (PoPs: " + String.join(", ", names) + ")");
      }
      if (names.size() == 1) {
        throw new IllegalArgumentException("cannot fail " + pop + ": it is the only PoP");
      }
    });
    Set<String> all = new LinkedHashSet<>(names);
    Choices before = choose(topology, all, steering);
    Optional<Failure> failure = fail.map(pop -> {
      Set<String> alive = new LinkedHashSet<>(all);
      alive.remove(pop);
      Choices after = choose(topology, alive, steering);
      return new Failure(pop, after.situation(topology),
          moved(before.dns, after.dns), moved(before.anycast, after.anycast),
          dnsConvergence(options), anycastConvergence(topology, before, pop, options));
    });
    return new Report(topology.clients().size(), topology.networks().size(),
        topology.transits().size(), names, options.seed(), before.situation(topology), failure);
  }

  /**
   * The BGP-like choice of {@code network} among the {@code alive} PoPs: shortest AS path, then
   * lowest latency from the network's location, then lowest PoP name. Empty when none is
   * reachable.
   */
  public static Optional<Route> route(Topology topology, Network network, Set<String> alive) {
    return topology.pops().stream()
        .filter(pop -> alive.contains(pop.name()))
        .flatMap(pop -> asPathLength(topology, network, pop.name()).stream()
            .mapToObj(length -> new Route(pop.name(), length, rttMs(km(network, pop), 0))))
        .min(Comparator.comparingInt(Route::asPathLength)
            .thenComparingDouble(Route::latencyMs)
            .thenComparing(Route::pop));
  }

  /** AS hops from {@code network} to the anycast origin at {@code pop}, if reachable. */
  static java.util.OptionalInt asPathLength(Topology topology, Network network, String pop) {
    if (network.popPeers().contains(pop)) {
      return java.util.OptionalInt.of(1);
    }
    Map<String, Transit> transits = new HashMap<>();
    topology.transits().forEach(t -> transits.put(t.name(), t));
    if (network.providers().stream().anyMatch(p -> transits.get(p).popPeers().contains(pop))) {
      return java.util.OptionalInt.of(2);
    }
    // The providers peer with every other transit (the clique), which may peer with the PoP.
    if (!network.providers().isEmpty()
        && topology.transits().stream().anyMatch(t -> t.popPeers().contains(pop))) {
      return java.util.OptionalInt.of(3);
    }
    return java.util.OptionalInt.empty();
  }

  /** Each client's PoP under each way of choosing, by client index; null when unreachable. */
  private record Choices(String[] dns, String[] anycast, String[] best, Route[] routes) {

    Situation situation(Topology topology) {
      return new Situation(side(topology, dns, best), side(topology, anycast, best),
          side(topology, best, best));
    }
  }

  private static Choices choose(Topology topology, Set<String> alive,
      SteeringOptions steering) {
    List<Client> clients = topology.clients();
    Map<String, Network> networks = new HashMap<>();
    topology.networks().forEach(n -> networks.put(n.name(), n));
    NearestPopSelector selector =
        new NearestPopSelector(topology.pops(), steering, alive::contains);
    Map<String, String> dnsByNetwork = new HashMap<>();
    Map<String, Optional<Route>> routeByNetwork = new HashMap<>();
    for (Network n : topology.networks()) {
      dnsByNetwork.put(n.name(), selector.select(Optional.of(n.location())).pop().name());
      routeByNetwork.put(n.name(), route(topology, n, alive));
    }
    String[] dns = new String[clients.size()];
    String[] anycast = new String[clients.size()];
    String[] best = new String[clients.size()];
    Route[] routes = new Route[clients.size()];
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      dns[i] = dnsByNetwork.get(c.network());
      routes[i] = routeByNetwork.get(c.network()).orElse(null);
      anycast[i] = routes[i] == null ? null : routes[i].pop();
      best[i] = bestPop(topology, c, alive);
    }
    return new Choices(dns, anycast, best, routes);
  }

  private static String bestPop(Topology topology, Client client, Set<String> alive) {
    String best = null;
    double bestMs = Double.POSITIVE_INFINITY;
    for (PopAddress pop : topology.pops()) {
      double ms = rtt(client, pop);
      if (alive.contains(pop.name()) && ms < bestMs) {
        best = pop.name();
        bestMs = ms;
      }
    }
    return best;
  }

  private static Side side(Topology topology, String[] chosen, String[] best) {
    Map<String, PopAddress> pops = new HashMap<>();
    topology.pops().forEach(p -> pops.put(p.name(), p));
    Map<String, Integer> load = new LinkedHashMap<>();
    topology.pops().forEach(p -> load.put(p.name(), 0));
    double[] rtts = new double[chosen.length];
    int served = 0;
    int atBest = 0;
    double sum = 0;
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i] == null) {
        continue; // unreachable: counts against the share, not in the RTTs
      }
      Client client = topology.clients().get(i);
      double ms = rtt(client, pops.get(chosen[i]));
      rtts[served++] = ms;
      sum += ms;
      load.merge(chosen[i], 1, Integer::sum);
      if (chosen[i].equals(best[i]) || ms <= rtt(client, pops.get(best[i]))) {
        atBest++;
      }
    }
    double[] sorted = Arrays.copyOf(rtts, served);
    Arrays.sort(sorted);
    return new Side(chosen.length == 0 ? 0 : (double) atBest / chosen.length,
        served == 0 ? 0 : sum / served, percentile(sorted, 0.95), load);
  }

  private static int moved(String[] before, String[] after) {
    int moved = 0;
    for (int i = 0; i < before.length; i++) {
      if (!Objects.equals(before[i], after[i])) {
        moved++;
      }
    }
    return moved;
  }

  /** Detection, then the remaining TTL of the cached answer, uniform over [0, TTL]. */
  private static Convergence dnsConvergence(SimulationOptions options) {
    double detection = options.probeDetection().toMillis() / 1000.0;
    double ttl = options.dnsTtl().toMillis() / 1000.0;
    return new Convergence(detection + ttl / 2, detection + 0.95 * ttl, detection + ttl);
  }

  /** For each client whose route led to {@code pop}: its old AS path length × the hop delay. */
  private static Convergence anycastConvergence(
      Topology topology, Choices before, String pop, SimulationOptions options) {
    double perHop = options.mraiPerHop().toMillis() / 1000.0;
    double[] times = Arrays.stream(before.routes)
        .filter(r -> r != null && r.pop().equals(pop))
        .mapToDouble(r -> r.asPathLength() * perHop)
        .sorted()
        .toArray();
    if (times.length == 0) {
      return new Convergence(0, 0, 0);
    }
    return new Convergence(Arrays.stream(times).average().orElse(0), percentile(times, 0.95),
        times[times.length - 1]);
  }

  /** Nearest-rank percentile of sorted values; 0 for none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double rtt(Client client, PopAddress pop) {
    return rttMs(GreatCircle.distanceKm(client.lat(), client.lon(), pop.lat(), pop.lon()),
        client.accessMs());
  }

  private static double km(Network network, PopAddress pop) {
    return GreatCircle.distanceKm(
        network.location().lat(), network.location().lon(), pop.lat(), pop.lon());
  }
}
