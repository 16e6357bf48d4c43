package org.edgecdn.cache;

import java.util.List;
import java.util.Set;
import org.edgecdn.cache.key.CacheRule;
import org.edgecdn.cache.key.KeyPolicy;

/**
 * How one site is cached, from the network file: key normalization, per-path rules and the
 * site-wide policy switches. Defaults follow RFC 9111 for a shared cache.
 *
 * @param keyPolicy query parameters dropped from every key (tracking parameters by default)
 * @param rules per-path rules, first match wins
 * @param stripSetCookie store responses with {@code Set-Cookie} without the cookie (the
 *     default is not to store them at all)
 * @param ignoreClientNoCache serve fresh entries even when a client asks to revalidate (what
 *     CDNs do under load; off by default)
 * @param heuristicFraction share of (Date - Last-Modified) used as heuristic freshness
 * @param heuristicCapSeconds upper bound of heuristic freshness
 * @param unkeyedHeaders request headers never forwarded upstream (so they cannot change a
 *     response that is shared under a key they are not part of)
 */
public record CacheSettings(
    KeyPolicy keyPolicy, List<CacheRule> rules, boolean stripSetCookie,
    boolean ignoreClientNoCache, double heuristicFraction, long heuristicCapSeconds,
    Set<String> unkeyedHeaders) {

  public CacheSettings {
    rules = List.copyOf(rules);
    unkeyedHeaders = Set.copyOf(unkeyedHeaders);
  }

  public static CacheSettings defaults() {
    return new CacheSettings(KeyPolicy.DEFAULT, List.of(), false, false, 0.1, 86_400,
        Set.of());
  }
}
