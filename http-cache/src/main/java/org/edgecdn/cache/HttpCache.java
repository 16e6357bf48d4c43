package org.edgecdn.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.cache.collapse.Collapser;
import org.edgecdn.cache.key.CacheKey;
import org.edgecdn.cache.key.CacheRule;
import org.edgecdn.cache.key.KeyNormalizer;
import org.edgecdn.cache.key.PathRules;
import org.edgecdn.cache.policy.SitePolicy;
import org.edgecdn.cache.store.CacheStore;
import org.edgecdn.purge.PurgeGenerations;

/**
 * One node's cache: the store, the in-flight fetches (collapsing), the keys recently found
 * uncacheable (hit-for-pass), the clock, and each site's compiled settings. The request path
 * that uses it lives with the forwarding code; everything here is safe to share between event
 * loops.
 *
 * @param <O> what a collapsed fetch ends with (defined by the request path)
 */
public final class HttpCache<O> {

  private final CacheStore store;
  private final CacheOptions options;
  private final CacheClock clock;
  private final PurgeGenerations generations;
  private final Collapser<CacheKey, O> collapser = new Collapser<>();
  private final Cache<CacheKey, Boolean> hitForPass;
  private final Map<String, SiteCache> sites = new ConcurrentHashMap<>();

  public HttpCache(CacheStore store, CacheOptions options, CacheClock clock,
      PurgeGenerations generations, Map<String, CacheSettings> siteSettings) {
    this.store = store;
    this.generations = generations;
    this.options = options;
    this.clock = clock;
    this.hitForPass = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofMillis(options.hitForPassMillis()))
        .ticker(() -> clock.millis() * 1_000_000L)
        .executor(Runnable::run)
        .build();
    siteSettings.forEach((name, settings) -> sites.put(name, new SiteCache(settings)));
  }

  public CacheStore store() {
    return store;
  }

  public CacheOptions options() {
    return options;
  }

  public CacheClock clock() {
    return clock;
  }

  public PurgeGenerations generations() {
    return generations;
  }

  public Collapser<CacheKey, O> collapser() {
    return collapser;
  }

  /** The compiled settings of {@code site} (defaults for a site without settings). */
  public SiteCache site(String site) {
    return sites.computeIfAbsent(site, s -> new SiteCache(CacheSettings.defaults()));
  }

  /** Remembers that {@code key}'s response was uncacheable, for a while. */
  public void markUncacheable(CacheKey key) {
    hitForPass.put(key, Boolean.TRUE);
  }

  public boolean isHitForPass(CacheKey key) {
    return hitForPass.getIfPresent(key) != null;
  }

  /** Forgets a hit-for-pass mark (the response became cacheable again). */
  public void clearUncacheable(CacheKey key) {
    hitForPass.invalidate(key);
  }

  /** A site's settings compiled for the request path. */
  public static final class SiteCache {
    private final CacheSettings settings;
    private final KeyNormalizer normalizer;
    private final PathRules rules;

    SiteCache(CacheSettings settings) {
      this.settings = settings;
      this.normalizer = new KeyNormalizer(settings.keyPolicy());
      this.rules = new PathRules(settings.rules());
    }

    public CacheSettings settings() {
      return settings;
    }

    /** The key of another target of the same site (for invalidations). */
    public Optional<CacheKey> keyOf(String site, String scheme, String host,
        String pathAndQuery) {
      return normalizer.keyed(site, scheme, host, pathAndQuery, rules)
          .map(KeyNormalizer.Keyed::key);
    }

    /** The request's rule and key, or empty when its target is malformed (never cached). */
    public Optional<KeyNormalizer.Keyed> keyed(String site, String scheme, String host,
        String pathAndQuery) {
      return normalizer.keyed(site, scheme, host, pathAndQuery, rules);
    }

    /** The storage policy for responses under {@code rule}. */
    public SitePolicy policy(CacheRule rule) {
      return new SitePolicy(settings.heuristicFraction(), settings.heuristicCapSeconds(),
          settings.stripSetCookie(), rule.ttlSeconds(), rule.forceTtl(), rule.pass(),
          settings.ignoreClientNoCache());
    }
  }
}
