package org.edgecdn.dns.geo;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 */
public final class NearestPopSelector implements PopSelector {

  private static final Logger log = LoggerFactory.getLogger(NearestPopSelector.class);

  private final List<Candidate> candidates;
  private final PopHealth health;
  private final AtomicBoolean failingOpen = new AtomicBoolean();

  private record Candidate(PopAddress pop, InetAddress address) {}

  public NearestPopSelector(List<PopAddress> pops, PopHealth health) {
    if (pops.isEmpty()) {
      throw new IllegalArgumentException("no PoPs to choose from");
    }
    this.candidates = pops.stream().map(p -> new Candidate(p, p.inetAddress())).toList();
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public PopChoice select(Optional<ClientLocation> location) {
    List<Candidate> healthy =
        candidates.stream().filter(c -> health.isHealthy(c.pop().name())).toList();
    boolean failOpen = healthy.isEmpty();
    noteFailOpen(failOpen);
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
