package org.edgecdn.cache.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parsed {@code Cache-Control} directives (RFC 9111 §5.2), from any number of field lines.
 *
 * <p>Grammar: {@code 1#( token [ "=" ( token / quoted-string ) ] )}. Directive names ignore case.
 * Arguments keep their case; quoted-string escapes are undone, and a quoted argument is as good
 * as a token one ({@code max-age="60"}, §5.2). Commas inside quotes do not split, so
 * {@code ext="max-age=1"} holds no {@code max-age}.
 *
 * <p>Malformed members are kept, not dropped, so that they can make a directive invalid rather
 * than absent: {@code max-age =60}, {@code max-age= 60}, {@code max-age='60'},
 * {@code max-age=60.0} and {@code max-age=-1} all leave {@code max-age} present and
 * {@link #invalid invalid}, which freshness reads as "already stale" (§4.2.1 encourages that).
 *
 * <p>Duplicates: {@link #seconds} of a directive given twice with different values is invalid
 * (so stale), not the first one. RFC 9111 §4.2.1 allows either; two conflicting lifetimes
 * usually mean two layers wrote the header, and §4.2.1 also says that when directives conflict
 * the most restrictive should win. The same value twice is fine. Field lists of the qualified
 * forms ({@code no-cache="a"}, {@code private="b"}) accumulate across duplicates.
 */
public final class CacheControl {

  /** The greatest delta-seconds; larger values clamp to it (RFC 9111 §1.2.2). */
  public static final long MAX_DELTA_SECONDS = 2147483648L;

  private static final CacheControl EMPTY = new CacheControl(Map.of());

  /**
   * One occurrence of a directive's argument.
   *
   * @param value the unquoted argument, or null when the directive had none
   * @param malformed the member had a name but no well-formed {@code =argument} after it
   */
  record Argument(String value, boolean malformed) {
    static final Argument NONE = new Argument(null, false);
    static final Argument MALFORMED = new Argument(null, true);
  }

  private final Map<String, List<Argument>> directives;

  private CacheControl(Map<String, List<Argument>> directives) {
    this.directives = directives;
  }

  /** Directives of all the {@code Cache-Control} lines (or of any field with its grammar). */
  public static CacheControl parse(List<String> headerValues) {
    Map<String, List<Argument>> directives = new LinkedHashMap<>();
    for (String member : FieldSyntax.members(headerValues, true)) {
      parseMember(member, directives);
    }
    return directives.isEmpty() ? EMPTY : new CacheControl(freeze(directives));
  }

  /** Directives of one field line; null reads as no field. */
  public static CacheControl parse(String headerValue) {
    return headerValue == null ? EMPTY : parse(List.of(headerValue));
  }

  /** The empty set of directives. */
  public static CacheControl empty() {
    return EMPTY;
  }

  /** Built by the targeted-field parser, which has its own grammar (RFC 9213). */
  static CacheControl of(Map<String, List<Argument>> directives) {
    return directives.isEmpty() ? EMPTY : new CacheControl(freeze(directives));
  }

  private static void parseMember(String member, Map<String, List<Argument>> out) {
    int end = 0;
    while (end < member.length() && FieldSyntax.isTchar(member.charAt(end))) {
      end++;
    }
    if (end == 0) {
      return; // no name to blame it on
    }
    String name = member.substring(0, end).toLowerCase(Locale.ROOT);
    Argument argument;
    if (end == member.length()) {
      argument = Argument.NONE;
    } else if (member.charAt(end) != '=') {
      argument = Argument.MALFORMED; // "max-age =60", "no-store;x"
    } else {
      String raw = member.substring(end + 1);
      String value = raw.startsWith("\"") ? FieldSyntax.unquote(raw)
          : FieldSyntax.isToken(raw) ? raw : null;
      argument = value == null ? Argument.MALFORMED : new Argument(value, false);
    }
    out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(argument);
  }

  private static Map<String, List<Argument>> freeze(Map<String, List<Argument>> directives) {
    Map<String, List<Argument>> copy = new LinkedHashMap<>();
    directives.forEach((name, args) -> copy.put(name, List.copyOf(args)));
    return Collections.unmodifiableMap(copy);
  }

  /** Whether there is no directive at all. */
  public boolean isEmpty() {
    return directives.isEmpty();
  }

  /** The lower-cased directive names, in order of first appearance. */
  public Set<String> names() {
    return directives.keySet();
  }

  /** Whether {@code directive} appears, with or without an argument, valid or not. */
  public boolean has(String directive) {
    return directives.containsKey(directive.toLowerCase(Locale.ROOT));
  }

  /**
   * The directive's delta-seconds (clamped to {@link #MAX_DELTA_SECONDS}), or empty when it is
   * absent or {@link #invalid}.
   */
  public OptionalLong seconds(String directive) {
    List<Argument> args = directives.get(directive.toLowerCase(Locale.ROOT));
    if (args == null) {
      return OptionalLong.empty();
    }
    long seconds = -1;
    for (Argument arg : args) {
      long value = arg.malformed() ? -1 : FieldSyntax.deltaSeconds(arg.value());
      if (value < 0 || (seconds >= 0 && value != seconds)) {
        return OptionalLong.empty();
      }
      seconds = value;
    }
    return OptionalLong.of(seconds);
  }

  /**
   * Whether the directive is present without a valid delta-seconds: no argument, a malformed
   * one, a non-digit or negative one, or conflicting duplicates.
   */
  public boolean invalid(String directive) {
    return has(directive) && seconds(directive).isEmpty();
  }

  /**
   * The lower-cased field names of a qualified directive ({@code no-cache="Set-Cookie, X-Foo"}
   * gives {@code [set-cookie, x-foo]}), over all its occurrences; empty when it has none.
   */
  public List<String> fields(String directive) {
    List<Argument> args = directives.get(directive.toLowerCase(Locale.ROOT));
    if (args == null) {
      return List.of();
    }
    Set<String> fields = new LinkedHashSet<>();
    for (Argument arg : args) {
      fields.addAll(fieldNames(arg));
    }
    return List.copyOf(fields);
  }

  /**
   * Whether the directive appears at least once in its unqualified form. A malformed or empty
   * field list ({@code private="}, {@code no-cache=""}) also counts as unqualified: when in
   * doubt, the stricter meaning.
   */
  public boolean unqualified(String directive) {
    List<Argument> args = directives.get(directive.toLowerCase(Locale.ROOT));
    if (args == null) {
      return false;
    }
    for (Argument arg : args) {
      if (arg.value() == null || fieldNames(arg).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the directive is present and every occurrence of it is without an argument. */
  public boolean bare(String directive) {
    List<Argument> args = directives.get(directive.toLowerCase(Locale.ROOT));
    if (args == null) {
      return false;
    }
    for (Argument arg : args) {
      if (arg.value() != null || arg.malformed()) {
        return false;
      }
    }
    return true;
  }

  /** The first argument of the directive, unquoted, or null when it has none. */
  public String argument(String directive) {
    List<Argument> args = directives.get(directive.toLowerCase(Locale.ROOT));
    return args == null ? null : args.get(0).value();
  }

  private static List<String> fieldNames(Argument arg) {
    if (arg.value() == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(2);
    for (String member : FieldSyntax.members(List.of(arg.value()), false)) {
      if (FieldSyntax.isToken(member)) {
        names.add(member.toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    directives.forEach((name, args) -> {
      for (Argument arg : args) {
        if (out.length() > 0) {
          out.append(", ");
        }
        out.append(name);
        if (arg.malformed()) {
          out.append("=<malformed>");
        } else if (arg.value() != null) {
          out.append("=\"").append(arg.value().replace("\\", "\\\\").replace("\"", "\\\""))
              .append('"');
        }
      }
    });
    return out.toString();
  }
}
