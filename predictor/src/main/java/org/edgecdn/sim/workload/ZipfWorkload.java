package org.edgecdn.sim.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Independent requests whose popularity follows Zipf's law: the object of rank {@code k} (1 is
 * the most popular) is asked for with probability {@code k^-alpha / H(n, alpha)}, where {@code
 * H} sums {@code k^-alpha} over all {@code n} objects. Web and CDN traces fit {@code alpha}
 * between about 0.6 and 1 (Breslau et al., "Web Caching and Zipf-like Distributions",
 * INFOCOM 1999). Object {@code k - 1} has rank {@code k}; sizes are drawn independently of rank.
 *
 * <p>The seed fixes the whole trace: sizes and requests come from two streams split from it, so
 * asking for more requests does not change the objects' sizes. {@link SplittableRandom}'s
 * algorithm is specified, so a seed gives the same trace on every JDK.
 *
 * @param alpha the skew; 0 is uniform
 * @param objects how many objects
 * @param requests how many requests
 * @param sizes how big the objects are
 * @param seed the seed
 */
public record ZipfWorkload(double alpha, int objects, int requests, ObjectSizes sizes,
    long seed) {

  public ZipfWorkload {
    if (!(alpha >= 0) || alpha > 10) {
      throw new IllegalArgumentException("zipf alpha must be in 0..10: " + alpha);
    }
    if (objects < 1) {
      throw new IllegalArgumentException("objects must be at least 1: " + objects);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1: " + requests);
    }
    Objects.requireNonNull(sizes, "sizes");
  }

  /** The trace this workload stands for; the same on every call. */
  public Trace generate() {
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom sizeRandom = root.split();
    SplittableRandom requestRandom = root.split();
    long[] objectSizes = sizes.draw(objects, sizeRandom);
    double[] cumulative = cumulative();
    int[] trace = new int[requests];
    for (int i = 0; i < requests; i++) {
      trace[i] = sample(cumulative, requestRandom.nextDouble());
    }
    return Trace.wrap(description(), trace, objectSizes);
  }

  /** Probability that a request asks for the object of this rank (1 = the most popular). */
  public double probability(int rank) {
    if (rank < 1 || rank > objects) {
      throw new IllegalArgumentException("rank out of 1.." + objects + ": " + rank);
    }
    return Math.pow(rank, -alpha) / harmonic();
  }

  /** For report headings. */
  public String description() {
    return String.format(Locale.ROOT, "zipf alpha %s over %,d objects, %,d requests, sizes %s,"
        + " seed %d", alpha, objects, requests, sizes.describe(), seed);
  }

  private double harmonic() {
    double sum = 0;
    for (int k = objects; k >= 1; k--) { // smallest terms first: less rounding
      sum += Math.pow(k, -alpha);
    }
    return sum;
  }

  /** {@code cumulative[k]}: probability of rank {@code <= k + 1}; the last is exactly 1. */
  private double[] cumulative() {
    double total = harmonic();
    double[] cumulative = new double[objects];
    double sum = 0;
    for (int k = 0; k < objects; k++) {
      sum += Math.pow(k + 1, -alpha);
      cumulative[k] = sum / total;
    }
    cumulative[objects - 1] = 1.0;
    return cumulative;
  }

  /** The first object whose cumulative probability exceeds {@code u} in [0, 1). */
  private static int sample(double[] cumulative, double u) {
    int at = Arrays.binarySearch(cumulative, u);
    // Found exactly: P(rank <= at + 1) == u, so u belongs to the next rank. Not found: the
    // insertion point is the first entry greater than u.
    return at >= 0 ? Math.min(at + 1, cumulative.length - 1) : -at - 1;
  }
}
