package org.edgecdn.http.site;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.http.Site;

/**
 * Finds the site a request is for from its {@code Host}. Matching ignores case, a port and a
 * trailing dot ({@code WWW.Shop.Example.:8080} is {@code www.shop.example}); a name no site
 * claims matches nothing, and the caller answers 421 without touching any origin.
 */
public final class SiteRouter {

  private final Map<String, Site> byDomain = new HashMap<>();

  public SiteRouter(List<Site> sites) {
    for (Site site : sites) {
      for (String domain : site.domains()) {
        Site previous = byDomain.putIfAbsent(normalize(domain), site);
        if (previous != null && previous != site) {
          throw new IllegalArgumentException("domain " + domain + " is claimed by sites "
              + previous.name() + " and " + site.name());
        }
      }
    }
  }

  /** The site claiming {@code host} (a Host header value or an authority's host part). */
  public Optional<Site> route(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byDomain.get(normalize(host)));
  }

  /** Lower-case host name without port, brackets or trailing dot. */
  public static String normalize(String host) {
    String name = host.trim();
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      name = close > 0 ? name.substring(1, close) : name;
    } else {
      int colon = name.indexOf(':');
      if (colon >= 0 && colon == name.lastIndexOf(':')) {
        name = name.substring(0, colon);
      }
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
