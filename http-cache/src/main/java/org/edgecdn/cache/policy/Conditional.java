package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Answers a client's own conditional GET or HEAD from a stored response (RFC 9111 §4.3.2,
 * RFC 9110 §13.1.2-3, §13.2.2). The caller evaluates it only for GET and HEAD, only with a
 * stored response in hand, and only where the answer would otherwise be 2xx; preconditions
 * that only an origin can evaluate ({@code If-Match}, {@code If-Unmodified-Since}) are not
 * handled here and go upstream.
 */
public final class Conditional {

  /**
   * Stored fields a 304 never carries: they describe the stored body's bytes (the client has
   * its own, which a weak tag may match in another encoding), or belong to one user. A cache
   * below takes none of the first kind from a 304 either (RFC 9111 §3.2; our Revalidation).
   */
  private static final Set<String> NOT_IN_304 = Set.of("content-length", "content-range",
      "content-encoding", "transfer-encoding", "set-cookie", "set-cookie2");

  private Conditional() {}

  /**
   * Whether the request's preconditions say the client's copy is current.
   *
   * <ul>
   *   <li>{@code If-None-Match} takes precedence: true when it is {@code *} or lists a tag
   *       that matches the stored {@code ETag} by weak comparison (§13.1.2);
   *   <li>otherwise {@code If-Modified-Since}: true when the stored {@code Last-Modified} (or,
   *       without one, its {@code Date}, RFC 9111 §4.3.2) is not after it (§13.1.3). An
   *       invalid date, or more than one, is ignored.
   * </ul>
   */
  public static boolean notModified(MultiMap requestHeaders, MultiMap storedResponseHeaders) {
    if (!requestHeaders.contains(HttpHeaders.IF_NONE_MATCH)
        && !requestHeaders.contains(HttpHeaders.IF_MODIFIED_SINCE)) {
      // Most requests are not conditional: answer without building lists.
      return false;
    }
    List<String> ifNoneMatch = requestHeaders.getAll("if-none-match");
    if (!ifNoneMatch.isEmpty()) {
      EntityTag stored = EntityTag.first(storedResponseHeaders.getAll("etag"));
      for (String member : FieldSyntax.members(ifNoneMatch, false)) {
        if (member.equals("*") || (stored != null && stored.weakMatch(EntityTag.parse(member)))) {
          return true;
        }
      }
      return false;
    }
    List<String> ifModifiedSince = requestHeaders.getAll("if-modified-since");
    if (ifModifiedSince.size() != 1) {
      return false;
    }
    OptionalLong since = HttpDates.parse(ifModifiedSince.get(0));
    if (since.isEmpty()) {
      return false;
    }
    OptionalLong modified = Storability.singleDate(storedResponseHeaders.getAll("last-modified"));
    if (modified.isEmpty()) {
      modified = Storability.singleDate(storedResponseHeaders.getAll("date"));
    }
    return modified.isPresent() && modified.getAsLong() <= since.getAsLong();
  }

  /**
   * The stored fields a 304 carries: all but those of {@link #NOT_IN_304}. RFC 9110 §15.4.5
   * requires {@code Cache-Control}, {@code Content-Location}, {@code Date}, {@code ETag},
   * {@code Expires} and {@code Vary}, and allows more "for the purpose of guiding cache
   * updates": a cache below us (our edge below a shield, a browser) updates its stored fields
   * from our 304 (RFC 9111 §4.3.4), and ours are current, since we revalidate ourselves. With
   * the minimum alone, a field the origin changed (a new {@code Content-Security-Policy}, a
   * custom field) stopped at the shield and the edge served its old value until the page left
   * its cache (found by {@code CacheTestsThroughShieldTest}). Varnish and nginx send their
   * stored fields likewise. The caller adds {@code Age} and {@code Cache-Status}.
   */
  public static MultiMap notModifiedHeaders(MultiMap stored) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (var header : stored) {
      if (!NOT_IN_304.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        out.add(header.getKey(), header.getValue());
      }
    }
    return out;
  }


}
