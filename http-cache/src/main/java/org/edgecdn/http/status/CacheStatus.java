package org.edgecdn.http.status;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The {@code Cache-Status} response header (RFC 9211): each node appends its member (see
 * {@link CacheStatusMember}) to what upstream tiers already wrote. The header is a list ordered from the origin side: the
 * shield's member comes first and the edge's last, e.g.
 * {@code shield; fwd=uri-miss; fwd-status=200; stored, edge-eu; hit; ttl=212}.
 */
public final class CacheStatus {

  public static final String HEADER = "Cache-Status";

  private CacheStatus() {}

  /** Appends {@code member} after any members upstream tiers wrote (RFC 9211 §2: origin first). */
  public static void append(MultiMap headers, String member) {
    String upstream = headers.get(NAME);
    headers.set(NAME, upstream == null || upstream.isBlank() ? member : upstream + ", " + member);
  }

  /** {@link #HEADER} as Netty's header maps hash and encode it fastest. */
  private static final CharSequence NAME = HttpHeaders.createOptimized(HEADER);
}
