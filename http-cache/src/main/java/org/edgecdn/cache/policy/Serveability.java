package org.edgecdn.cache.policy;

/**
 * Whether a stored response may answer a request as it is (RFC 9111 §4.2, §4.2.4, §5.2.1;
 * RFC 5861).
 *
 * <p>In order: response {@code no-cache} revalidates always; then the request's wishes (unless
 * the site ignores them): {@code no-cache} revalidates, an age above its {@code max-age}
 * revalidates, and {@code min-fresh} needs that much freshness left. A fresh response is served.
 * A stale one is never served when {@code must-revalidate}, {@code proxy-revalidate} or
 * {@code s-maxage} forbid (§4.2.4); otherwise within {@code stale-while-revalidate} it is served
 * while a background refresh runs, and within the request's {@code max-stale} it is served
 * because the client asked for it. Else it revalidates.
 *
 * <p>Windows are half-open: "stale by less than N seconds". Ages are whole seconds rounded
 * down, so "at most N" would allow almost N + 1 seconds; a window of 0 never allows anything.
 * Request {@code no-store} does not stop serving a stored response (§5.2.1.5 only forbids
 * storing); the caller skips the store.
 */
public final class Serveability {

  private Serveability() {}

  /**
   * What to do with a stored response of this freshness and current age for this request.
   *
   * @param site whose {@code ignoreClientNoCache} silences the request's no-cache, max-age
   *     and min-fresh (a reload button must not be an origin-flood button)
   */
  public static Verdict evaluate(Freshness freshness, long currentAgeSeconds,
      RequestDirectives request, SitePolicy site) {
    if (freshness.noCache()) {
      return new Verdict.Revalidate("no-cache");
    }
    boolean honourClient = !site.ignoreClientNoCache();
    if (honourClient && request.noCache()) {
      return new Verdict.Revalidate("request-no-cache");
    }
    // §5.2.1.1: the client wants nothing older than max-age, fresh or not.
    if (honourClient && request.maxAge().isPresent()
        && currentAgeSeconds > request.maxAge().getAsLong()) {
      return new Verdict.Revalidate("request-max-age");
    }
    long ttl = freshness.lifetimeSeconds() - currentAgeSeconds;
    boolean minFresh = honourClient && request.minFresh().isPresent();
    if (ttl > 0) {
      if (minFresh && ttl < request.minFresh().getAsLong()) {
        return new Verdict.Revalidate("request-min-fresh");
      }
      return new Verdict.Fresh(ttl);
    }
    long staleBy = -ttl;
    if (freshness.mustRevalidate()) {
      return new Verdict.Revalidate("must-revalidate");
    }
    if (minFresh) {
      return new Verdict.Revalidate("request-min-fresh"); // stale has no freshness left
    }
    if (staleBy < freshness.staleWhileRevalidateSeconds()) {
      return new Verdict.StaleWhileRevalidate(staleBy);
    }
    if (request.maxStale().isPresent() && staleBy < request.maxStale().getAsLong()) {
      return new Verdict.ClientAcceptsStale(staleBy);
    }
    return new Verdict.Revalidate("stale");
  }

  /**
   * Whether the stored response may answer after the upstream failed (connect error, timeout,
   * 5xx): it is still fresh, or stale by less than the response's {@code stale-if-error} or the
   * request's (RFC 5861 §4). Never with {@code no-cache} or {@code must-revalidate}, which
   * require a successful validation (RFC 9111 §4.2.4, §5.2.2.2).
   */
  public static boolean staleIfErrorAllows(Freshness freshness, long currentAgeSeconds,
      RequestDirectives request) {
    if (freshness.noCache() || freshness.mustRevalidate()) {
      return false;
    }
    long staleBy = currentAgeSeconds - freshness.lifetimeSeconds();
    if (staleBy < 0) {
      return true;
    }
    if (staleBy < freshness.staleIfErrorSeconds()) {
      return true;
    }
    return request.staleIfError().isPresent() && staleBy < request.staleIfError().getAsLong();
  }
}
