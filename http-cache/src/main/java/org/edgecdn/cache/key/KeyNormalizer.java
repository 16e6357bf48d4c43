package org.edgecdn.cache.key;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the primary cache key of a request (DESIGN §4 step 2).
 *
 * <p>Requests that mean the same resource should share one entry, or the hit ratio suffers;
 * requests an origin may answer differently must never share one, or one visitor's answer is
 * served to another (cache poisoning). Each step below is one an origin cannot tell apart:
 *
 * <ol>
 *   <li>Scheme and host are lower-cased (RFC 3986 §6.2.2.1); the host loses its port and a
 *       trailing dot, as site matching does. The site name keeps sites apart anyway.
 *   <li>The path's percent-encoding is normalized (RFC 3986 §6.2.2.2, see {@link
 *       PercentEncoding}): {@code %7euser} is {@code ~user}, {@code %2f} is {@code %2F} and stays
 *       encoded. Then dot segments are removed (RFC 3986 §5.2.4, §6.2.2.3), so {@code %2E%2E} is
 *       resolved like {@code ..}. Empty segments are kept: an origin may serve {@code /a//b} and
 *       {@code /a/b} differently. An empty path is {@code /}.
 *   <li>The query is split on {@code &}; empty parameters, the policy's dropped parameters and
 *       the rule's ignored ones (or all but its keep-only list) are removed; each parameter's
 *       percent-encoding is normalized; {@code +} is left alone (form encoding is the origin's
 *       business). The rest is sorted by name; repeated names keep their order, since
 *       {@code ?a=1&a=2} and {@code ?a=2&a=1} are different lists to most frameworks. No
 *       parameter left, no {@code ?}.
 *   <li>A fragment, which clients do not send, is ignored if present.
 * </ol>
 *
 * <p><b>Note:</b> the merging is only sound if what goes upstream is the normalized request,
 * {@link CacheKey#target()}, not the client's raw target: then the origin sees exactly what the
 * key says, whatever spelling the client used (DESIGN §4: only keyed inputs change the response).
 *
 * <p><b>Malformed targets</b> ({@code %} without two hex digits, a target that is not a path
 * such as {@code *} or an absolute URI) have no normal form, and {@link #key} answers
 * {@code Optional.empty()}: the caller forwards such a request as it came and does not store the
 * answer. An empty optional, rather than a flag on the key, makes that impossible to overlook.
 *
 * <p>This runs for every request, hits included: no regular expressions, and a path or query that
 * needs no change is not copied.
 */
public final class KeyNormalizer {

  private static final Comparator<Param> BY_NAME = Comparator.comparing(Param::name);

  private final Set<String> dropped;

  public KeyNormalizer(KeyPolicy policy) {
    this.dropped = Objects.requireNonNull(policy, "policy").droppedQueryParams();
  }

  /** The rule for the request and its key, in one pass over the target. */
  public record Keyed(CacheRule rule, CacheKey key) {}

  /**
   * The primary key of a request.
   *
   * @param site the site the Host selected
   * @param scheme {@code http} or {@code https}, as the client used
   * @param host the Host header (port and case do not matter)
   * @param pathAndQuery the request target in origin form ({@code /path?query})
   * @param rule the site's rule for this path, for the query parameters it keeps or ignores
   * @return the key, or empty if the target is malformed (see the class comment)
   */
  public Optional<CacheKey> key(
      String site, String scheme, String host, String pathAndQuery, CacheRule rule) {
    Objects.requireNonNull(rule, "rule");
    String path = normalizePath(pathAndQuery, 0, pathEnd(pathAndQuery));
    return path == null
        ? Optional.empty()
        : build(site, scheme, host, path, pathAndQuery, rule);
  }

  /**
   * The rule of {@code rules} that matches the request's normalized path, and the key built with
   * it. Same as {@link PathRules#match} on {@link #normalizePath} then {@link #key}, with the
   * path normalized once.
   */
  public Optional<Keyed> keyed(
      String site, String scheme, String host, String pathAndQuery, PathRules rules) {
    String path = normalizePath(pathAndQuery, 0, pathEnd(pathAndQuery));
    if (path == null) {
      return Optional.empty();
    }
    CacheRule rule = rules.match(path);
    return build(site, scheme, host, path, pathAndQuery, rule).map(key -> new Keyed(rule, key));
  }

  /**
   * The normalized form of a path (no query), as rules match it; empty if it is malformed.
   * {@code /a/./b/../c} is {@code /a/c}, {@code /%7euser} is {@code /~user}, {@code ""} is
   * {@code /}.
   */
  public static Optional<String> normalizePath(String path) {
    return Optional.ofNullable(normalizePath(path, 0, path.length()));
  }

  /** Lower case, no port, no trailing dot; an IPv6 literal keeps its brackets. */
  public static String normalizeHost(String host) {
    String name = host.trim();
    int end = name.length();
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      end = close > 0 ? close + 1 : end;
    } else {
      int colon = name.indexOf(':');
      // More than one colon is an unbracketed IPv6 literal (not valid in Host): left whole.
      if (colon >= 0 && colon == name.lastIndexOf(':')) {
        end = colon;
      }
    }
    if (end > 0 && name.charAt(end - 1) == '.') {
      end--;
    }
    return name.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private Optional<CacheKey> build(String site, String scheme, String host, String path,
      String pathAndQuery, CacheRule rule) {
    int end = pathAndQuery.indexOf('#');
    end = end < 0 ? pathAndQuery.length() : end;
    int question = pathAndQuery.indexOf('?');
    String query = question < 0 || question > end
        ? ""
        : normalizeQuery(pathAndQuery, question + 1, end, rule);
    if (query == null) {
      return Optional.empty();
    }
    String normalizedHost = normalizeHost(host);
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    StringBuilder primary = new StringBuilder(lowerScheme.length() + 3 + normalizedHost.length()
        + path.length() + 1 + query.length());
    primary.append(lowerScheme).append("://").append(normalizedHost).append(path);
    if (!query.isEmpty()) {
      primary.append('?').append(query);
    }
    return Optional.of(new CacheKey(site, primary.toString()));
  }

  /** Where the path of a target ends: at its {@code ?} or {@code #}, else at its end. */
  private static int pathEnd(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return target.length();
  }

  private static String normalizePath(String target, int from, int to) {
    if (from == to) {
      return "/";
    }
    if (target.charAt(from) != '/') {
      return null; // "*" (OPTIONS) or an absolute URI: no path to normalize
    }
    String path = PercentEncoding.normalize(target, from, to);
    return path == null ? null : removeDotSegments(path);
  }

  /**
   * RFC 3986 §5.2.4 for an absolute path, written as a stack of segments: {@code .} is dropped,
   * {@code ..} drops the segment before it (none above the root), and a dot segment at the end
   * leaves a trailing slash ({@code /a/b/..} is {@code /a/}). Empty segments are segments like
   * any other, so {@code //} survives and {@code /a//../b} is {@code /a/b}, as in the RFC.
   */
  static String removeDotSegments(String path) {
    // Every segment follows a '/', so a path without "/." has no dot segment.
    if (path.indexOf("/.") < 0) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    boolean trailingSlash = false;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean dot = segment.equals(".");
      boolean dotDot = segment.equals("..");
      if (dot || dotDot) {
        if (dotDot && !out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        trailingSlash = i == segments.length - 1;
      } else {
        out.add(segment);
      }
    }
    StringBuilder result = new StringBuilder(path.length()).append('/');
    for (int i = 0; i < out.size(); i++) {
      if (i > 0) {
        result.append('/');
      }
      result.append(out.get(i));
    }
    if (trailingSlash && !out.isEmpty()) {
      result.append('/');
    }
    return result.toString();
  }

  /** The normalized query of {@code target[from, to)}, "" if nothing is left, null if bad. */
  private String normalizeQuery(String target, int from, int to, CacheRule rule) {
    List<Param> params = new ArrayList<>();
    int start = from;
    while (start <= to) {
      int amp = target.indexOf('&', start);
      int end = amp < 0 || amp > to ? to : amp;
      if (end > start) {
        String param = PercentEncoding.normalize(target, start, end);
        if (param == null) {
          return null;
        }
        int equals = param.indexOf('=');
        String name = equals < 0 ? param : param.substring(0, equals);
        if (kept(name, rule)) {
          params.add(new Param(name, param));
        }
      }
      start = end + 1;
    }
    if (params.isEmpty()) {
      return "";
    }
    Param[] sorted = params.toArray(new Param[0]);
    // Arrays.sort on objects is a stable merge sort: equal names keep their order.
    Arrays.sort(sorted, BY_NAME);
    StringBuilder query = new StringBuilder(to - from);
    for (int i = 0; i < sorted.length; i++) {
      if (i > 0) {
        query.append('&');
      }
      query.append(sorted[i].text());
    }
    return query.toString();
  }

  private boolean kept(String name, CacheRule rule) {
    if (dropped.contains(name) || rule.queryIgnore().contains(name)) {
      return false;
    }
    Optional<Set<String>> keepOnly = rule.queryKeepOnly();
    return keepOnly.isEmpty() || keepOnly.get().contains(name);
  }

  /** A query parameter: its normalized name and its whole normalized text. */
  private record Param(String name, String text) {}
}
