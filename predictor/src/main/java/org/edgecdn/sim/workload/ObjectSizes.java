package org.edgecdn.sim.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/** How big the objects of a synthetic workload are: drawn once per object, not per request. */
public sealed interface ObjectSizes {

  /** A size for each of {@code objects} objects. */
  long[] draw(int objects, SplittableRandom random);

  /** For report headings, e.g. {@code lognormal (median 16 KiB, sigma 1.5)}. */
  String describe();

  /** Every object the same size. */
  record Fixed(long bytes) implements ObjectSizes {
    public Fixed {
      if (bytes <= 0) {
        throw new IllegalArgumentException("object size must be positive: " + bytes);
      }
    }

    @Override
    public long[] draw(int objects, SplittableRandom random) {
      long[] sizes = new long[objects];
      Arrays.fill(sizes, bytes);
      return sizes;
    }

    @Override
    public String describe() {
      return "fixed " + Bytes.format(bytes);
    }
  }

  /**
   * Log-normal sizes, the usual fit for web objects: most are small, a few are large. {@code
   * sigma} is the standard deviation of the size's natural logarithm (1.5 gives a 99th
   * percentile about 33 times the median). Sizes are at least one byte.
   */
  record LogNormal(long medianBytes, double sigma) implements ObjectSizes {
    public LogNormal {
      if (medianBytes <= 0) {
        throw new IllegalArgumentException("median size must be positive: " + medianBytes);
      }
      if (!(sigma >= 0) || sigma > 10) {
        throw new IllegalArgumentException("sigma must be in 0..10: " + sigma);
      }
    }

    @Override
    public long[] draw(int objects, SplittableRandom random) {
      double mu = Math.log(medianBytes);
      long[] sizes = new long[objects];
      for (int i = 0; i < objects; i++) {
        sizes[i] = Math.max(1, Math.round(Math.exp(mu + sigma * gaussian(random))));
      }
      return sizes;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "lognormal (median %s, sigma %s)",
          Bytes.format(medianBytes), sigma);
    }

    /**
     * A standard normal deviate by Box-Muller, written out so a seed gives the same sizes on
     * every JDK (the library's {@code nextGaussian} algorithm is not specified).
     */
    private static double gaussian(SplittableRandom random) {
      double u = 1.0 - random.nextDouble(); // (0, 1]: log(u) is finite
      double v = random.nextDouble();
      return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
  }
}
