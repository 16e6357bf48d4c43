package org.edgecdn.http.status;

/**
 * What a node's cache did with a request. One enum, one lower-case wire name, used alike in
 * {@code Cache-Status}, the {@code cache_status} metric tag and the access log.
 */
public enum CachePhase {
  /** Served from this node's cache. */
  HIT("hit"),
  /** Looked up, not found (or no matching variant), forwarded. */
  MISS("miss"),
  /** Found stale (or the client asked to revalidate), forwarded and answered with a new body. */
  STALE("stale"),
  /** Found stale, revalidated upstream (304), and served from this node's cache. */
  REVALIDATED("revalidated"),
  /** Served stale from this node's cache while one background request refreshes it (RFC 5861). */
  UPDATING("updating"),
  /** Looked up and missed, and a recent response for this key was uncacheable (hit-for-pass). */
  PASS("pass"),
  /** Not looked up: this node does not cache the request (caching off, or a pass rule). */
  BYPASS("bypass"),
  /** Not looked up: the method is never served from cache (RFC 9111 §2). */
  METHOD("method"),
  /** A connection upgrade (WebSocket) tunnelled through. */
  TUNNEL("tunnel"),
  /** Answered by this node without forwarding because the request was refused (421, 400). */
  REJECTED("rejected"),
  /** A {@code PURGE} request, answered by the purge API. */
  PURGE("purge"),
  /** Answered by this node because every upstream failed (502, 503, 504). */
  ERROR("error");

  private final String wireName;

  CachePhase(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
