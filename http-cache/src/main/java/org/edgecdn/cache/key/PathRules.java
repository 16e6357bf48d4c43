package org.edgecdn.cache.key;

import java.util.List;
import java.util.Objects;

/**
 * A site's cache rules in configured order; {@link #match} returns the first whose pattern
 * matches, so a specific rule goes before a general one.
 *
 * <p>Patterns have one wildcard: {@code *} matches any run of characters, empty or not, within
 * or across segments. Everything else matches itself, case-sensitively. So {@code /static/*}
 * matches {@code /static/} and {@code /static/css/a.css} but not {@code /static};
 * {@code /cart*} matches {@code /cart}, {@code /cart/add} and also {@code /cartoons};
 * {@code *.css} matches any path ending in {@code .css}; <code>/api/*&#47;items</code> matches
 * {@code /api/v1/items} and {@code /api/v1/shop/items}.
 *
 * <p>Paths are matched in normalized form ({@link KeyNormalizer#normalizePath}), and patterns are
 * percent-normalized the same way: otherwise {@code /c%61rt} would slip past a {@code /cart*}
 * pass rule and a cart page would be stored.
 */
public final class PathRules {

  /** No rules: every path gets {@link CacheRule#DEFAULT}. */
  public static final PathRules NONE = new PathRules(List.of());

  private final List<CacheRule> rules;
  private final Glob[] globs;

  /** @throws IllegalArgumentException if a pattern has a bad percent escape */
  public PathRules(List<CacheRule> rules) {
    this.rules = List.copyOf(rules);
    this.globs = new Glob[this.rules.size()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = Glob.compile(this.rules.get(i).pathPattern());
    }
  }

  /** The rules, in matching order. */
  public List<CacheRule> rules() {
    return rules;
  }

  /** The first rule whose pattern matches the normalized {@code path}, else the default. */
  public CacheRule match(String path) {
    Objects.requireNonNull(path, "path");
    for (int i = 0; i < globs.length; i++) {
      if (globs[i].matches(path)) {
        return rules.get(i);
      }
    }
    return CacheRule.DEFAULT;
  }

  /**
   * A pattern split at its stars: the text must start with the first part and end with the last,
   * with the parts between found in order. Taking each middle part at its leftmost place is
   * never wrong (a later place only leaves less room for the rest), so no backtracking is needed.
   */
  private record Glob(String[] parts, boolean exact) {

    static Glob compile(String pattern) {
      String normalized = PercentEncoding.normalize(pattern);
      if (normalized == null) {
        throw new IllegalArgumentException(
            "bad percent escape in path pattern \"" + pattern + "\"");
      }
      // split with limit -1 keeps the empty parts before a leading and after a trailing star.
      String[] parts = normalized.split("\\*", -1);
      return new Glob(parts, parts.length == 1);
    }

    boolean matches(String path) {
      if (exact) {
        return path.equals(parts[0]);
      }
      String first = parts[0];
      String last = parts[parts.length - 1];
      if (path.length() < first.length() + last.length()
          || !path.startsWith(first) || !path.endsWith(last)) {
        return false;
      }
      int from = first.length();
      int until = path.length() - last.length();
      for (int i = 1; i < parts.length - 1; i++) {
        int at = path.indexOf(parts[i], from);
        if (at < 0 || at + parts[i].length() > until) {
          return false;
        }
        from = at + parts[i].length();
      }
      return true;
    }
  }
}
