package org.edgecdn.cache.key;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a site leaves out of every cache key, whatever the path.
 *
 * @param droppedQueryParams query parameters removed from the key (and so from the request sent
 *     upstream, see {@link CacheKey#target()}): campaign and click trackers, which change with
 *     every link shared but never the page. Matched case-sensitively, as parameter names are, after
 *     percent-encoding normalization of both sides ({@code utm%5Fsource} is {@code utm_source}).
 */
public record KeyPolicy(Set<String> droppedQueryParams) {

  /**
   * Google Analytics campaign ({@code utm_*}, {@code _ga}), Google, Facebook and Microsoft Ads
   * click ids, Mailchimp campaign and member ids. In this order in printed defaults.
   */
  public static final List<String> DEFAULT_DROPPED_QUERY_PARAMS = List.of(
      "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
      "gclid", "fbclid", "msclkid", "_ga", "mc_cid", "mc_eid");

  public static final KeyPolicy DEFAULT = new KeyPolicy(Set.copyOf(DEFAULT_DROPPED_QUERY_PARAMS));

  /** @throws IllegalArgumentException if a name has a bad percent escape */
  public KeyPolicy {
    droppedQueryParams = normalizedNames(droppedQueryParams);
  }

  /** {@code names} in percent-normalized form, the form request parameters are compared in. */
  static Set<String> normalizedNames(Set<String> names) {
    Set<String> out = new HashSet<>();
    for (String name : Objects.requireNonNull(names, "names")) {
      String normalized = PercentEncoding.normalize(Objects.requireNonNull(name, "name"));
      if (normalized == null) {
        throw new IllegalArgumentException(
            "bad percent escape in query parameter \"" + name + "\"");
      }
      out.add(normalized);
    }
    return Set.copyOf(out);
  }
}
