package org.edgecdn.loadtest;

/** Told about a run once a second or so while it runs, from a Vert.x thread. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = progress -> {};

  void onProgress(Progress progress);

  /** A fault was done (or failed); by default nothing is shown. */
  default void onFault(FaultResult fault) {}

  /**
   * One interval of the main traffic.
   *
   * @param elapsedSeconds since the start
   * @param perSecond answers per second in the interval
   * @param p99Micros the interval's 99th percentile latency, microseconds (0 when none)
   * @param answered answers so far
   * @param errors errors so far
   * @param sideRequests requests of the side streams so far
   */
  record Progress(double elapsedSeconds, double perSecond, long p99Micros, long answered,
      long errors, long sideRequests) {}
}
