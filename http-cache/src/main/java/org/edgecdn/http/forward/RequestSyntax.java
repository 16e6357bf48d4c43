package org.edgecdn.http.forward;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.http.site.SiteRouter;

/**
 * What the edge refuses at the door because it could not forward it faithfully: a request
 * target with control characters or bytes that are not ASCII, two Host fields, and, on HTTP/2,
 * fields that HTTP/1.1 upstreams cannot carry.
 *
 * <p>HTTP/1.x requests have their fields checked by the server's decoder already, but not their
 * target beyond its spaces: a NUL or DEL there would reach the origin as it is (RFC 9112 §3.2
 * allows neither). HTTP/2 frames its fields in binary, so a value may hold CR or LF, and a name
 * a colon or a space (RFC 9113 §8.2.1 makes such a request malformed); forwarding one over
 * HTTP/1.1 would split a line, and the upstream client refuses to, failing the exchange after
 * the edge has started its fetch.
 */
final class RequestSyntax {

  private static final CharSequence HOST = HttpHeaders.createOptimized("Host");
  private static final CharSequence TRANSFER_ENCODING =
      HttpHeaders.createOptimized("Transfer-Encoding");

  private RequestSyntax() {}

  /** Whether {@code uri} holds only visible ASCII (what {@link #problem} lets through). */
  static boolean plainTarget(String uri) {
    return firstUnfit(uri) < 0;
  }

  /** The index of the first character of {@code uri} that is not visible ASCII, or -1. */
  private static int firstUnfit(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** Why {@code request} cannot be forwarded, or empty when it can. */
  static Optional<String> problem(HttpServerRequest request) {
    String uri = request.uri();
    if (uri == null || uri.isEmpty()) {
      return Optional.of("the request has no target");
    }
    int unfit = firstUnfit(uri);
    if (unfit >= 0) {
      // The server reads the target as ISO-8859-1 and the upstream client writes it as UTF-8:
      // a raw é (C3 A9) would reach the origin as C3 83 C2 A9, another target. RFC 9112 §3.2
      // allows no such byte (browsers send %C3%A9), so it is refused, not mangled.
      return Optional.of(uri.charAt(unfit) > 0x7f
          ? "the request target holds a byte that is not ASCII at " + unfit
          : "the request target holds a control character or space at " + unfit);
    }
    if (request.version() != HttpVersion.HTTP_2) {
      // RFC 9112 §3.2: a server must answer 400 to more than one Host (ours admits the first;
      // a server behind that takes the last would see another site).
      if (request.headers().getAll(HOST).size() > 1) {
        return Optional.of("the request has more than one Host field");
      }
      if (request.getHeader(TRANSFER_ENCODING) != null
          && !endsWithChunked(request.headers().getAll(TRANSFER_ENCODING))) {
        // RFC 9112 §6.3: the body's length cannot be known; 400, and the connection closes.
        return Optional.of("the request's transfer coding does not end with chunked");
      }
    } else {
      for (Map.Entry<String, String> field : request.headers()) {
        if (!isToken(field.getKey())) {
          return Optional.of("a field name is not a token");
        }
        if (hasLineBreakOrNul(field.getValue())) {
          return Optional.of("field " + field.getKey() + " holds CR, LF or NUL");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The path of an origin-form target: up to its query or fragment, as Vert.x's
   * {@code HttpServerRequest.path()} has it, without allocating when there is neither.
   */
  static String path(String originFormTarget) {
    for (int i = 0; i < originFormTarget.length(); i++) {
      char c = originFormTarget.charAt(i);
      if (c == '?' || c == '#') {
        return originFormTarget.substring(0, i);
      }
    }
    return originFormTarget;
  }

  /**
   * The host an absolute-form target names ({@code GET http://host/path}), normalized as
   * {@link SiteRouter#normalize} does (the empty string when it names none, which matches no
   * Host); empty for an origin-form target. RFC 9112 §3.2.2 makes the target's host, not the
   * Host field, the one that counts.
   */
  static Optional<String> absoluteFormHost(String uri) {
    int scheme = uri.indexOf("://");
    if (uri.startsWith("/") || scheme <= 0) {
      return Optional.empty();
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String authority = uri.substring(start, end);
    int userinfo = authority.lastIndexOf('@');
    return Optional.of(SiteRouter.normalize(authority.substring(userinfo + 1)));
  }

  /** Whether the last coding of the last field is chunked (fields may repeat, RFC 9110). */
  private static boolean endsWithChunked(List<String> fields) {
    String last = fields.get(fields.size() - 1);
    return last.substring(last.lastIndexOf(',') + 1).trim().equalsIgnoreCase("chunked");
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLineBreakOrNul(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return true;
      }
    }
    return false;
  }
}
