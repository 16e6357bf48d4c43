package org.edgecdn.purge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Names the generations a purge bumps and an entry is checked against. A scope is a string:
 *
 * <pre>
 *   s|site                   everything of a site
 *   h|site|host              one host of a site
 *   t|site|tag               one cache tag
 *   p|site|host-or-*|/path   a path prefix (on one host, or on all)
 *   u|site|bucket            a URL: its normalized host and target hashed into one of 65,536
 * </pre>
 *
 * URLs go into buckets so that the generation map stays bounded however many URLs are purged:
 * a URL purge marks its bucket, which also covers the other URLs of that bucket fetched before
 * it (about 1/65,536 of a site per purged URL). A wider purge than asked is safe; a narrower one
 * would not be.
 */
public final class PurgeScopes {

  static final int URL_BUCKETS = 1 << 16;

  private PurgeScopes() {}

  public static String site(String site) {
    return "s|" + site;
  }

  public static String host(String site, String host) {
    return "h|" + site + "|" + host.toLowerCase(Locale.ROOT);
  }

  public static String tag(String site, String tag) {
    return "t|" + site + "|" + tag;
  }

  public static String prefix(String site, Optional<String> host, String pathPrefix) {
    return "p|" + site + "|" + host.map(h -> h.toLowerCase(Locale.ROOT)).orElse("*") + "|"
        + pathPrefix;
  }

  public static String url(String site, String host, String target) {
    int hash = (host.toLowerCase(Locale.ROOT) + target).hashCode();
    // Spread the bits: String.hashCode is weak in its low bits for similar URLs.
    hash ^= (hash >>> 16);
    hash *= 0x45d9f3b;
    hash ^= (hash >>> 16);
    return "u|" + site + "|" + (hash & (URL_BUCKETS - 1));
  }

  /**
   * The scopes {@code command} bumps.
   *
   * @param normalizeUrl the site's key normalization: (host, path and query) to the normalized
   *     (host, target) pair a lookup would use, or empty for a malformed URL
   */
  public static List<String> of(PurgeCommand command,
      BiFunction<String, String, Optional<String[]>> normalizeUrl) {
    String site = command.site();
    List<String> scopes = new ArrayList<>();
    PurgeTarget target = command.target();
    if (target instanceof PurgeTarget.Everything) {
      scopes.add(site(site));
    } else if (target instanceof PurgeTarget.Hosts hosts) {
      hosts.hosts().forEach(h -> scopes.add(host(site, h)));
    } else if (target instanceof PurgeTarget.Tags tags) {
      tags.tags().forEach(t -> scopes.add(tag(site, t)));
    } else if (target instanceof PurgeTarget.Prefixes prefixes) {
      prefixes.prefixes().forEach(p -> scopes.add(prefix(site, p.host(), p.pathPrefix())));
    } else if (target instanceof PurgeTarget.Urls urls) {
      for (var url : urls.urls()) {
        String pathAndQuery = (url.getRawPath() == null || url.getRawPath().isEmpty()
            ? "/" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        normalizeUrl.apply(url.getHost(), pathAndQuery)
            .ifPresent(pair -> scopes.add(url(site, pair[0], pair[1])));
      }
    }
    return scopes;
  }
}
