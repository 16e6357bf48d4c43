package org.edgecdn.loadtest.workload;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The size of each object, a pure function of the object and the seed: an object keeps its size
 * across requests and runs, as a real file would.
 */
public sealed interface SizeDistribution {

  /** The size of object {@code id} in bytes, at least 1. */
  long sizeOf(long id);

  /** Every object has the same size. */
  record Fixed(long bytes) implements SizeDistribution {
    public Fixed {
      if (bytes < 0) {
        throw new IllegalArgumentException("a size is not negative: " + bytes);
      }
    }

    @Override
    public long sizeOf(long id) {
      return bytes;
    }

    @Override
    public String toString() {
      return ByteSize.format(bytes);
    }
  }

  /**
   * Sizes spread as web objects are: most small, a few large. {@code exp(ln(median) + sigma*Z)}
   * with Z standard normal drawn from (seed, id), cut off at {@code max}.
   */
  record LogNormal(long median, double sigma, long max, long seed) implements SizeDistribution {
    public LogNormal {
      if (median < 1 || sigma < 0 || max < median) {
        throw new IllegalArgumentException("lognormal sizes need median >= 1, sigma >= 0 and"
            + " max >= median");
      }
    }

    @Override
    public long sizeOf(long id) {
      double z = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id).nextGaussian();
      double size = Math.exp(Math.log(median) + sigma * z);
      return Math.max(1, Math.min(max, Math.round(size)));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "lognormal(median %s, sigma %.2f, max %s)",
          ByteSize.format(median), sigma, ByteSize.format(max));
    }
  }

  /**
   * {@code 1024}, {@code 16KiB}, {@code fixed:16KiB}, or {@code lognormal:MEDIAN:SIGMA} with an
   * optional {@code :MAX} (default 64 times the median).
   */
  static SizeDistribution parse(String text, long seed) {
    String[] parts = text.trim().split(":");
    try {
      return switch (parts[0].toLowerCase(Locale.ROOT)) {
        case "fixed" -> {
          if (parts.length != 2) {
            throw new IllegalArgumentException();
          }
          yield new Fixed(ByteSize.parse(parts[1]));
        }
        case "lognormal" -> {
          if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException();
          }
          long median = ByteSize.parse(parts[1]);
          long max = parts.length == 4 ? ByteSize.parse(parts[3]) : median * 64;
          yield new LogNormal(median, Double.parseDouble(parts[2]), max, seed);
        }
        default -> {
          if (parts.length != 1) {
            throw new IllegalArgumentException();
          }
          yield new Fixed(ByteSize.parse(parts[0]));
        }
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad size distribution " + text + ": use a size (16KiB),"
          + " fixed:SIZE or lognormal:MEDIAN:SIGMA[:MAX], e.g. lognormal:16KiB:1.5"
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }
}
