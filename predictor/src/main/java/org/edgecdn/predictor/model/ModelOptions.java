package org.edgecdn.predictor.model;

/**
 * Bounds and decay of one site's transition model.
 *
 * @param maxPages source pages kept per site (first-order contexts), N in the issue
 * @param maxSuccessors successors kept per context (Space-Saving slots), K in the issue
 * @param maxContexts second-order contexts ({@code previous, current} pairs) kept per site
 * @param halfLifeMillis a transition observed this long ago weighs half as much as one now
 * @param minContextSupport the decayed count a second-order context needs before it is trusted;
 *     below it the prediction falls back to first order (PPM's escape)
 */
public record ModelOptions(int maxPages, int maxSuccessors, int maxContexts,
    long halfLifeMillis, double minContextSupport) {

  public static final int DEFAULT_MAX_PAGES = 10_000;
  public static final int DEFAULT_MAX_SUCCESSORS = 8;
  public static final int DEFAULT_MAX_CONTEXTS = 20_000;
  public static final long DEFAULT_HALF_LIFE_MILLIS = 6 * 3_600_000L;
  public static final double DEFAULT_MIN_CONTEXT_SUPPORT = 5;

  public ModelOptions {
    if (maxPages < 1 || maxSuccessors < 1 || maxContexts < 0 || halfLifeMillis < 1
        || minContextSupport < 0) {
      throw new IllegalArgumentException("model bounds must be positive: " + maxPages + ", "
          + maxSuccessors + ", " + maxContexts + ", " + halfLifeMillis);
    }
  }

  public static ModelOptions defaults() {
    return new ModelOptions(DEFAULT_MAX_PAGES, DEFAULT_MAX_SUCCESSORS, DEFAULT_MAX_CONTEXTS,
        DEFAULT_HALF_LIFE_MILLIS, DEFAULT_MIN_CONTEXT_SUPPORT);
  }

  public ModelOptions withHalfLifeMillis(long value) {
    return new ModelOptions(maxPages, maxSuccessors, maxContexts, value, minContextSupport);
  }

  public ModelOptions withMaxPages(int pages, int contexts) {
    return new ModelOptions(pages, maxSuccessors, contexts, halfLifeMillis, minContextSupport);
  }

  /** First order only: no second-order contexts are kept. */
  public ModelOptions firstOrderOnly() {
    return new ModelOptions(maxPages, maxSuccessors, 0, halfLifeMillis, minContextSupport);
  }
}
