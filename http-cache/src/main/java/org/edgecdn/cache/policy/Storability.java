package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a response may be stored by this shared cache, and for how long it is fresh.
 *
 * <pre>
 * Design
 *
 * This package is HTTP caching as pure functions: header maps and epoch milliseconds in, values
 * out. Nothing here reads a clock (the caller passes times from its injected clock), does I/O or
 * needs an event loop; MultiMap is only a case-insensitive header container. Every rule is thus
 * a row in a unit-test table. The classes follow the life of a response:
 *
 *   Storability   may it be stored, fresh for how long          RFC 9111 §3, §4.2.1-2 [2]
 *   Age           how old it is                                 RFC 9111 §4.2.3
 *   Serveability  serve, serve stale, or revalidate             RFC 9111 §4.2.4, RFC 5861 [3]
 *   Revalidation  the conditional request and the 304 merge     RFC 9111 §3.2, §4.3.1, §4.3.4
 *   Conditional   answer a client's own conditional request     RFC 9110 §13.1, RFC 9111 §4.3.2
 *   Ranges        serve a byte range from the stored whole      RFC 9110 §14 [1]
 *   Invalidation  what an unsafe request invalidates            RFC 9111 §4.4
 *
 * 1. Refusals. The first that applies is the reason, in this order: the site says pass; the
 *    method is not GET (RFC 9111 §3: only understood methods; HEAD is refused too, since a
 *    stored HEAD response cannot serve a GET and the caller fetches GET for HEAD misses); the
 *    status is 206 (we store only complete responses, §3.3 is not implemented), 304, 1xx or
 *    beyond 599; the request said no-store (§5.2.1.5); the governing header (2.) says no-store
 *    (§5.2.2.5, unless must-understand is present and we understand the status, §5.2.2.3) or
 *    unqualified private (§5.2.2.7); Vary: * (§4.1: it can never match); the request carried
 *    Authorization and the response has none of public, s-maxage, must-revalidate (§3.5);
 *    Set-Cookie, unless the site strips it or the origin itself listed it in private="..." or
 *    no-cache="..." (a policy beyond the RFC: RFC 9111 allows storing it, but one user's
 *    session cookie served to everyone is the classic CDN incident); no freshness at all.
 *
 * 2. The governing header (RFC 9213 §2.1 [4]). Our target list is CDN-Cache-Control, then
 *    Surrogate-Control [6]. The first of them that is present and valid governs alone:
 *    Cache-Control and Expires are then ignored, both for freshness and for no-store and
 *    private (cache-tests: "cdn-fresh-cc-nostore"). CDN-Cache-Control is a Structured Field
 *    Dictionary [5], parsed strictly; an invalid one is ignored as a whole. Surrogate-Control
 *    uses the Cache-Control grammar, governs only when it holds a caching directive (so an
 *    ESI-only content="ESI/1.0" leaves Cache-Control in charge), and members targeted at a
 *    device (max-age=60;edge1) are ignored, as we have no device token.
 *
 * 3. Freshness lifetime (§4.2.1), first that applies: s-maxage, then max-age, of the
 *    governing header; with Cache-Control governing, then Expires - Date (Date absent or
 *    invalid: the time the response arrived). A present but invalid value (max-age=abc,
 *    Expires: 0, two different Expires) gives lifetime 0, stale on arrival, as §4.2.1 and
 *    §5.3 ask; it does not fall through to the next source. Values clamp to 2^31 (§1.2.2).
 *
 * 4. Without an explicit lifetime, only statuses heuristically cacheable (RFC 9110 §15.1: 200,
 *    203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501) or marked public (§4.2.2) are
 *    stored: with the site's TTL override if it has one, else heuristically: fraction x
 *    (Date - Last-Modified), capped, or 0 without Last-Modified (then only an ETag can make it
 *    worth storing, see 5.; no-cache with an ETag is the usual case). Other statuses (302, 500,
 *    503) need explicit freshness. The site rule wins over the heuristic: it is the operator's
 *    explicit choice, the heuristic only a guess. A forced TTL replaces any lifetime and
 *    no-cache, but never a refusal of 1.
 *
 * 5. Stale-on-arrival responses (lifetime 0, or no-cache) are stored only when they can be of
 *    use: with a validator (ETag or Last-Modified) to revalidate cheaply, or, without one,
 *    with a stale-while-revalidate or stale-if-error window that must-revalidate does not
 *    forbid. Otherwise they are "no-freshness": storing them would only evict useful entries.
 *
 * 6. no-cache="a, b" (§5.2.2.4) is not treated as a full no-cache: the named fields are dropped
 *    before storing, so they are never sent without revalidation, and the rest is reused while
 *    fresh. private="a, b" (§5.2.2.7) likewise drops its fields. Surrogate-Control and
 *    CDN-Cache-Control are kept for the tiers below; the edge strips them from what clients get.
 *
 * References
 *   [1] RFC 9110, HTTP Semantics.   [2] RFC 9111, HTTP Caching.
 *   [3] RFC 5861, HTTP Cache-Control Extensions for Stale Content.
 *   [4] RFC 9213, Targeted HTTP Cache Control.   [5] RFC 8941, Structured Field Values.
 *   [6] W3C Note, Edge Architecture Specification 1.0 (Surrogate-Control), 2001.
 *   [7] https://cache-tests.fyi: the conformance suite whose cases the tests here name.
 * </pre>
 */
