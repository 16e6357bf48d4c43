package org.edgecdn.dns.geo;

/**
 * A round-trip time guessed from great-circle distance, for a PoP that the latency matrix does
 * not list for a client's region, so that it can be compared with the PoPs it does list:
 * <pre>
 *   RTT ms = 2 × km / (200 km/ms × 0.66) + 5 ms   (about km / 66 + 5)
 * </pre>
 * Light in fibre covers about 200 km per millisecond (refractive index about 1.47); real paths
 * are longer than the great circle, and the factor 0.66 folds that stretch in (Singla et al.
 * [1] find fibre paths about 1.5 to 2 times the great circle). The anycast model prices every
 * client-to-PoP path by the same formula ({@code AnycastSimulation.rttMs}). The fixed
 * {@value #UNMEASURED_OVERHEAD_MS} ms stands for what a measured RTT includes besides the path
 * (access network, queueing, the PoP's own stack) and sits at the low end of the 2 to 15 ms
 * access latency the anycast model draws from, so an estimate stays slightly optimistic: a PoP
 * nobody measured is not kept out by a guess, but does not beat a measured one by zero overhead.
 *
 * <p>Paris to Frankfurt (479 km) comes out at 12 ms, Paris to Ashburn (6200 km) at 99 ms.
 *
 * <p>[1] A. Singla, B. Chandrasekaran, P. B. Godfrey, B. Maggs, "The Internet at the Speed of
 * Light", HotNets 2014.
 */
public final class RttEstimate {

  /** Light in fibre, km per millisecond. */
  public static final double FIBER_KM_PER_MS = 200;
  /** The share of fibre speed that real, longer-than-great-circle paths achieve. */
  public static final double PATH_STRETCH = 0.66;
  /** Added to an unmeasured PoP's path time: the part of an RTT that is not the path. */
  public static final double UNMEASURED_OVERHEAD_MS = 5;

  private RttEstimate() {}

  /** Round-trip time in ms spent on the path alone over {@code km} of great circle. */
  public static double pathMs(double km) {
    return 2 * km / (FIBER_KM_PER_MS * PATH_STRETCH);
  }

  /** The RTT in ms that steering assumes for an unmeasured PoP {@code km} away. */
  public static double unmeasuredMs(double km) {
    return pathMs(km) + UNMEASURED_OVERHEAD_MS;
  }
}
