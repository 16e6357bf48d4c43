package org.edgecdn.cache.policy;

import java.util.Objects;

/** What to do with a stored response for this request, as {@link Serveability} answers it. */
public sealed interface Verdict permits Verdict.Fresh, Verdict.StaleWhileRevalidate,
    Verdict.ClientAcceptsStale, Verdict.Revalidate {

  /**
   * Serve it: it is fresh enough for this request.
   *
   * @param ttlSeconds how much longer it stays fresh (for {@code Cache-Status; ttl=})
   */
  record Fresh(long ttlSeconds) implements Verdict {}

  /**
   * Serve it now, stale, and refresh it in the background (RFC 5861 §3).
   *
   * @param staleBySeconds how long ago it became stale
   */
  record StaleWhileRevalidate(long staleBySeconds) implements Verdict {}

  /**
   * Serve it stale because the request's {@code max-stale} allows (RFC 9111 §5.2.1.2); no
   * refresh is implied.
   *
   * @param staleBySeconds how long ago it became stale
   */
  record ClientAcceptsStale(long staleBySeconds) implements Verdict {}

  /**
   * Ask upstream, conditionally if the stored response has validators.
   *
   * @param why {@code stale}, {@code no-cache}, {@code must-revalidate}, or, when the request
   *     is the reason, {@code request-no-cache}, {@code request-max-age} or
   *     {@code request-min-fresh}
   */
  record Revalidate(String why) implements Verdict {
    public Revalidate {
      Objects.requireNonNull(why, "why");
    }
  }
}
