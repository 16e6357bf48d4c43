package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.SteeringOptions;
import org.edgecdn.dns.geo.PopChoice.Basis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a client to the healthy PoP of lowest effective cost: great-circle distance, or the RTT
 * of a configured latency matrix, divided by the PoP's weight.
 *
 * <h2>Cost</h2>
 * <ul>
 *   <li>A client whose location row has a region that the latency matrix lists
 *       ({@link SteeringOptions#latencyMs()}) is priced in milliseconds: a PoP's cost is the
 *       RTT the matrix gives from that region. A PoP the region's row leaves out costs the RTT
 *       {@link RttEstimate#unmeasuredMs estimated} from its distance, so that measured and
 *       unmeasured PoPs compare in one unit. Not "unknown = worst": matrices are filled a PoP at
 *       a time, and ranking a PoP nobody measured yet behind every measured one would keep a new
 *       PoP next door from ever getting the region's clients.
 *   <li>Every other client is priced in kilometres of great-circle distance, as before there was
 *       a matrix; costs are only ever compared for one client, so the two units never meet.
 * </ul>
 *
 * <h2>Weights</h2>
 * In the spirit of Route 53's geoproximity bias [1], a PoP's effective cost is its cost divided
 * by its weight ({@link SteeringOptions#weight}, 1 by default): weight 2 wins clients up to twice
 * as far (or as slow) as a rival of weight 1, weight 0.5 only those at most half as far. (Route
 * 53 multiplies the distance to a resource of positive bias b by 1 - b/100, so its bias 50 is
 * our weight 2.) Weight 0 drains a PoP: it is chosen only when no healthy PoP has a weight above
 * 0, and then drained PoPs compete among themselves by their plain cost. A weight never makes a
 * PoP healthy, and a client without a location is not weighed (there is no cost to scale).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Ties go to the PoP listed first, so the answer is stable.
 *   <li>A client with no known location gets the first healthy PoP in configuration order that
 *       is not drained (weights have no cost to scale), else the first healthy drained one.
 *   <li>When no PoP is healthy the selector fails open: it picks among all PoPs as if all were
 *       healthy, by the same rules, drained ones last (an answer that may work beats SERVFAIL,
 *       which works never) and logs one warning per outage, not one per query.
 * </ul>
 * {@link #costs} gives every PoP's cost for a location and {@link PopCost#PREFERENCE} their
 * order, so {@code cdn dns explain} shows the ranking this class acts on.
 *
 * <h2>Caching</h2>
 * The choice for a location depends only on the location (with its region) and on which PoPs are
 * healthy; matrix and weights are fixed for the selector's life. So it is computed once per
 * (location row, health snapshot) and then served from memory: a query costs a health check per
 * PoP (to build the snapshot, a bit set of the healthy PoPs) and a hash lookup, no distances,
 * no matrix, no division. Keying by the snapshot itself rather than by a version number works
 * with any {@link PopHealth}, which need not say when it changes: a change simply yields another
 * bit set, and the cache is replaced by an empty one. Locations come from the location table, so
 * the cache holds at most one entry per row; it stops growing at {@value #MAX_CACHED} entries in
 * case callers bring locations of their own.
 *
 * <p>[1] Amazon Route 53 Developer Guide, "Geoproximity routing" and its section "How Amazon
 * Route 53 uses bias to route traffic": a positive bias expands the area from which traffic is
 * routed to a resource, a negative one shrinks it.
 */
public final class NearestPopSelector implements PopSelector {

  private static final Logger log = LoggerFactory.getLogger(NearestPopSelector.class);

  /** The most locations remembered per health snapshot. */
  static final int MAX_CACHED = 65_536;

  private final List<Candidate> candidates;
  private final SteeringOptions steering;
  private final PopHealth health;
  private final AtomicBoolean failingOpen = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(-1);

  private record Candidate(PopAddress pop, InetAddress address, double weight) {}

  /** Choices made while exactly the PoPs in {@code healthy} (one bit each) were healthy. */
  private static final class Snapshot {
    final long healthy;
    final Map<ClientLocation, PopChoice> byLocation = new ConcurrentHashMap<>();
    volatile PopChoice unlocated;

    Snapshot(long healthy) {
      this.healthy = healthy;
    }
  }

  /** A selector by great-circle distance alone: no latency matrix, every weight 1. */
  public NearestPopSelector(List<PopAddress> pops, PopHealth health) {
    this(pops, SteeringOptions.none(), health);
  }

  /**
   * A selector weighing {@code steering}'s latency matrix and weights.
   *
   * @throws IllegalArgumentException if there are no PoPs, or {@code steering} names a PoP that
   *     is not among them
   */
  public NearestPopSelector(List<PopAddress> pops, SteeringOptions steering, PopHealth health) {
    if (pops.isEmpty()) {
      throw new IllegalArgumentException("no PoPs to choose from");
    }
    this.steering = Objects.requireNonNull(steering, "steering");
    steering.requireKnownPops(pops.stream().map(PopAddress::name).toList());
    this.candidates = pops.stream()
        .map(p -> new Candidate(p, p.inetAddress(), steering.weight(p.name())))
        .toList();
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public PopChoice select(Optional<ClientLocation> location) {
    if (candidates.size() > Long.SIZE) {
      return compute(location);
    }
    long healthy = 0;
    for (int i = 0; i < candidates.size(); i++) {
      if (health.isHealthy(candidates.get(i).pop().name())) {
        healthy |= 1L << i;
      }
    }
    noteFailOpen(healthy == 0);
    Snapshot current = snapshot;
    if (current.healthy != healthy) {
      current = new Snapshot(healthy);
      snapshot = current;
    }
    long bits = healthy;
    IntPredicate inPool = i -> bits == 0 || (bits & 1L << i) != 0;
    if (location.isEmpty()) {
      PopChoice choice = current.unlocated;
      if (choice == null) {
        choice = choose(inPool, healthy == 0, location);
        current.unlocated = choice;
      }
      return choice;
    }
    ClientLocation at = location.get();
    PopChoice choice = current.byLocation.get(at);
    if (choice == null) {
      choice = choose(inPool, healthy == 0, location);
      if (current.byLocation.size() < MAX_CACHED) {
        current.byLocation.put(at, choice);
      }
    }
    return choice;
  }

  /**
   * What each PoP costs a client at {@code location}, in configuration order, whatever its health.
   * Sorted by {@link PopCost#PREFERENCE} (a stable sort) and filtered to the healthy PoPs, the
   * first is the one {@link #select} gives.
   */
  public List<PopCost> costs(Optional<ClientLocation> location) {
    Optional<Map<String, Double>> row =
        location.flatMap(at -> steering.latencyFrom(at.region()));
    List<PopCost> costs = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      PopAddress pop = c.pop();
      if (location.isEmpty()) {
        costs.add(new PopCost(pop, PopCost.Basis.NONE, 0, c.weight()));
        continue;
      }
      ClientLocation at = location.get();
      Double measured = row.map(r -> r.get(pop.name())).orElse(null);
      if (measured != null) {
        costs.add(new PopCost(pop, PopCost.Basis.MATRIX_RTT, measured, c.weight()));
        continue;
      }
      double km = GreatCircle.distanceKm(at.lat(), at.lon(), pop.lat(), pop.lon());
      costs.add(row.isPresent()
          ? new PopCost(pop, PopCost.Basis.ESTIMATED_RTT, RttEstimate.unmeasuredMs(km), c.weight())
          : new PopCost(pop, PopCost.Basis.DISTANCE, km, c.weight()));
    }
    return costs;
  }

  /** The choice from scratch, for more PoPs than a snapshot has bits. */
  private PopChoice compute(Optional<ClientLocation> location) {
    boolean[] healthy = new boolean[candidates.size()];
    boolean failOpen = true;
    for (int i = 0; i < healthy.length; i++) {
      healthy[i] = health.isHealthy(candidates.get(i).pop().name());
      failOpen &= !healthy[i];
    }
    noteFailOpen(failOpen);
    boolean all = failOpen;
    return choose(i -> all || healthy[i], failOpen, location);
  }

  /** The most preferred PoP among those {@code inPool} admits (all of them when failing open). */
  private PopChoice choose(
      IntPredicate inPool, boolean failOpen, Optional<ClientLocation> location) {
    List<PopCost> costs = costs(location);
    int best = -1;
    for (int i = 0; i < costs.size(); i++) {
      // Strictly less: on a tie the PoP listed first stays.
      if (inPool.test(i)
          && (best < 0 || PopCost.PREFERENCE.compare(costs.get(i), costs.get(best)) < 0)) {
        best = i;
      }
    }
    Candidate chosen = candidates.get(best);
    Basis basis;
    if (failOpen) {
      basis = Basis.FAIL_OPEN;
    } else if (costs.get(best).drained()) {
      basis = Basis.DRAINED_ONLY;
    } else {
      basis = location.isPresent() ? Basis.NEAREST_HEALTHY : Basis.FIRST_HEALTHY;
    }
    return new PopChoice(chosen.pop(), chosen.address(), basis);
  }

  private void noteFailOpen(boolean failOpen) {
    if (failOpen && failingOpen.compareAndSet(false, true)) {
      log.warn(
          "DNS: no PoP is healthy; answering with the best of all {} PoPs (fail open)",
          candidates.size());
    } else if (!failOpen && failingOpen.compareAndSet(true, false)) {
      log.info("DNS: a PoP is healthy again; steering to healthy PoPs only");
    }
  }
}
