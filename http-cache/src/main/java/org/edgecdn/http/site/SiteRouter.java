package org.edgecdn.http.site;

import io.vertx.core.net.HostAndPort;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <h2>Admission once per Host value</h2>
 * {@link #admit} answers a request's {@code Host} field: parsed as an authority (host and
 * optional port, as Vert.x parses it), normalized, routed. The answer for a given field value is
 * kept: clients send the same few values over and over, and parsing, lower-casing and routing
 * them cost each 1 KiB hit about 5% of the event loop (JFR). The memo is keyed by the field's
 * exact value rather than by connection, so two requests on one connection naming different
 * hosts get their own answers, and a value seen on one connection serves all. It belongs to the
 * custom-domain set it was computed with and is replaced with it, so an onboarded or removed
 * domain is seen by the next request; and it is dropped whole when it reaches
 * {@value #ADMISSIONS_LIMIT} values, so random Host values cannot grow it.
 */
public final class SiteRouter {

  private final Map<String, Site> configured = new HashMap<>();
  private final Map<String, Site> sitesByName = new HashMap<>();
  /** The custom domains, and the admissions answered with them: replaced together. */
  private volatile Routing routing = new Routing(Map.of());

  /** The most Host values whose admission is kept. */
  static final int ADMISSIONS_LIMIT = 4096;

  /**
   * What a Host field admits: the normalized host name and the site claiming it, or no site
   * (the caller answers 421).
   */
  public record Admission(String host, Optional<Site> site) {}

  private record Routing(Map<String, Site> custom, Map<String, Optional<Admission>> admissions) {
    Routing(Map<String, Site> custom) {
      this(custom, new ConcurrentHashMap<>());
    }
  }

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
    return route(normalize(host), routing.custom);
  }

  private Optional<Site> route(String name, Map<String, Site> custom) {
    Site site = configured.get(name);
    return Optional.ofNullable(site != null ? site : custom.get(name));
  }

  /**
   * What the request's {@code Host} field (HTTP/1.x) admits, or empty when it is missing or not
   * an authority ({@code host[:port]}) with a host. Remembered per field value (see above).
   */
  public Optional<Admission> admit(String hostField) {
    if (hostField == null) {
      return Optional.empty();
    }
    Routing current = routing;
    Optional<Admission> known = current.admissions.get(hostField);
    if (known == null) {
      HostAndPort authority = HostAndPort.parseAuthority(hostField, -1);
      known = authority == null ? Optional.empty() : admitHost(authority.host(), current.custom);
      if (current.admissions.size() >= ADMISSIONS_LIMIT) {
        current.admissions.clear();
      }
      current.admissions.put(hostField, known);
    }
    return known;
  }

  /**
   * What an already parsed authority's host admits (HTTP/2's {@code :authority}), or empty when
   * it has none.
   */
  public Optional<Admission> admitAuthority(HostAndPort authority) {
    if (authority == null) {
      return Optional.empty();
    }
    return admitHost(authority.host(), routing.custom);
  }

  private Optional<Admission> admitHost(String host, Map<String, Site> custom) {
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String name = normalize(host);
    return Optional.of(new Admission(name, route(name, custom)));
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
    routing = new Routing(Map.copyOf(next));
    return skipped;
  }

  /** The custom domains admitted now, normalized, with their site's name. */
  public Map<String, String> customDomains() {
    Map<String, String> names = new HashMap<>();
    routing.custom.forEach((domain, site) -> names.put(domain, site.name()));
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
