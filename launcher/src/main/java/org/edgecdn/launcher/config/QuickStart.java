package org.edgecdn.launcher.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.edgecdn.launcher.config.NetworkConfig.SiteCache;
import org.edgecdn.launcher.config.NetworkConfig.SiteSection;

/**
 * A network for one real site without writing a file: the built-in demo network (its PoPs,
 * shield, DNS and locations) in front of the given origin, serving the given domains. Inputs obey
 * the same rules as in a network file and are refused with the same reasons.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * The default network minus its demo origin, with one site named after the first domain
   * ({@code www.mysite.top} gives {@code mysite}) that serves {@code domains} from {@code origin}.
   * The site gets the default cache options and no rules: the demo site's rules are written for
   * the demo origin's paths, not for an unknown app's.
   *
   * @throws IllegalArgumentException if the origin or a domain is not valid, or no domain is given
   */
  public static NetworkConfig behind(URI origin, List<String> domains) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(domains, "domains");
    URI checkedOrigin = NetworkConfigLoader.origin(origin.toString());
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("at least one domain is required");
    }
    List<String> names = new ArrayList<>();
    for (String domain : domains) {
      String name = NetworkConfigLoader.domain(Objects.requireNonNull(domain, "domain"));
      if (names.contains(name)) {
        throw new IllegalArgumentException("duplicate domain \"" + name + "\"");
      }
      names.add(name);
    }
    // No purge token: a token is a secret, and one made up here would be known to everybody.
    SiteSection site = new SiteSection(siteName(names.get(0)), names, List.of(checkedOrigin),
        Optional.empty(), SiteCache.defaults(), List.of());
    NetworkConfig base = NetworkConfigLoader.defaultNetwork();
    return new NetworkConfig(
        base.zone(),
        base.cluster(),
        base.proxy(),
        base.accessLog(),
        base.cache(),
        Optional.empty(),
        base.dns(),
        base.shields(),
        base.pops(),
        base.locations(),
        List.of(site),
        base.purge());
  }

  /**
   * The first label after a leading {@code www.}. A valid domain label can start with a digit,
   * which a site name cannot, so such a label gets a {@code site-} prefix.
   */
  static String siteName(String domain) {
    String rest = domain.startsWith("www.") ? domain.substring(4) : domain;
    String label = rest.substring(0, rest.indexOf('.') < 0 ? rest.length() : rest.indexOf('.'));
    return NetworkConfigLoader.name(Character.isDigit(label.charAt(0)) ? "site-" + label : label);
  }
}
