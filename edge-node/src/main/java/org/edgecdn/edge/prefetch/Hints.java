package org.edgecdn.edge.prefetch;

import java.util.Locale;
import java.util.Optional;

/** What an edge tells the browser about a page's likely next pages. */
public enum Hints {
  /** Nothing: the edge warms its own cache only. */
  NONE("none"),
  /** {@code Link: <Q>; rel=prefetch} on the page's response (HTML5 resource hints). */
  LINK("link");

  private final String wireName;

  Hints(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Hints> parse(String text) {
    for (Hints h : values()) {
      if (h.wireName.equals(text.toLowerCase(Locale.ROOT))) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}
