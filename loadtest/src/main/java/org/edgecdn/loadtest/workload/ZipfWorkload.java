package org.edgecdn.loadtest.workload;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GETs of objects whose popularity follows Zipf's law: object of rank {@code k} (1 is the most
 * popular) is asked for with probability {@code k^-alpha / H(n, alpha)}. Web and CDN request
 * streams fit alpha between about 0.6 and 1.0; 0 is uniform.
 *
 * <p>Sampling is rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to
 * generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996): O(1) time and
 * memory per draw, so a catalogue of a billion objects costs nothing to set up.
 *
 * <p>Paths come from a template: {@code {rank}} is the rank and {@code {size}} the object's
 * size in bytes from the {@link SizeDistribution} (default {@code /obj/{rank}?size={size}}, which
 * an origin can read to answer with that many bytes).
 */
public final class ZipfWorkload implements Workload {

  public static final String DEFAULT_TEMPLATE = "/obj/{rank}?size={size}";

  private final long objects;
  private final double alpha;
  private final SizeDistribution sizes;
  private final String template;
  private final SplittableRandom random;
  // Rejection-inversion constants.
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double s;

  public ZipfWorkload(long objects, double alpha, SizeDistribution sizes, String template,
      long seed) {
    if (objects < 1) {
      throw new IllegalArgumentException("objects: at least 1, got " + objects);
    }
    if (!(alpha >= 0 && alpha <= 10)) {
      throw new IllegalArgumentException("alpha: between 0 and 10, got " + alpha);
    }
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with /: " + template);
    }
    this.objects = objects;
    this.alpha = alpha;
    this.sizes = sizes;
    this.template = template;
    this.random = new SplittableRandom(seed);
    this.hIntegralX1 = hIntegral(1.5) - 1;
    this.hIntegralN = hIntegral(objects + 0.5);
    this.s = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  }

  /** Settings: objects, alpha, size, path-template. */
  static Workload create(WorkloadSettings settings, long seed) {
    long objects = settings.integer("objects", 1000, 1, Long.MAX_VALUE / 2);
    double alpha = settings.decimal("alpha", 0.9, 0, 10);
    SizeDistribution sizes = SizeDistribution.parse(settings.text("size", "1KiB"), seed);
    return new ZipfWorkload(objects, alpha, sizes,
        settings.text("path-template", DEFAULT_TEMPLATE), seed);
  }

  @Override
  public LoadRequest next() {
    return LoadRequest.get(path(nextRank()));
  }

  /** The next rank drawn, 1..objects. */
  public long nextRank() {
    while (true) {
      double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > objects) {
        k = objects;
      }
      if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  /** The path of the object of rank {@code rank}. */
  public String path(long rank) {
    String path = template.replace("{rank}", Long.toString(rank));
    return path.contains("{size}")
        ? path.replace("{size}", Long.toString(sizes.sizeOf(rank))) : path;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "zipf: %d objects, alpha %.2f, sizes %s, paths %s",
        objects, alpha, sizes, template);
  }

  // H(x) = integral of h, h(x) = x^-alpha; helpers keep precision near alpha = 1.

  private double h(double x) {
    return Math.exp(-alpha * Math.log(x));
  }

  private double hIntegral(double x) {
    double logX = Math.log(x);
    return helper2((1 - alpha) * logX) * logX;
  }

  private double hIntegralInverse(double x) {
    double t = x * (1 - alpha);
    if (t < -1) {
      t = -1;
    }
    return Math.exp(helper1(t) * x);
  }

  /** log(1 + x) / x, accurate near 0. */
  private static double helper1(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
  }

  /** (exp(x) - 1) / x, accurate near 0. */
  private static double helper2(double x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
  }
}
