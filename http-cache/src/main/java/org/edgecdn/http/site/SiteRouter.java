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
 *
 * <p>Two kinds of names admit requests: the domains of the network file, fixed for the node's
 * life, and custom domains onboarded while it runs ({@code cdn domains add}), which arrive as a
 * whole new set through {@link #replaceCustomDomains}. A configured domain always wins: a
 * custom domain can never take a name away from the site the file gave it to. The custom set is
 * an immutable map behind a volatile field, so a request reads it without a lock and sees
 * either the old set or the new one, never half of each.
 */
public final class SiteRouter {

  private final Map<String, Site> configured = new HashMap<>();
  private final Map<String, Site> sitesByName = new HashMap<>();
  private volatile Map<String, Site> custom = Map.of();

  public SiteRouter(List<Site> sites) {
    for (Site site : sites) {
      sitesByName.put(site.name(), site);
      for (String domain : site.domains()) {
        Site previous = configured.putIfAbsent(normalize(domain), site);
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
    String name = normalize(host);
    Site site = configured.get(name);
    return Optional.ofNullable(site != null ? site : custom.get(name));
  }

  /**
   * Makes {@code domainToSite} (custom domain → site name) the custom domains this node admits,
   * replacing the previous set. Names the network file already gives a site, and sites this node
   * does not serve, are left out and returned, so the caller can say why.
   *
   * @return the entries that were left out, with the reason
   */
  public Map<String, String> replaceCustomDomains(Map<String, String> domainToSite) {
    Map<String, Site> next = new HashMap<>();
    Map<String, String> skipped = new HashMap<>();
    domainToSite.forEach((domain, siteName) -> {
      String name = normalize(domain);
      Site site = sitesByName.get(siteName);
      if (site == null) {
        skipped.put(domain, "site " + siteName + " is not served by this node");
      } else if (configured.containsKey(name)) {
        skipped.put(domain, "the network file gives it to site " + configured.get(name).name());
      } else {
        next.put(name, site);
      }
    });
    custom = Map.copyOf(next);
    return skipped;
  }

  /** The custom domains admitted now, normalized, with their site's name. */
  public Map<String, String> customDomains() {
    Map<String, String> names = new HashMap<>();
    custom.forEach((domain, site) -> names.put(domain, site.name()));
    return names;
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
