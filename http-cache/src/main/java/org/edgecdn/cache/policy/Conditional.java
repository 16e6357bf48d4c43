package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.OptionalLong;

/**
 * Answers a client's own conditional GET or HEAD from a stored response (RFC 9111 §4.3.2,
 * RFC 9110 §13.1.2-3, §13.2.2). The caller evaluates it only for GET and HEAD, only with a
 * stored response in hand, and only where the answer would otherwise be 2xx; preconditions
 * that only an origin can evaluate ({@code If-Match}, {@code If-Unmodified-Since}) are not
 * handled here and go upstream.
 */
public final class Conditional {

  /** What a 304 carries of the stored response (RFC 9110 §15.4.5), plus our targeted fields. */
  private static final List<String> NOT_MODIFIED_FIELDS = List.of("cache-control",
      "cdn-cache-control", "surrogate-control", "content-location", "date", "etag", "expires",
      "vary");

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
   * The stored fields a 304 must carry (RFC 9110 §15.4.5): {@code Cache-Control},
   * {@code Content-Location}, {@code Date}, {@code ETag}, {@code Expires}, {@code Vary}, and
   * {@code Last-Modified} when there is no {@code ETag} (it then is the validator the client
   * uses). {@code CDN-Cache-Control} and {@code Surrogate-Control} come along so a lower tier
   * that revalidated against us refreshes its lifetime. The caller adds {@code Age} and
   * {@code Cache-Status}.
   */
  public static MultiMap notModifiedHeaders(MultiMap stored) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (String name : NOT_MODIFIED_FIELDS) {
      copy(stored, out, name);
    }
    if (!stored.contains("etag")) {
      copy(stored, out, "last-modified");
    }
    return out;
  }

  private static void copy(MultiMap from, MultiMap to, String lowerName) {
    // Keeps the stored spelling of the name and the order of its lines.
    for (var header : from) {
      if (header.getKey().equalsIgnoreCase(lowerName)) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }
}
