package org.edgecdn.cache;

/**
 * One node's cache.
 *
 * @param maxBytes the store's byte budget (body + headers + per-entry overhead)
 * @param maxObjectBytes larger responses stream through uncached
 * @param hitForPassMillis how long a key whose response was uncacheable skips collapsing, so
 *     its requests go upstream in parallel instead of queueing behind each other
 */
public record CacheOptions(long maxBytes, long maxObjectBytes, long hitForPassMillis) {

  public static final long DEFAULT_EDGE_BYTES = 256L << 20;
  public static final long DEFAULT_SHIELD_BYTES = 1L << 30;
  public static final long DEFAULT_MAX_OBJECT_BYTES = 8L << 20;
  public static final long DEFAULT_HIT_FOR_PASS_MILLIS = 30_000;

  public static CacheOptions edgeDefaults() {
    return new CacheOptions(DEFAULT_EDGE_BYTES, DEFAULT_MAX_OBJECT_BYTES,
        DEFAULT_HIT_FOR_PASS_MILLIS);
  }

  public static CacheOptions shieldDefaults() {
    return new CacheOptions(DEFAULT_SHIELD_BYTES, DEFAULT_MAX_OBJECT_BYTES,
        DEFAULT_HIT_FOR_PASS_MILLIS);
  }
}
