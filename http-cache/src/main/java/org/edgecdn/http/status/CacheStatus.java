package org.edgecdn.http.status;

import io.vertx.core.MultiMap;

/**
 * Builds this node's member of the {@code Cache-Status} response header (RFC 9211) and appends it
 * to what upstream tiers already wrote. The header is a list ordered from the origin side: the
 * shield's member comes first and the edge's last, e.g.
 * {@code shield; fwd=bypass; fwd-status=200, edge-eu; fwd=bypass; fwd-status=200}.
 */
public final class CacheStatus {

  public static final String HEADER = "Cache-Status";

  private CacheStatus() {}

  /**
   * This node's member.
   *
   * @param cacheName the node's name ({@code edge-eu}, {@code shield})
   * @param phase what the cache did
   * @param forwardStatus the status the next tier answered, or -1 when nothing was forwarded
   * @param detail why, for errors and refusals (an RFC 9211 §2.8 token), or null
   */
  public static String member(String cacheName, CachePhase phase, int forwardStatus, String detail) {
    StringBuilder member = new StringBuilder(64).append(cacheName);
    switch (phase) {
      case HIT -> member.append("; hit");
      // RFC 9211 §2.2 has no "tunnel" or "error" value: a tunnel bypassed the cache, and an
      // upstream error happened after the request was forwarded.
      case MISS, ERROR -> member.append("; fwd=miss");
      case BYPASS, TUNNEL -> member.append("; fwd=bypass");
      case METHOD -> member.append("; fwd=method");
      case REJECTED -> { }
    }
    if (forwardStatus > 0) {
      member.append("; fwd-status=").append(forwardStatus);
    }
    if (detail != null) {
      member.append("; detail=").append(detail);
    }
    return member.toString();
  }

  /** Appends {@code member} after any members upstream tiers wrote (RFC 9211 §2: origin first). */
  public static void append(MultiMap headers, String member) {
    String upstream = headers.get(HEADER);
    headers.set(HEADER, upstream == null || upstream.isBlank() ? member : upstream + ", " + member);
  }
}
