package org.edgecdn.cache.policy;

import java.util.List;
import java.util.Objects;

/**
 * How long a stored response is fresh, where that came from, and what may be done with it once
 * stale. Computed once, when the response is stored (or refreshed by a 304).
 *
 * @param lifetimeSeconds the freshness lifetime (RFC 9111 §4.2.1); 0 is stale on arrival
 * @param source which header or rule gave the lifetime
 * @param noCache revalidate before every use (unqualified {@code no-cache}, §5.2.2.4)
 * @param noCacheFields the fields of a qualified {@code no-cache="a, b"}; the response is
 *     reused without revalidation, but those fields were dropped before storing, so they are
 *     never sent without revalidation (§5.2.2.4); {@code noCache} is false for this form
 * @param mustRevalidate never serve stale: {@code must-revalidate}, {@code proxy-revalidate}, or
 *     {@code s-maxage}, which implies {@code proxy-revalidate} in a shared cache (§5.2.2.10)
 * @param staleWhileRevalidateSeconds how long after becoming stale the response may be served
 *     while it is refreshed in the background (RFC 5861 §3)
 * @param staleIfErrorSeconds how long after becoming stale the response may be served when the
 *     upstream fails (RFC 5861 §4)
 */
public record Freshness(
    long lifetimeSeconds,
    Source source,
    boolean noCache,
    List<String> noCacheFields,
    boolean mustRevalidate,
    long staleWhileRevalidateSeconds,
    long staleIfErrorSeconds) {

  /** Where the lifetime came from, with the wire name used in logs and metrics. */
  public enum Source {
    /** {@code CDN-Cache-Control} (RFC 9213). */
    CDN_CACHE_CONTROL("cdn-cache-control"),
    /** {@code Surrogate-Control} (W3C Edge Architecture). */
    SURROGATE_CONTROL("surrogate-control"),
    /** {@code Cache-Control: s-maxage} (RFC 9111 §5.2.2.10). */
    S_MAXAGE("s-maxage"),
    /** {@code Cache-Control: max-age} (RFC 9111 §5.2.2.1). */
    MAX_AGE("max-age"),
    /** {@code Expires} minus {@code Date} (RFC 9111 §5.3). */
    EXPIRES("expires"),
    /** A fraction of the time since {@code Last-Modified} (RFC 9111 §4.2.2). */
    HEURISTIC("heuristic"),
    /** The site's TTL override. */
    RULE("rule");

    private final String wireName;

    Source(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public Freshness {
    Objects.requireNonNull(source, "source");
    noCacheFields = List.copyOf(noCacheFields);
    if (lifetimeSeconds < 0 || staleWhileRevalidateSeconds < 0 || staleIfErrorSeconds < 0) {
      throw new IllegalArgumentException("negative seconds in " + source);
    }
  }

  /** A plain lifetime: no {@code no-cache}, may serve stale, no stale windows. */
  public static Freshness of(long lifetimeSeconds, Source source) {
    return new Freshness(lifetimeSeconds, source, false, List.of(), false, 0, 0);
  }

  /** Whether the lifetime is explicit, i.e. neither heuristic nor a site rule. */
  public boolean explicit() {
    return source != Source.HEURISTIC && source != Source.RULE;
  }
}
