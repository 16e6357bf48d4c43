package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.edgecdn.dns.PopAddress;
import org.edgecdn.dns.PopHealth;
import org.edgecdn.dns.geo.PopChoice.Basis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a client to the healthy PoP with the shortest great-circle distance from its location.
 *
 * <ul>
 *   <li>Ties go to the PoP listed first, so the answer is stable.
 *   <li>A client with no known location gets the first healthy PoP in configuration order.
 *   <li>When no PoP is healthy the selector fails open: it picks among all PoPs as if all were
 *       healthy (an answer that may work beats SERVFAIL, which works never) and logs one warning
 *       per outage, not one per query.
 * </ul>
 *
 * <h2>Caching</h2>
 * The choice for a location depends only on the location and on which PoPs are healthy, so it is
 * computed once per (location row, health snapshot) and then served from memory: a query costs a
 * health check per PoP (to build the snapshot, a bit set of the healthy PoPs) and a hash lookup,
 * no great-circle arithmetic. Keying by the snapshot itself rather than by a version number
 * works with any {@link PopHealth}, which need not say when it changes: a change simply yields
 * another bit set, and the cache is replaced by an empty one. Locations come from the location
 * table, so the cache holds at most one entry per row; it stops growing at
 * {@value #MAX_CACHED} entries in case callers bring locations of their own.
 */
public final class NearestPopSelector implements PopSelector {

  private static final Logger log = LoggerFactory.getLogger(NearestPopSelector.class);

  /** The most locations remembered per health snapshot. */
  static final int MAX_CACHED = 65_536;

  private final List<Candidate> candidates;
  private final PopHealth health;
  private final AtomicBoolean failingOpen = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(-1);

  private record Candidate(PopAddress pop, InetAddress address) {}

  /** Choices made while exactly the PoPs in {@code healthy} (one bit each) were healthy. */
  private static final class Snapshot {
    final long healthy;
    final Map<ClientLocation, PopChoice> byLocation = new ConcurrentHashMap<>();
    volatile PopChoice unlocated;

    Snapshot(long healthy) {
      this.healthy = healthy;
    }
  }

  public NearestPopSelector(List<PopAddress> pops, PopHealth health) {
    if (pops.isEmpty()) {
      throw new IllegalArgumentException("no PoPs to choose from");
    }
    this.candidates = pops.stream().map(p -> new Candidate(p, p.inetAddress())).toList();
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
    if (location.isEmpty()) {
      PopChoice choice = current.unlocated;
      if (choice == null) {
        choice = choose(poolOf(healthy), healthy == 0, location);
        current.unlocated = choice;
      }
      return choice;
    }
    ClientLocation at = location.get();
    PopChoice choice = current.byLocation.get(at);
    if (choice == null) {
      choice = choose(poolOf(healthy), healthy == 0, location);
      if (current.byLocation.size() < MAX_CACHED) {
        current.byLocation.put(at, choice);
      }
    }
    return choice;
  }

  /** The choice from scratch, for more PoPs than a snapshot has bits. */
  private PopChoice compute(Optional<ClientLocation> location) {
    List<Candidate> healthy =
        candidates.stream().filter(c -> health.isHealthy(c.pop().name())).toList();
    boolean failOpen = healthy.isEmpty();
    noteFailOpen(failOpen);
    return choose(healthy, failOpen, location);
  }

  /** The PoPs whose bit is set, or all of them when none is (fail open). */
  private List<Candidate> poolOf(long healthy) {
    if (healthy == 0) {
      return candidates;
    }
    List<Candidate> pool = new ArrayList<>(Long.bitCount(healthy));
    for (int i = 0; i < candidates.size(); i++) {
      if ((healthy & 1L << i) != 0) {
        pool.add(candidates.get(i));
      }
    }
    return pool;
  }

  private PopChoice choose(
      List<Candidate> healthy, boolean failOpen, Optional<ClientLocation> location) {
    List<Candidate> pool = failOpen ? candidates : healthy;
    Candidate chosen = location.map(at -> nearest(pool, at)).orElse(pool.get(0));
    Basis basis =
        failOpen
            ? Basis.FAIL_OPEN
            : location.isPresent() ? Basis.NEAREST_HEALTHY : Basis.FIRST_HEALTHY;
    return new PopChoice(chosen.pop(), chosen.address(), basis);
  }

  private static Candidate nearest(List<Candidate> pool, ClientLocation at) {
    Candidate best = null;
    double bestKm = Double.POSITIVE_INFINITY;
    for (Candidate c : pool) {
      double km = GreatCircle.distanceKm(at.lat(), at.lon(), c.pop().lat(), c.pop().lon());
      if (km < bestKm) {
        best = c;
        bestKm = km;
      }
    }
    return best;
  }

  private void noteFailOpen(boolean failOpen) {
    if (failOpen && failingOpen.compareAndSet(false, true)) {
      log.warn(
          "DNS: no PoP is healthy; answering with the nearest of all {} PoPs (fail open)",
          candidates.size());
    } else if (!failOpen && failingOpen.compareAndSet(true, false)) {
      log.info("DNS: a PoP is healthy again; steering to healthy PoPs only");
    }
  }
}
