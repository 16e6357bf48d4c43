package org.edgecdn.dns.geo;

import java.util.Comparator;
import org.edgecdn.dns.PopAddress;

/**
 * What sending a client to one PoP costs, as the selector weighs it.
 *
 * @param pop the PoP
 * @param basis where {@code cost} comes from, and so its unit
 * @param cost milliseconds of RTT, or kilometres of great circle for {@link Basis#DISTANCE}; 0
 *     when the client has no location
 * @param weight the PoP's weight: 0 drains it, 1 is the default
 */
public record PopCost(PopAddress pop, Basis basis, double cost, double weight) {

  /**
   * The order of preference: PoPs with weight above 0 first, by effective cost; then drained
   * ones by cost. Equal keys compare equal, so a stable sort of PoPs in configuration order
   * leaves ties to the PoP listed first, as the selector does.
   */
  public static final Comparator<PopCost> PREFERENCE = (a, b) -> a.drained() != b.drained()
      ? (a.drained() ? 1 : -1)
      : Double.compare(a.rankKey(), b.rankKey());

  /** Where a cost comes from. */
  public enum Basis {
    /** The RTT the latency matrix lists from the client's region to this PoP. */
    MATRIX_RTT("matrix", "ms"),
    /**
     * The client's region has a matrix row but it does not list this PoP: an RTT estimated from
     * distance by {@link RttEstimate#unmeasuredMs}.
     */
    ESTIMATED_RTT("estimated", "ms"),
    /** The client's region has no matrix row: great-circle distance. */
    DISTANCE("distance", "km"),
    /** The client has no location: no cost, configuration order decides. */
    NONE("none", "");

    private final String label;
    private final String unit;

    Basis(String label, String unit) {
      this.label = label;
      this.unit = unit;
    }

    /** A short word for displays: matrix, estimated, distance, none. */
    public String label() {
      return label;
    }

    /** ms, km, or empty for {@link #NONE}. */
    public String unit() {
      return unit;
    }
  }

  /** Weight 0: the PoP gets clients only when no PoP with weight above 0 is healthy. */
  public boolean drained() {
    return weight == 0;
  }

  /**
   * {@code cost / weight}: what the PoP is compared by, so weight 2 halves its cost. Infinite for
   * a drained PoP, which loses to every PoP that is not drained.
   */
  public double effective() {
    return drained() ? Double.POSITIVE_INFINITY : cost / weight;
  }

  /** Drained PoPs are compared among themselves by their plain cost. */
  private double rankKey() {
    return drained() ? cost : cost / weight;
  }
}
