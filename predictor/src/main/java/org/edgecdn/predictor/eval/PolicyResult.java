package org.edgecdn.predictor.eval;

/**
 * What one policy did on one trace.
 *
 * @param views page views replayed
 * @param hits views answered from the cache
 * @param prefetchHits views answered by a prefetched entry's first use
 * @param issued prefetches sent to the origin
 * @param wasted prefetched entries evicted (or left at the end) without being used
 * @param originRequests every fetch from the origin, misses and prefetches
 * @param originBytes their bytes
 */
public record PolicyResult(String policy, long views, long hits, long prefetchHits,
    long issued, long wasted, long originRequests, long originBytes) {

  public double hitRatio() {
    return views == 0 ? 0 : (double) hits / views;
  }

  /** Prefetches used / issued. */
  public double precision() {
    return issued == 0 ? 0 : (double) prefetchHits / issued;
  }

  /** Page views served by a prefetch / all page views. */
  public double coverage() {
    return views == 0 ? 0 : (double) prefetchHits / views;
  }

  /** Origin bytes beyond {@code baseline}'s, as a fraction of them. */
  public double extraBytes(PolicyResult baseline) {
    return baseline.originBytes == 0 ? 0
        : (double) (originBytes - baseline.originBytes) / baseline.originBytes;
  }

  public long extraRequests(PolicyResult baseline) {
    return originRequests - baseline.originRequests;
  }
}
