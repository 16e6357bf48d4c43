package org.edgecdn.cache.policy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a targeted cache-control field such as {@code CDN-Cache-Control} (RFC 9213 §2.1). Unlike
 * {@code Cache-Control}, a targeted field is a Structured Field Dictionary (RFC 8941 §3.2), so
 * the grammar is strict: keys are lower case, no space around {@code =}, and
 * {@code max-age="60"} is a String where an Integer is due.
 *
 * <p>A field that fails to parse, or that gives a known directive a value of the wrong type,
 * is invalid as a whole (RFC 9213 §2.1: implementations should not consume values that violate
 * the inferred types), and then the next field in the target list governs, down to
 * {@code Cache-Control}. A valid field with only unknown directives is not empty: it governs,
 * which is how {@code CDN-Cache-Control: none} switches off {@code Cache-Control} for CDNs
 * (RFC 9213 §3.1).
 */
final class TargetedCacheControl {

  /** Directives whose value must be a non-negative Integer. */
  private static final Set<String> SECONDS = Set.of(
      "max-age", "s-maxage", "stale-while-revalidate", "stale-if-error");
  /** Directives without an argument; each must be a Boolean. */
  private static final Set<String> FLAGS = Set.of(
      "no-store", "public", "must-revalidate", "proxy-revalidate", "must-understand",
      "immutable", "no-transform");
  /** Directives that are a Boolean, or a String (or list of them) naming fields. */
  private static final Set<String> FIELD_LISTS = Set.of("no-cache", "private");

  /** Marks a bare key, whose value is Boolean true. */
  private static final Object TRUE = Boolean.TRUE;

  private final String input;
  private int pos;

  private TargetedCacheControl(String input) {
    this.input = input;
  }

  /**
   * The directives of the field's lines, or null when the field is absent, empty or invalid
   * (then it does not govern).
   */
  static CacheControl parse(List<String> lines) {
    if (lines.isEmpty()) {
      return null;
    }
    // RFC 8941 §4.2: lines are combined with commas, then parsed as one.
    String combined = String.join(",", lines);
    Map<String, Object> dictionary = new TargetedCacheControl(combined).dictionary();
    if (dictionary == null || dictionary.isEmpty()) {
      return null;
    }
    Map<String, List<CacheControl.Argument>> directives = new LinkedHashMap<>();
    for (Map.Entry<String, Object> member : dictionary.entrySet()) {
      String key = member.getKey();
      Object value = member.getValue();
      CacheControl.Argument argument;
      if (SECONDS.contains(key)) {
        if (!(value instanceof Long seconds) || seconds < 0) {
          return null;
        }
        argument = new CacheControl.Argument(
            Long.toString(Math.min(seconds, CacheControl.MAX_DELTA_SECONDS)), false);
      } else if (FLAGS.contains(key)) {
        if (!(value instanceof Boolean flag)) {
          return null;
        }
        if (!flag) {
          continue; // no-store=?0 says "not no-store"
        }
        argument = CacheControl.Argument.NONE;
      } else if (FIELD_LISTS.contains(key)) {
        if (value instanceof Boolean flag) {
          if (!flag) {
            continue;
          }
          argument = CacheControl.Argument.NONE;
        } else {
          String fields = fieldList(value);
          if (fields == null) {
            return null;
          }
          argument = new CacheControl.Argument(fields, false);
        }
      } else {
        // Extensions: kept for has(); their value type is theirs to define.
        if (Boolean.FALSE.equals(value)) {
          continue;
        }
        argument = value instanceof Boolean ? CacheControl.Argument.NONE
            : new CacheControl.Argument(text(value), false);
      }
      directives.put(key, List.of(argument));
    }
    return CacheControl.of(directives);
  }

  /** An extension's value as text; Byte Sequences in their base64 form. */
  private static String text(Object value) {
    return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
        : String.valueOf(value);
  }

