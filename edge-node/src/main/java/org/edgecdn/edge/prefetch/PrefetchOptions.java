package org.edgecdn.edge.prefetch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An edge's prefetching: per-site settings and the node's budget.
 *
 * @param sites settings by site name; a site not named does not prefetch
 * @param requestsPerSecond prefetches this node may send per second (token bucket, burst of one
 *     second's worth)
 * @param bytesPerSecond prefetched bytes per second (charged when a prefetch completes)
 * @param perOriginRequestsPerSecond prefetches per second to any one origin
 *     ({@link #originOf}), whichever sites they are for
 * @param slowUpstreamMillis no prefetch while real fills of a site take longer than this (mean)
 * @param errorPauseMillis no prefetch this long after a real request of the site failed upstream
 * @param unusedAfterMillis a prefetched entry not requested within this is counted as waste
 * @param warmMillis a page seen fresh in the cache is not prefetched again within this (0: it
 *     always is, and a page still cached costs a request to the edge itself, no upstream fetch).
 *     <b>Note:</b> the memory does not hear of evictions, so a small cache under heavy traffic
 *     can drop a page the prefetcher still believes warm
 * @param sharing the edge's region and its peers, for the sites that share counts
 * @param siteOrigins each site's origin (scheme and authority of its first origin), so that
 *     sites on one origin share its budget; a site not listed is an origin of its own
 */
public record PrefetchOptions(Map<String, SitePrefetch> sites, double requestsPerSecond,
    double bytesPerSecond, double perOriginRequestsPerSecond, long slowUpstreamMillis,
    long errorPauseMillis, long unusedAfterMillis, long warmMillis, ShareOptions sharing,
    Map<String, String> siteOrigins) {

  public static final double DEFAULT_REQUESTS_PER_SECOND = 50;
  public static final double DEFAULT_BYTES_PER_SECOND = 5 << 20;
  public static final double DEFAULT_PER_ORIGIN_REQUESTS_PER_SECOND = 20;
  public static final long DEFAULT_SLOW_UPSTREAM_MILLIS = 1_000;
  public static final long DEFAULT_ERROR_PAUSE_MILLIS = 10_000;
  public static final long DEFAULT_UNUSED_AFTER_MILLIS = 10 * 60_000;
  public static final long DEFAULT_WARM_MILLIS = 10_000;

  public PrefetchOptions {
    sites = Map.copyOf(sites);
    siteOrigins = Map.copyOf(siteOrigins);
    Objects.requireNonNull(sharing, "sharing");
    if (warmMillis < 0) {
      throw new IllegalArgumentException("warmMillis must be 0 or more");
    }
  }

  /** Each site an origin of its own. */
  public PrefetchOptions(Map<String, SitePrefetch> sites, double requestsPerSecond,
      double bytesPerSecond, double perOriginRequestsPerSecond, long slowUpstreamMillis,
      long errorPauseMillis, long unusedAfterMillis, long warmMillis, ShareOptions sharing) {
    this(sites, requestsPerSecond, bytesPerSecond, perOriginRequestsPerSecond,
        slowUpstreamMillis, errorPauseMillis, unusedAfterMillis, warmMillis, sharing, Map.of());
  }

  public static PrefetchOptions off() {
    return of(Map.of());
  }

  public static PrefetchOptions of(Map<String, SitePrefetch> sites) {
    return new PrefetchOptions(sites, DEFAULT_REQUESTS_PER_SECOND, DEFAULT_BYTES_PER_SECOND,
        DEFAULT_PER_ORIGIN_REQUESTS_PER_SECOND, DEFAULT_SLOW_UPSTREAM_MILLIS,
        DEFAULT_ERROR_PAUSE_MILLIS, DEFAULT_UNUSED_AFTER_MILLIS, DEFAULT_WARM_MILLIS,
        ShareOptions.off());
  }

  public PrefetchOptions withBudget(double requests, double bytes, double perOrigin) {
    return new PrefetchOptions(sites, requests, bytes, perOrigin, slowUpstreamMillis,
        errorPauseMillis, unusedAfterMillis, warmMillis, sharing, siteOrigins);
  }

  public PrefetchOptions withWarmMillis(long millis) {
    return new PrefetchOptions(sites, requestsPerSecond, bytesPerSecond,
        perOriginRequestsPerSecond, slowUpstreamMillis, errorPauseMillis, unusedAfterMillis,
        millis, sharing, siteOrigins);
  }

  /** These options, with prefetching paused while real fills take {@code millis} on average. */
  public PrefetchOptions withSlowUpstreamMillis(long millis) {
    return new PrefetchOptions(sites, requestsPerSecond, bytesPerSecond,
        perOriginRequestsPerSecond, millis, errorPauseMillis, unusedAfterMillis, warmMillis,
        sharing, siteOrigins);
  }

  public PrefetchOptions withSharing(ShareOptions value) {
    return new PrefetchOptions(sites, requestsPerSecond, bytesPerSecond,
        perOriginRequestsPerSecond, slowUpstreamMillis, errorPauseMillis, unusedAfterMillis,
        warmMillis, value, siteOrigins);
  }

  /** These options, with {@code origins} as each site's origin ({@link #siteOrigins()}). */
  public PrefetchOptions withSiteOrigins(Map<String, String> origins) {
    return new PrefetchOptions(sites, requestsPerSecond, bytesPerSecond,
        perOriginRequestsPerSecond, slowUpstreamMillis, errorPauseMillis, unusedAfterMillis,
        warmMillis, sharing, origins);
  }

  /** The origin whose budget {@code site}'s prefetches draw on. */
  public String originOf(String site) {
    return siteOrigins.getOrDefault(site, site);
  }

  /** The prefetching sites that share counts with the region, in name order. */
  public List<String> sharingSites() {
    return sites.entrySet().stream()
        .filter(e -> e.getValue().enabled() && e.getValue().share() == Share.REGION)
        .map(Map.Entry::getKey).sorted().toList();
  }

  public boolean anyEnabled() {
    return sites.values().stream().anyMatch(SitePrefetch::enabled);
  }

  public SitePrefetch site(String name) {
    SitePrefetch site = sites.get(name);
    return site != null ? site : SitePrefetch.off();
  }
}
