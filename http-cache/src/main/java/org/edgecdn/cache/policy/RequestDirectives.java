package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a request's {@code Cache-Control} asks of the cache (RFC 9111 §5.2.1, RFC 5861 §4).
 *
 * <p>An invalid value ({@code max-age=abc}, {@code min-fresh=-1}) leaves its directive out: the
 * request then gets the cache's default behaviour, which is always allowed.
 *
 * @param noCache revalidate before using a stored response ({@code no-cache}, or
 *     {@code Pragma: no-cache} when the request has no {@code Cache-Control}, §5.4)
 * @param noStore store nothing of this exchange (§5.2.1.5)
 * @param maxAge the oldest response the client accepts, in seconds (§5.2.1.1)
 * @param maxStale how stale a response the client accepts; bare {@code max-stale} is
 *     {@link Long#MAX_VALUE} (§5.2.1.2)
 * @param minFresh how long the response must still be fresh (§5.2.1.3)
 * @param onlyIfCached answer from the cache or with 504 (§5.2.1.7)
 * @param staleIfError how stale a response the client accepts when the upstream fails
 *     (RFC 5861 §4)
 */
public record RequestDirectives(
    boolean noCache,
    boolean noStore,
    OptionalLong maxAge,
    OptionalLong maxStale,
    OptionalLong minFresh,
    boolean onlyIfCached,
    OptionalLong staleIfError) {

  private static final CharSequence PRAGMA = HttpHeaders.createOptimized("pragma");

  /** A request without directives. */
  public static final RequestDirectives NONE = new RequestDirectives(false, false,
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), false);

  public RequestDirectives {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxStale, "maxStale");
    Objects.requireNonNull(minFresh, "minFresh");
    Objects.requireNonNull(staleIfError, "staleIfError");
  }

  /** Without a request {@code stale-if-error}. */
  public RequestDirectives(boolean noCache, boolean noStore, OptionalLong maxAge,
      OptionalLong maxStale, OptionalLong minFresh, boolean onlyIfCached) {
    this(noCache, noStore, maxAge, maxStale, minFresh, onlyIfCached, OptionalLong.empty());
  }

  /** The directives of {@code requestHeaders}. */
  public static RequestDirectives of(MultiMap requestHeaders) {
    boolean hasCacheControl = requestHeaders.contains(HttpHeaders.CACHE_CONTROL);
    if (!hasCacheControl && !requestHeaders.contains(PRAGMA)) {
      // Most requests carry neither: nothing to parse.
      return NONE;
    }
    CacheControl cc = CacheControl.parse(requestHeaders.getAll("cache-control"));
    // RFC 9111 §5.4: Pragma only stands in for Cache-Control when there is none at all.
    boolean noCache = cc.has("no-cache") || (!hasCacheControl && pragmaNoCache(requestHeaders));
    // Bare max-stale accepts any staleness; with a value, only that much.
    OptionalLong maxStale = cc.bare("max-stale") ? OptionalLong.of(Long.MAX_VALUE)
        : cc.seconds("max-stale");
    return new RequestDirectives(noCache, cc.has("no-store"), cc.seconds("max-age"), maxStale,
        cc.seconds("min-fresh"), cc.has("only-if-cached"), cc.seconds("stale-if-error"));
  }

  private static boolean pragmaNoCache(MultiMap headers) {
    for (String member : FieldSyntax.members(headers.getAll("pragma"), true)) {
      if (member.toLowerCase(Locale.ROOT).equals("no-cache")) {
        return true;
      }
    }
    return false;
  }
}
