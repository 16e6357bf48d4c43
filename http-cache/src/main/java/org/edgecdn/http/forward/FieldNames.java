package org.edgecdn.http.forward;

import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A set of header field names matched without case (RFC 9110 §5.1) and without allocating: the
 * names are grouped by length, and a name is compared only with those of its own length. The hit
 * path filters every stored field through one of these, where lower-casing each name into a new
 * string to look it up in a {@link Set} showed in profiles.
 */
final class FieldNames {

  static final FieldNames NONE = new FieldNames(Set.of());

  private final String[][] byLength;
  private final List<CharSequence> names;

  private FieldNames(Set<String> names) {
    this.names = names.stream().<CharSequence>map(HttpHeaders::createOptimized).toList();
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i <= longest; i++) {
      groups.add(new ArrayList<>());
    }
    names.forEach(name -> groups.get(name.length()).add(name.toLowerCase(Locale.ROOT)));
    byLength = new String[longest + 1][];
    for (int i = 0; i <= longest; i++) {
      byLength[i] = groups.get(i).isEmpty() ? null : groups.get(i).toArray(String[]::new);
    }
  }

  static FieldNames of(Set<String> names) {
    return names.isEmpty() ? NONE : new FieldNames(names);
  }

  /** The names, as Netty's header maps hash them fastest. */
  List<CharSequence> names() {
    return names;
  }

  boolean contains(String name) {
    int length = name.length();
    if (length >= byLength.length) {
      return false;
    }
    String[] candidates = byLength[length];
    if (candidates == null) {
      return false;
    }
    for (String candidate : candidates) {
      if (candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