public final class Storability {

  /** Statuses cacheable without explicit freshness (RFC 9110 §15.1). */
  public static final Set<Integer> HEURISTICALLY_CACHEABLE =
      Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

  /**
   * Statuses whose caching requirements this cache implements, for must-understand
   * (RFC 9111 §5.2.2.3): the common final statuses it stores and replays unchanged.
   */
  static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308,
      400, 403, 404, 405, 410, 414, 500, 501, 502, 503, 504);

  /** Surrogate-Control directives that make it govern. */
  private static final Set<String> SURROGATE_DIRECTIVES = Set.of("max-age", "s-maxage",
      "no-store", "no-cache", "private", "must-revalidate", "proxy-revalidate",
      "stale-while-revalidate", "stale-if-error", "public");

  private Storability() {}

  /**
   * The lower-cased names of the connection-specific fields of {@code headers}, which a cache
   * neither stores nor sends on (RFC 9110 §7.6.1): the fixed list and those its
   * {@code Connection} field names.
   */
  public static Set<String> connectionSpecific(MultiMap headers) {
    List<String> named = FieldSyntax.connectionOptions(headers);
    if (named.isEmpty()) {
      return FieldSyntax.HOP_BY_HOP;
    }
    Set<String> all = new TreeSet<>(FieldSyntax.HOP_BY_HOP);
    all.addAll(named);
    return all;
  }

  /**
   * Whether this shared cache may store the response to a request, and if so its freshness
   * and the fields to drop before storing.
   *
   * @param method the request method, as sent (methods are case-sensitive)
   * @param responseTimeMillis when the response arrived, from the caller's clock; stands in for
   *     a missing or invalid {@code Date}
   */
  public static StoreDecision decide(String method, MultiMap requestHeaders, int status,
      MultiMap responseHeaders, long responseTimeMillis, SitePolicy site) {
    if (site.pass()) {
      return new StoreDecision.DoNotStore("pass");
    }
    if (!"GET".equals(method)) {
      return new StoreDecision.DoNotStore("method");
    }
    if (status == 206) {
      return new StoreDecision.DoNotStore("partial");
    }
    if (status < 200 || status > 599 || status == 304) {
      return new StoreDecision.DoNotStore("status");
    }
    if (CacheControl.parse(requestHeaders.getAll("cache-control")).has("no-store")) {
      return new StoreDecision.DoNotStore("request-no-store");
    }
    Governing governing = governing(responseHeaders);
    CacheControl directives = governing.directives();
    if (directives.has("must-understand")) {
      // §5.2.2.3: no-store is for caches that do not know the status; we must know it.
      if (!UNDERSTOOD.contains(status)) {
        return new StoreDecision.DoNotStore("status");
      }
    } else if (directives.has("no-store")) {
      return new StoreDecision.DoNotStore("no-store");
    }
    if (directives.unqualified("private")) {
      return new StoreDecision.DoNotStore("private");
    }
    if (FieldSyntax.members(responseHeaders.getAll("vary"), false).contains("*")) {
      return new StoreDecision.DoNotStore("vary-star");
    }
    if (requestHeaders.contains("authorization") && !sharedDespiteAuthorization(governing)) {
      return new StoreDecision.DoNotStore("authorization");
    }
    // Surrogate-Control and CDN-Cache-Control are kept: a shield's stored copy must still
    // carry them so edges filled from it compute the same freshness. The edge strips both
    // before a client sees them.
    Set<String> drop = new TreeSet<>();
    drop.addAll(directives.fields("private"));
    drop.addAll(directives.fields("no-cache"));
    if (responseHeaders.contains("set-cookie") || responseHeaders.contains("set-cookie2")) {
      boolean originExcludesCookie = drop.contains("set-cookie");
      if (!site.stripSetCookie() && !originExcludesCookie) {
        return new StoreDecision.DoNotStore("set-cookie");
      }
      drop.add("set-cookie");
      drop.add("set-cookie2");
    }
    Freshness freshness = freshness(status, responseHeaders, responseTimeMillis, site, governing);
    if (freshness == null || !worthStoring(freshness, responseHeaders)) {
      return new StoreDecision.DoNotStore("no-freshness");
    }
    for (var header : responseHeaders) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (FieldSyntax.HOP_BY_HOP.contains(name)) {
        drop.add(name);
      }
    }
    for (String option : FieldSyntax.connectionOptions(responseHeaders)) {
      if (responseHeaders.contains(option)) {
        drop.add(option);
      }
    }
    return new StoreDecision.Store(freshness, drop);
  }

  /**
   * The freshness of a response, or empty when it has none this cache may use: no explicit
   * lifetime, and neither a heuristic nor a site TTL applies. Refusals are not checked here.
   */
  public static Optional<Freshness> freshness(int status, MultiMap responseHeaders,
      long responseTimeMillis, SitePolicy site) {
    return Optional.ofNullable(freshness(status, responseHeaders, responseTimeMillis, site,
        governing(responseHeaders)));
  }

  private static Freshness freshness(int status, MultiMap headers, long responseTime,
      SitePolicy site, Governing governing) {
    CacheControl d = governing.directives();
    boolean mustRevalidate =
        d.has("s-maxage") || d.has("must-revalidate") || d.has("proxy-revalidate");
    boolean noCache = d.unqualified("no-cache");
    List<String> noCacheFields = noCache ? List.of() : d.fields("no-cache");
    long swr = d.seconds("stale-while-revalidate").orElse(0);
    long sie = d.seconds("stale-if-error").orElse(0);
    Lifetime explicit = explicitLifetime(governing, headers, responseTime);
    boolean heuristicAllowed = HEURISTICALLY_CACHEABLE.contains(status) || d.has("public");

    Lifetime lifetime;
    if (site.forceTtl() && (explicit != null || heuristicAllowed)) {
      lifetime = new Lifetime(site.ttlOverrideSeconds().getAsLong(), Freshness.Source.RULE);
      noCache = false;
    } else if (explicit != null) {
      lifetime = explicit;
    } else if (!heuristicAllowed) {
      return null;
    } else if (site.ttlOverrideSeconds().isPresent()) {
      lifetime = new Lifetime(site.ttlOverrideSeconds().getAsLong(), Freshness.Source.RULE);
    } else {
      lifetime = heuristic(headers, responseTime, site);
    }
    return new Freshness(lifetime.seconds(), lifetime.source(), noCache, noCacheFields,
        mustRevalidate, swr, sie);
  }

  private record Lifetime(long seconds, Freshness.Source source) {}

  private static Lifetime explicitLifetime(Governing governing, MultiMap headers,
      long responseTime) {
    CacheControl d = governing.directives();
    Freshness.Source targeted = governing.targeted();
    // A present but invalid value is stale (0), not absent: §4.2.1 "consider ... stale".
    if (d.has("s-maxage")) {
      return new Lifetime(d.seconds("s-maxage").orElse(0),
          targeted != null ? targeted : Freshness.Source.S_MAXAGE);
    }
    if (d.has("max-age")) {
      return new Lifetime(d.seconds("max-age").orElse(0),
          targeted != null ? targeted : Freshness.Source.MAX_AGE);
    }
    if (targeted == null && headers.contains("expires")) {
      return new Lifetime(expiresLifetime(headers, responseTime), Freshness.Source.EXPIRES);
    }
    return null;
  }

  /** Expires - Date in seconds; 0 when Expires is invalid or given twice differently (§5.3). */
  private static long expiresLifetime(MultiMap headers, long responseTime) {
    OptionalLong expires = singleDate(headers.getAll("expires"));
    if (expires.isEmpty()) {
      return 0;
    }
    long base = singleDate(headers.getAll("date")).orElse(responseTime);
    return clampSeconds(Math.floorDiv(expires.getAsLong() - base, 1000));
  }

  private static Lifetime heuristic(MultiMap headers, long responseTime, SitePolicy site) {
    OptionalLong lastModified = singleDate(headers.getAll("last-modified"));
    if (lastModified.isEmpty()) {
      // Nothing to base a guess on: stale on arrival, kept only if it has an ETag (5.).
      return new Lifetime(0, Freshness.Source.HEURISTIC);
    }
    long base = singleDate(headers.getAll("date")).orElse(responseTime);
    // A Last-Modified after Date (a clock skew) gives 0, not a negative lifetime.
    long sinceModified = Math.max(0, base - lastModified.getAsLong()) / 1000;
    long seconds = (long) Math.floor(sinceModified * site.heuristicFraction());
    return new Lifetime(Math.min(seconds, site.heuristicCapSeconds()),
        Freshness.Source.HEURISTIC);
  }

  /** The date the field lines agree on; empty if absent, invalid or given differently. */
  static OptionalLong singleDate(List<String> lines) {
    if (lines.isEmpty()) {
      return OptionalLong.empty();
    }
    String first = FieldSyntax.trimOws(lines.get(0));
    for (String line : lines) {
      if (!FieldSyntax.trimOws(line).equals(first)) {
        return OptionalLong.empty();
      }
    }
    return HttpDates.parse(first);
  }

  private static long clampSeconds(long seconds) {
    return Math.max(0, Math.min(seconds, CacheControl.MAX_DELTA_SECONDS));
  }

  private static boolean worthStoring(Freshness freshness, MultiMap headers) {
    boolean validator = EntityTag.first(headers.getAll("etag")) != null
        || singleDate(headers.getAll("last-modified")).isPresent();
    if (validator) {
      return true;
    }
    if (freshness.noCache()) {
      return false; // every use is a full refetch
    }
    if (freshness.lifetimeSeconds() > 0) {
      return true;
    }
    return !freshness.mustRevalidate()
        && (freshness.staleWhileRevalidateSeconds() > 0 || freshness.staleIfErrorSeconds() > 0);
  }

  private static boolean sharedDespiteAuthorization(Governing governing) {
    // §3.5 names Cache-Control directives; a targeted field saying the same is as explicit.
    for (CacheControl d : List.of(governing.directives(), governing.cacheControl())) {
      if (d.has("public") || d.has("s-maxage") || d.has("must-revalidate")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The directives in charge of a response.
   *
   * @param directives the governing header's directives
   * @param targeted the targeted field that governs, or null when Cache-Control does
   * @param cacheControl the response's Cache-Control, governing or not
   */
  record Governing(CacheControl directives, Freshness.Source targeted,
      CacheControl cacheControl) {}

  static Governing governing(MultiMap headers) {
    CacheControl cacheControl = CacheControl.parse(headers.getAll("cache-control"));
    CacheControl cdn = TargetedCacheControl.parse(headers.getAll("cdn-cache-control"));
    if (cdn != null) {
      return new Governing(cdn, Freshness.Source.CDN_CACHE_CONTROL, cacheControl);
    }
    CacheControl surrogate = surrogateControl(headers.getAll("surrogate-control"));
    if (surrogate != null) {
      return new Governing(surrogate, Freshness.Source.SURROGATE_CONTROL, cacheControl);
    }
    return new Governing(cacheControl, null, cacheControl);
  }

  /** Surrogate-Control's untargeted directives, or null when it holds no caching directive. */
  private static CacheControl surrogateControl(List<String> lines) {
    if (lines.isEmpty()) {
      return null;
    }
    List<String> untargeted = new ArrayList<>();
    for (String member : FieldSyntax.members(lines, true)) {
      int semicolon = member.indexOf(';');
      int quote = member.indexOf('"');
      if (semicolon < 0 || (quote >= 0 && quote < semicolon)) {
        untargeted.add(member);
      }
    }
    CacheControl directives = CacheControl.parse(untargeted);
    for (String name : directives.names()) {
      if (SURROGATE_DIRECTIVES.contains(name)) {
        return directives;
      }
    }
    return null;
  }
}
