package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a response to an unsafe request invalidates (RFC 9111 §4.4).
 *
 * <p>A non-error response (2xx, 3xx) to a method that is not known to be safe invalidates the
 * target URI; the URIs in {@code Location} and {@code Content-Location} too, but only when they
 * are on the same host as the request: otherwise one site could purge another's entries
 * (§4.4 "MUST NOT ... if the origin ... differs").
 *
 * <p>"Same origin" is judged by host only, without case, port, scheme or a trailing dot. Our
 * cache is keyed by site, and a site is matched by host without port (architecture: Admit), so
 * {@code http://example.com:8080/x} names the same entries as {@code https://example.com/x};
 * invalidating them can only cost the site itself a refetch.
 */
public final class Invalidation {

  /** Methods known to be safe (RFC 9110 §9.2.1); method names are case-sensitive. */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private Invalidation() {}

  /**
   * The path-and-query strings to invalidate on the request's site, request target first, or
   * an empty list when nothing is invalidated.
   *
   * @param requestPathAndQuery the request target in origin-form ({@code /a/b?c})
   * @param requestHost the request's {@code Host}, with or without a port
   */
  public static List<String> targets(String method, int status, String requestPathAndQuery,
      MultiMap responseHeaders, String requestHost) {
    if (SAFE.contains(method) || status < 200 || status > 399) {
      return List.of();
    }
    Set<String> targets = new LinkedHashSet<>();
    targets.add(requestPathAndQuery);
    for (String field : List.of("location", "content-location")) {
      String value = responseHeaders.get(field);
      if (value != null) {
        String target = sameHostTarget(FieldSyntax.trimOws(value), requestPathAndQuery,
            normalizedHost(requestHost));
        if (target != null) {
          targets.add(target);
        }
      }
    }
    return new ArrayList<>(targets);
  }

  /** The path and query of {@code reference} if it is on {@code host}, else null. */
  private static String sameHostTarget(String reference, String requestTarget, String host) {
    URI uri;
    try {
      uri = new URI(reference);
    } catch (URISyntaxException e) {
      return null; // not a URI we could key anyway
    }
    if (uri.isOpaque()) {
      return null; // mailto:, urn:
    }
    if (uri.getRawAuthority() != null) {
      String scheme = uri.getScheme();
      if (scheme != null && !scheme.equalsIgnoreCase("http")
          && !scheme.equalsIgnoreCase("https")) {
        return null;
      }
      if (!normalizedHost(uri.getRawAuthority()).equals(host)) {
        return null;
      }
    } else if (uri.getScheme() != null) {
      return null; // "http:foo", a scheme without authority
    } else {
      try {
        // Relative reference: resolved against the request target (RFC 3986 §5.2).
        uri = new URI("http", "h", null, null).resolve(pathOnly(requestTarget)).resolve(uri);
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null;
      }
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static URI pathOnly(String requestTarget) throws URISyntaxException {
    int query = requestTarget.indexOf('?');
    String path = query < 0 ? requestTarget : requestTarget.substring(0, query);
    return new URI(path.startsWith("/") ? path : "/" + path);
  }

  /** Lower-case host of an authority: no userinfo, no port, no trailing dot. */
  static String normalizedHost(String authority) {
    if (authority == null) {
      return "";
    }
    String host = authority;
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      host = close < 0 ? host : host.substring(0, close + 1);
    } else {
      int colon = host.indexOf(':');
      if (colon >= 0) {
        host = host.substring(0, colon);
      }
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
