package org.edgecdn.dns;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the steering weighs besides distance: measured round-trip times from client regions to
 * PoPs, and a weight per PoP. How they are used is told in
 * {@link org.edgecdn.dns.geo.NearestPopSelector}; in short, a client whose location row has a
 * region listed here is priced by RTT, every other client by great-circle distance, and each
 * cost is divided by the PoP's weight.
 *
 * <p>The record checks its values when built (names are words, RTTs and weights finite and not
 * negative, no empty region row); {@link DnsOptions} checks the names against its PoPs and
 * location rows. Each failure is an {@link IllegalArgumentException} naming the value.
 *
 * @param latencyMs measured RTT in milliseconds, by client region (the {@code region} of a
 *     {@link LocationRow}, e.g. {@code eu-west}), then by PoP name; a region need not list every
 *     PoP. Kept in the order given.
 * @param weights the weight of each PoP by name, {@value #DEFAULT_WEIGHT} when absent, 0 or more:
 *     a PoP of weight 2 wins clients up to twice as far (or as slow) as a rival of weight 1, and
 *     weight 0 drains a PoP. Kept in the order given.
 */
public record SteeringOptions(
    Map<String, Map<String, Double>> latencyMs, Map<String, Double> weights) {

  /** The weight of a PoP that {@link #weights()} does not list. */
  public static final double DEFAULT_WEIGHT = 1.0;

  private static final SteeringOptions NONE = new SteeringOptions(Map.of(), Map.of());

  public SteeringOptions {
    Objects.requireNonNull(latencyMs, "steering: latency");
    Objects.requireNonNull(weights, "steering: weights");
    Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    latencyMs.forEach((region, row) -> {
      Checks.token(region, "steering: latency region");
      Objects.requireNonNull(row, "steering: latency from region '" + region + "'");
      if (row.isEmpty()) {
        throw new IllegalArgumentException("steering: latency from region '" + region
            + "' lists no PoP; leave the region out to steer it by distance");
      }
      Map<String, Double> copy = new LinkedHashMap<>();
      row.forEach((pop, ms) -> {
        String what = "steering: latency from region '" + region + "' to PoP '"
            + Checks.token(pop, "steering: latency PoP name") + "'";
        copy.put(pop, notNegative(ms, what, "ms"));
      });
      rows.put(region, Collections.unmodifiableMap(copy));
    });
    latencyMs = Collections.unmodifiableMap(rows);
    Map<String, Double> weightCopy = new LinkedHashMap<>();
    weights.forEach((pop, weight) -> {
      String what = "steering: weight of PoP '" + Checks.token(pop, "steering: weight PoP name")
          + "'";
      weightCopy.put(pop, notNegative(weight, what, "(0 drains the PoP, 1 is the default)"));
    });
    weights = Collections.unmodifiableMap(weightCopy);
  }

  /** No latency matrix and every weight 1: steering by great-circle distance alone. */
  public static SteeringOptions none() {
    return NONE;
  }

  /** A copy with {@code latencyMs} as the latency matrix. */
  public SteeringOptions withLatency(Map<String, Map<String, Double>> latencyMs) {
    return new SteeringOptions(latencyMs, weights);
  }

  /** A copy with {@code weights} as the weights. */
  public SteeringOptions withWeights(Map<String, Double> weights) {
    return new SteeringOptions(latencyMs, weights);
  }

  /** The weight of {@code pop}: as listed, else {@value #DEFAULT_WEIGHT}. */
  public double weight(String pop) {
    return weights.getOrDefault(pop, DEFAULT_WEIGHT);
  }

  /** The measured RTTs in ms from clients of {@code region} to PoPs, if the matrix has them. */
  public Optional<Map<String, Double>> latencyFrom(String region) {
    return Optional.ofNullable(latencyMs.get(region));
  }

  /**
   * Throws if the matrix or the weights name a PoP that is not in {@code pops}; the message
   * names the value and lists the PoPs.
   */
  public void requireKnownPops(Collection<String> pops) {
    latencyMs.forEach((region, row) -> row.keySet().forEach(pop -> {
      if (!pops.contains(pop)) {
        throw new IllegalArgumentException("steering: latency from region '" + region
            + "' names PoP '" + pop + "', which is not a PoP (PoPs: " + String.join(", ", pops)
            + ")");
      }
    }));
    weights.keySet().forEach(pop -> {
      if (!pops.contains(pop)) {
        throw new IllegalArgumentException("steering: weight given for '" + pop
            + "', which is not a PoP (PoPs: " + String.join(", ", pops) + ")");
      }
    });
  }

  private static double notNegative(Double value, String what, String unit) {
    Objects.requireNonNull(value, what);
    // Written so that NaN fails too.
    if (!(value >= 0) || value.isInfinite()) {
      throw new IllegalArgumentException(what + ": " + value + " is not a finite number of 0 or"
          + " more " + unit);
    }
    return value;
  }
}