  /** A String, a Token, or an inner list of those, as a comma-separated field list. */
  private static String fieldList(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Token t) {
      return t.value();
    }
    if (value instanceof List<?> list) {
      List<String> names = new ArrayList<>();
      for (Object item : list) {
        String name = item instanceof String s ? s : item instanceof Token t ? t.value() : null;
        if (name == null) {
          return null;
        }
        names.add(name);
      }
      return String.join(", ", names);
    }
    return null;
  }

  /** A Token bare item, told apart from a String one. */
  private record Token(String value) {
    @Override
    public String toString() {
      return value;
    }
  }

  // ---- RFC 8941 §4.2, parsing. Each method returns null on failure. ----

  private Map<String, Object> dictionary() {
    skipSp();
    Map<String, Object> dictionary = new LinkedHashMap<>();
    while (pos < input.length()) {
      String key = key();
      if (key == null) {
        return null;
      }
      Object value;
      if (peek() == '=') {
        pos++;
        value = peek() == '(' ? innerList() : item();
      } else {
        value = TRUE;
        if (!parameters()) {
          return null;
        }
      }
      if (value == null) {
        return null;
      }
      dictionary.put(key, value); // a repeated key overwrites (RFC 8941 §4.2.2)
      skipOws();
      if (pos == input.length()) {
        return dictionary;
      }
      if (input.charAt(pos++) != ',') {
        return null;
      }
      skipOws();
      if (pos == input.length()) {
        return null; // trailing comma
      }
    }
    return dictionary;
  }

  private Object innerList() {
    pos++; // '('
    List<Object> items = new ArrayList<>();
    while (pos < input.length()) {
      skipSp();
      if (peek() == ')') {
        pos++;
        return parameters() ? items : null;
      }
      Object item = item();
      if (item == null) {
        return null;
      }
      items.add(item);
      char next = peek();
      if (next != ' ' && next != ')') {
        return null;
      }
    }
    return null;
  }

  private Object item() {
    Object bare = bareItem();
    return bare != null && parameters() ? bare : null;
  }

  /** Parameters are parsed for validity and then ignored: no directive here defines any. */
  private boolean parameters() {
    while (peek() == ';') {
      pos++;
      skipSp();
      if (key() == null) {
        return false;
      }
      if (peek() == '=') {
        pos++;
        if (bareItem() == null) {
          return false;
        }
      }
    }
    return true;
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '*' || isAlpha(c)) {
      return token();
    }
    if (c == ':') {
      return byteSequence();
    }
    if (c == '?') {
      return bool();
    }
    if (c == '@') { // Date (RFC 9651 §3.3.7)
      pos++;
      return number() instanceof Long seconds ? seconds : null;
    }
    return null;
  }

  private String key() {
    char first = peek();
    if (!(first == '*' || (first >= 'a' && first <= 'z'))) {
      return null;
    }
    int start = pos++;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0)) {
        break;
      }
      pos++;
    }
    return input.substring(start, pos);
  }

  private Object number() {
    int start = pos;
    boolean negative = peek() == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    int dot = -1;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' && dot < 0) {
        dot = pos++;
      } else {
        break;
      }
    }
    int length = pos - digitsStart;
    if (length == 0 || input.charAt(digitsStart) == '.') {
      return null;
    }
    if (dot < 0) {
      if (length > 15) {
        return null;
      }
      long value = Long.parseLong(input.substring(digitsStart, pos));
      return negative ? -value : value;
    }
    int integerDigits = dot - digitsStart;
    int fractionDigits = pos - dot - 1;
    if (integerDigits > 12 || fractionDigits < 1 || fractionDigits > 3) {
      return null;
    }
    return Double.parseDouble(input.substring(start, pos));
  }

  private String string() {
    pos++; // '"'
    StringBuilder out = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (pos == input.length()) {
          return null;
        }
        char escaped = input.charAt(pos++);
        if (escaped != '"' && escaped != '\\') {
          return null;
        }
        out.append(escaped);
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7E) {
        return null;
      } else {
        out.append(c);
      }
    }
    return null;
  }

  private Token token() {
    int start = pos++;
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (!(FieldSyntax.isTchar(c) || c == ':' || c == '/')) {
        break;
      }
      pos++;
    }
    return new Token(input.substring(start, pos));
  }

  private byte[] byteSequence() {
    pos++; // ':'
    int start = pos;
    while (pos < input.length() && input.charAt(pos) != ':') {
      char c = input.charAt(pos);
      if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')) {
        return null;
      }
      pos++;
    }
    if (pos == input.length()) {
      return null;
    }
    String base64 = input.substring(start, pos++);
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Boolean bool() {
    pos++; // '?'
    char c = peek();
    if (c == '0' || c == '1') {
      pos++;
      return c == '1';
    }
    return null;
  }

  private char peek() {
    return pos < input.length() ? input.charAt(pos) : '\0';
  }

  private void skipSp() {
    while (pos < input.length() && input.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < input.length() && FieldSyntax.isOws(input.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
