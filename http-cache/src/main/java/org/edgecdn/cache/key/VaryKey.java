package org.edgecdn.cache.key;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The secondary cache key: the request header values a response's {@code Vary} selects
 * (RFC 9111 §4.1). A stored response may be used for a later request only if, for every field
 * {@code Vary} names, the two requests' values match after normalization; Pingora calls this the
 * variance. Responses without {@code Vary} have the empty secondary key.
 *
 * <p>Form: one line per field name, names lower-cased, de-duplicated and sorted (so
 * {@code Vary: Accept-Language, accept-encoding} and its reverse select alike), each
 * {@code name:value}, or the bare {@code name} when the request lacks the header: a missing
 * header and an empty one are different requests to an origin. Lines are joined with {@code \n},
 * which no field value may contain (RFC 9110 §5.5), so the form is unambiguous.
 *
 * <p>Values are normalized as RFC 9110 allows without changing their meaning: several field
 * lines are joined with {@code ,} (§5.3), whitespace around commas is dropped and runs of
 * whitespace become one space (§5.6.1, §5.6.3). {@code Accept-Encoding} goes further: its list
 * elements are lower-cased (codings are case-insensitive, §8.4.1), stripped of whitespace and
 * sorted, q-values kept. Browsers send {@code gzip, deflate, br} or {@code br, gzip} in their own
 * orders, and the order means nothing, only q-values rank codings (§12.5.3); without sorting each
 * order would store its own copy of every compressed response. {@code Accept-Language} is
 * lower-cased (language tags and their parameters are case-insensitive, RFC 5646 §2.1.1) but not
 * sorted: a list without q-values may rank languages by their order.
 */
public final class VaryKey {

  /** The {@code Vary} member that makes a response unusable for any other request. */
  public static final String ANY = "*";

  private static final String ACCEPT_ENCODING = "accept-encoding";
  private static final String ACCEPT_LANGUAGE = "accept-language";

  private VaryKey() {}

  /**
   * The field names of a response's {@code Vary} field lines: lower-cased, de-duplicated and
   * sorted; just {@code ["*"]} if any member is {@code *}; empty if there are none.
   */
  public static List<String> fieldNames(List<String> varyValues) {
    TreeSet<String> names = new TreeSet<>();
    for (String value : varyValues) {
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma < 0 ? value.length() : comma;
        String name = trim(value, start, end).toLowerCase(Locale.ROOT);
        if (name.equals(ANY)) {
          return List.of(ANY);
        }
        if (!name.isEmpty()) {
          names.add(name);
        }
        start = end + 1;
      }
    }
    return names.isEmpty() ? List.of() : List.copyOf(names);
  }

  /**
   * The secondary key of {@code requestHeaders} for a response with these {@code Vary} field
   * lines.
   *
   * @return the key ("" without {@code Vary}), or empty if the response may not be stored:
   *     {@code Vary: *} (RFC 9111 §4.1), or a header value holding a line break
   */
  public static Optional<String> secondary(List<String> varyValues, MultiMap requestHeaders) {
    return secondaryForNames(fieldNames(varyValues), requestHeaders);
  }

  /**
   * {@link #secondary} from names already normalized by {@link #fieldNames}, as they are kept
   * with a stored response: the lookup of each later request then parses nothing.
   */
  public static Optional<String> secondaryForNames(
      List<String> fieldNames, MultiMap requestHeaders) {
    if (fieldNames.isEmpty()) {
      return Optional.of("");
    }
    StringBuilder key = new StringBuilder(64);
    for (String name : fieldNames) {
      if (name.equals(ANY)) {
        return Optional.empty();
      }
      if (key.length() > 0) {
        key.append('\n');
      }
      key.append(name);
      List<String> values = requestHeaders.getAll(name);
      if (values.isEmpty()) {
        continue; // absent: the bare name
      }
      String joined = values.size() == 1 ? values.get(0) : String.join(",", values);
      if (joined.indexOf('\n') >= 0 || joined.indexOf('\r') >= 0) {
        return Optional.empty();
      }
      key.append(':');
      if (name.equals(ACCEPT_ENCODING)) {
        appendCodings(key, joined);
      } else {
        appendList(key, joined, name.equals(ACCEPT_LANGUAGE));
      }
    }
    return Optional.of(key.toString());
  }

  /**
   * {@code value} with whitespace dropped around commas and at the ends, runs made one space;
   * ASCII letters lower-cased when {@code lowerCase}.
   */
  private static void appendList(StringBuilder out, String value, boolean lowerCase) {
    boolean pendingSpace = false;
    boolean afterComma = true; // at the start: leading whitespace is dropped
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        pendingSpace = !afterComma;
      } else if (c == ',') {
        out.append(',');
        pendingSpace = false;
        afterComma = true;
      } else {
        if (pendingSpace) {
          out.append(' ');
        }
        out.append(lowerCase && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        pendingSpace = false;
        afterComma = false;
      }
    }
  }

  /** The codings of an {@code Accept-Encoding} value: lower case, no whitespace, sorted. */
  private static void appendCodings(StringBuilder out, String value) {
    List<String> codings = new ArrayList<>(4);
    StringBuilder coding = new StringBuilder(16);
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      if (c == ',') {
        if (coding.length() > 0) {
          codings.add(coding.toString());
          coding.setLength(0);
        }
      } else if (c != ' ' && c != '\t') {
        coding.append(Character.toLowerCase(c));
      }
    }
    Collections.sort(codings);
    String previous = null;
    boolean first = true;
    for (String c : codings) {
      if (!c.equals(previous)) {
        if (!first) {
          out.append(',');
        }
        out.append(c);
        first = false;
      }
      previous = c;
    }
  }

  /** {@code value[from, to)} without optional whitespace (SP, HTAB) at either end. */
  private static String trim(String value, int from, int to) {
    while (from < to && isWhitespace(value.charAt(from))) {
      from++;
    }
    while (to > from && isWhitespace(value.charAt(to - 1))) {
      to--;
    }
    return value.substring(from, to);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
