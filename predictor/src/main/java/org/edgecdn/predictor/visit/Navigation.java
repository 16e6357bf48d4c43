package org.edgecdn.predictor.visit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Small named rules that tell a page view from everything else a browser asks for, and a
 * visitor from another.
 *
 * <ul>
 *   <li>A page view is a GET answered 2xx or 304 whose request is a navigation:
 *       {@code Sec-Fetch-Dest: document} (Fetch Metadata), or, from clients that do not send it,
 *       {@code Accept} naming {@code text/html}. Sub-resources (scripts, images, XHR) are not.
 *   <li>A prefetch is never a page view: browsers' speculative fetches and the edge's own,
 *       which the request path tells apart by their {@code Sec-Purpose}, {@code Purpose} or
 *       {@code X-Moz} field (http-cache's {@code PrefetchMarkers}) and passes in.
 *   <li>A visitor is a configured session cookie when the request carries it, else the client
 *       address and a hash of the {@code User-Agent}.
 * </ul>
 */
public final class Navigation {

  private Navigation() {}

  /**
   * Whether a request is a page view the model may learn from.
   *
   * @param prefetch whether the request is a speculative fetch (the request path decides it from
   *     {@code Sec-Purpose}, {@code Purpose} or {@code X-Moz}): never a page view
   * @param header the request's header lookup by name (case-insensitive), null when absent
   */
  public static boolean isPageView(String method, int status, boolean prefetch,
      Function<String, String> header) {
    if (prefetch || !"GET".equals(method)
        || !(status >= 200 && status < 300 || status == 304)) {
      return false;
    }
    String dest = header.apply("Sec-Fetch-Dest");
    if (dest != null) {
      return dest.trim().equalsIgnoreCase("document");
    }
    return containsIgnoreCase(header.apply("Accept"), "text/html");
  }

  /** {@code value} contains {@code lowerCaseWord} in any case, without copying it. */
  static boolean containsIgnoreCase(String value, String lowerCaseWord) {
    if (value == null) {
      return false;
    }
    int last = value.length() - lowerCaseWord.length();
    for (int i = 0; i <= last; i++) {
      if (value.regionMatches(true, i, lowerCaseWord, 0, lowerCaseWord.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The visitor's key: {@code c:<cookie value>} when {@code sessionCookie} is set and present
   * in {@code cookieHeader}, else {@code a:<address>/<hash of the User-Agent>}. The hash keeps
   * the key short and the User-Agent out of memory dumps; visitors behind one NAT with one
   * browser build are one visitor, a known limit of the method.
   */
  public static String visitorKey(String clientAddress, String userAgent, String cookieHeader,
      Optional<String> sessionCookie) {
    if (sessionCookie.isPresent() && cookieHeader != null) {
      Optional<String> value = cookie(cookieHeader, sessionCookie.get());
      if (value.isPresent()) {
        return "c:" + value.get();
      }
    }
    return "a:" + clientAddress + "/" + Integer.toHexString(fnv1a(userAgent == null ? ""
        : userAgent));
  }

  /** The value of cookie {@code name} in a {@code Cookie} header (RFC 6265 §5.4). */
  static Optional<String> cookie(String cookieHeader, String name) {
    for (String pair : cookieHeader.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
        String value = pair.substring(eq + 1).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * The path and query of a {@code Referer} that names {@code host} (same site), else empty: a
   * link from elsewhere says nothing about this site's transitions.
   */
  public static Optional<String> sameSiteReferer(String referer, String host) {
    if (referer == null || referer.isBlank() || host == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(referer.trim());
      if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(host)) {
        return Optional.empty();
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
          : uri.getRawPath();
      return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  static int fnv1a(String text) {
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }
}
