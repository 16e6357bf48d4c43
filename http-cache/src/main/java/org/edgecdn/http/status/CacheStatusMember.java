package org.edgecdn.http.status;

/**
 * One cache's member of the {@code Cache-Status} header (RFC 9211 §2), built up as the request
 * goes: whether it was a hit, why it was forwarded, what the next hop answered, the remaining
 * freshness, whether the response was stored or collapsed, and a detail for operators.
 */
public final class CacheStatusMember {

  private final String cacheName;
  private boolean hit;
  private String fwd;
  private int fwdStatus = -1;
  private Long ttl;
  private boolean stored;
  private boolean collapsed;
  private String detail;

  public CacheStatusMember(String cacheName) {
    this.cacheName = cacheName;
  }

  /** Served from this cache (RFC 9211 §2.1), {@code ttlSeconds} left (negative when stale). */
  public CacheStatusMember hit(long ttlSeconds) {
    this.hit = true;
    this.fwd = null;
    this.ttl = ttlSeconds;
    return this;
  }

  /**
   * Forwarded (RFC 9211 §2.2): {@code bypass}, {@code method}, {@code uri-miss},
   * {@code vary-miss}, {@code miss}, {@code request}, {@code stale}.
   */
  public CacheStatusMember forwarded(String reason) {
    this.hit = false;
    this.fwd = reason;
    return this;
  }

  public CacheStatusMember fwdStatus(int status) {
    this.fwdStatus = status;
    return this;
  }

  public CacheStatusMember ttl(long seconds) {
    this.ttl = seconds;
    return this;
  }

  /** Whether this node stored the response (a fill or refresh that the cache kept). */
  public boolean stored() {
    return stored;
  }

  public CacheStatusMember stored(boolean value) {
    this.stored = value;
    return this;
  }

  public CacheStatusMember collapsed() {
    this.collapsed = true;
    return this;
  }

  public CacheStatusMember detail(String token) {
    this.detail = token;
    return this;
  }

  public boolean isHit() {
    return hit;
  }

  public String fwd() {
    return fwd;
  }

  /**
   * Whether this member says no more than hit and ttl (the common case): then it is the same for
   * every plain hit with the same ttl, and the hit path may reuse fields built with it.
   */
  public boolean isPlainHit() {
    return hit && fwdStatus <= 0 && ttl != null && !stored && !collapsed && detail == null;
  }

  /** The remaining freshness set by {@link #hit} or {@link #ttl}; call only when there is one. */
  public long ttlSeconds() {
    return ttl;
  }

  @Override
  public String toString() {
    if (isPlainHit()) {
      // The common case, a plain hit, in one allocation of the exact size.
      return cacheName + "; hit; ttl=" + ttl;
    }
    StringBuilder out = new StringBuilder(64).append(cacheName);
    if (hit) {
      out.append("; hit");
    } else if (fwd != null) {
      out.append("; fwd=").append(fwd);
    }
    if (fwdStatus > 0) {
      out.append("; fwd-status=").append(fwdStatus);
    }
    if (ttl != null) {
      out.append("; ttl=").append(ttl);
    }
    if (stored) {
      out.append("; stored");
    }
    if (collapsed) {
      out.append("; collapsed");
    }
    if (detail != null) {
      out.append("; detail=").append(detail);
    }
    return out.toString();
  }
}
