package org.edgecdn.http.forward;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Whether a request is a speculative fetch rather than a visitor's own: {@code Sec-Purpose:
 * prefetch} (Fetch; the Speculation Rules and {@code <link rel=prefetch>} requests of current
 * browsers, and the edge's own prefetches), or the older {@code Purpose: prefetch} and
 * {@code X-Moz: prefetch}, in any case.
 *
 * <p>The one definition: an {@link Exchange} decides it once per request; the cache stores what
 * such a request fills apart and does not count its lookup as demand ({@link CachedPath}), and
 * observers read it from {@link ObservedExchange#prefetch()}.
 */
public final class PrefetchMarkers {

  // Names hashed once (Vert.x's optimized names): every request of a site is asked.
  private static final CharSequence SEC_PURPOSE = HttpHeaders.createOptimized("Sec-Purpose");
  private static final CharSequence PURPOSE = HttpHeaders.createOptimized("Purpose");
  private static final CharSequence X_MOZ = HttpHeaders.createOptimized("X-Moz");

  private PrefetchMarkers() {}

  public static boolean isPrefetch(MultiMap requestHeaders) {
    return marks(requestHeaders.get(SEC_PURPOSE)) || marks(requestHeaders.get(PURPOSE))
        || marks(requestHeaders.get(X_MOZ));
  }

  private static boolean marks(String value) {
    return value != null && AsciiString.containsIgnoreCase(value, "prefetch");
  }
}
