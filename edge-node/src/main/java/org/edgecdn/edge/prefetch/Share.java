package org.edgecdn.edge.prefetch;

import java.util.Locale;
import java.util.Optional;

/** Whose counts a site's predictions are made from (docs/prefetch.md). */
public enum Share {
  /** This edge's own counts only. */
  NONE("none"),
  /** This edge's counts plus the latest of the other edges of its region ({@link ModelSharing}). */
  REGION("region");

  private final String wireName;

  Share(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Share> parse(String text) {
    for (Share s : values()) {
      if (s.wireName.equals(text.toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
