package org.edgecdn.dns.anycast;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the anycast model. The defaults are plain, published orders of magnitude, not
 * measurements of any real network; the point is the comparison under equal assumptions.
 *
 * @param clients how many clients to place
 * @param seed the random seed: the same seed and inputs give the same report
 * @param networksPerRegion access networks (eyeball ASes) per location row
 * @param transits transit providers, which peer with one another (a tier-1 clique)
 * @param spreadKm clients are placed up to this far from their row's point
 * @param accessMinMs lowest last-mile RTT added to every client's RTT
 * @param accessMaxMs highest last-mile RTT (uniform between the two)
 * @param transitPeeringShare chance that a given transit peers with a given PoP
 * @param directPeeringShare chance that an access network peers directly with its nearest PoP
 *     (at a shared exchange point)
 * @param maxProviders each access network buys transit from 1 to this many providers
 * @param mraiPerHop modelled BGP convergence delay per AS hop of the withdrawn route (MRAI-like)
 * @param dnsTtl the TTL of DNS answers: a resolver may use a cached answer this long
 * @param probeDetection how long the DNS health probes take to call a dead PoP down (interval ×
 *     failures needed)
 */
public record SimulationOptions(
    int clients,
    long seed,
    int networksPerRegion,
    int transits,
    double spreadKm,
    double accessMinMs,
    double accessMaxMs,
    double transitPeeringShare,
    double directPeeringShare,
    int maxProviders,
    Duration mraiPerHop,
    Duration dnsTtl,
    Duration probeDetection) {

  public static final int DEFAULT_CLIENTS = 10_000;
  public static final int DEFAULT_NETWORKS_PER_REGION = 4;
  public static final int DEFAULT_TRANSITS = 6;
  public static final double DEFAULT_SPREAD_KM = 500;
  public static final double DEFAULT_ACCESS_MIN_MS = 2;
  public static final double DEFAULT_ACCESS_MAX_MS = 15;
  public static final double DEFAULT_TRANSIT_PEERING_SHARE = 0.5;
  public static final double DEFAULT_DIRECT_PEERING_SHARE = 0.3;
  public static final int DEFAULT_MAX_PROVIDERS = 2;
  /** RFC 4271 §10 suggests 30 s for eBGP MRAI; many networks run far lower, hence 2 s. */
  public static final Duration DEFAULT_MRAI_PER_HOP = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DNS_TTL = Duration.ofSeconds(20);
  /** 1 s probe interval × 2 failures. */
  public static final Duration DEFAULT_PROBE_DETECTION = Duration.ofSeconds(2);

  public SimulationOptions {
    positive(clients, "clients");
    positive(networksPerRegion, "networks per region");
    positive(transits, "transits");
    positive(maxProviders, "max providers");
    if (!(spreadKm >= 0)) {
      throw new IllegalArgumentException("spread " + spreadKm + " km is negative");
    }
    if (!(accessMinMs >= 0 && accessMaxMs >= accessMinMs)) {
      throw new IllegalArgumentException(
          "access latency " + accessMinMs + ".." + accessMaxMs + " ms is not a range >= 0");
    }
    share(transitPeeringShare, "transit peering share");
    share(directPeeringShare, "direct peering share");
    Objects.requireNonNull(mraiPerHop, "mraiPerHop");
    Objects.requireNonNull(dnsTtl, "dnsTtl");
    Objects.requireNonNull(probeDetection, "probeDetection");
  }

  /** The defaults with the given client count and seed. */
  public static SimulationOptions defaults(int clients, long seed) {
    return new SimulationOptions(clients, seed, DEFAULT_NETWORKS_PER_REGION, DEFAULT_TRANSITS,
        DEFAULT_SPREAD_KM, DEFAULT_ACCESS_MIN_MS, DEFAULT_ACCESS_MAX_MS,
        DEFAULT_TRANSIT_PEERING_SHARE, DEFAULT_DIRECT_PEERING_SHARE, DEFAULT_MAX_PROVIDERS,
        DEFAULT_MRAI_PER_HOP, DEFAULT_DNS_TTL, DEFAULT_PROBE_DETECTION);
  }

  /** A copy with another MRAI-like delay per AS hop. */
  public SimulationOptions withMraiPerHop(Duration perHop) {
    return new SimulationOptions(clients, seed, networksPerRegion, transits, spreadKm,
        accessMinMs, accessMaxMs, transitPeeringShare, directPeeringShare, maxProviders,
        perHop, dnsTtl, probeDetection);
  }

  /** A copy with another DNS TTL and probe detection time. */
  public SimulationOptions withDns(Duration ttl, Duration detection) {
    return new SimulationOptions(clients, seed, networksPerRegion, transits, spreadKm,
        accessMinMs, accessMaxMs, transitPeeringShare, directPeeringShare, maxProviders,
        mraiPerHop, ttl, detection);
  }

  private static void positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " " + value + " is not >= 1");
    }
  }

  private static void share(double value, String what) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " " + value + " is outside 0..1");
    }
  }
}
