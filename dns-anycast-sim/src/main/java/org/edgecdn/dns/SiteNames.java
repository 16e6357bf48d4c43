package org.edgecdn.dns;

import java.util.List;
import java.util.Objects;

/**
 * The names DNS answers for one site: {@code <site>.<zone>} in the network's zone, plus the
 * customer's own domains, each steered like the site name.
 *
 * <p>The site name becomes one DNS label, so it is letters, digits and inner hyphens. Domains are
 * written without the trailing dot; {@link org.edgecdn.dns.zone.ZoneSet} explains which of them
 * become a zone apex.
 */
public record SiteNames(String site, List<String> domains) {

  public SiteNames {
    site = Checks.label(site, "site name");
    domains = List.copyOf(Objects.requireNonNull(domains, "site " + site + ": domains"));
  }
}
