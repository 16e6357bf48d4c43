package org.edgecdn.purge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edgecdn.cache.key.KeyNormalizer;
import org.edgecdn.cache.key.PathRules;
import org.edgecdn.http.Site;

/**
 * Turns a purge command into the scopes it covers, with each site's own key normalization, so a
 * purged URL lands in the bucket a lookup of that URL checks, however the URL was spelled.
 */
public final class PurgeScoping implements Function<PurgeCommand, List<String>> {

  private record SiteKeys(KeyNormalizer normalizer, PathRules rules) {}

  private final Map<String, SiteKeys> sites = new HashMap<>();

  public PurgeScoping(List<Site> sites) {
    for (Site site : sites) {
      this.sites.put(site.name(), new SiteKeys(new KeyNormalizer(site.cache().keyPolicy()),
          new PathRules(site.cache().rules())));
    }
  }

  @Override
  public List<String> apply(PurgeCommand command) {
    SiteKeys keys = sites.get(command.site());
    return PurgeScopes.of(command, (host, pathAndQuery) -> {
      if (keys == null) {
        return Optional.empty();
      }
      return keys.normalizer().keyed(command.site(), "http", host, pathAndQuery, keys.rules())
          .map(keyed -> new String[] {KeyNormalizer.normalizeHost(host), keyed.key().target()});
    });
  }
}
