package org.edgecdn.edge.prefetch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an edge tells the browser about a page's likely next pages. */
public enum Hints {
  /** Nothing: the edge warms its own cache only. */
  NONE("none"),
  /** {@code Link: <Q>; rel=prefetch} on the page's response (HTML5 resource hints). */
  LINK("link"),
  /**
   * The same {@code Link} fields sent at once in a 103 Early Hints response (RFC 8297), before
   * the cache lookup or the origin's answer, over HTTP/2 only, and again on the final response
   * for clients that ignore interim responses (browsers act on {@code preload} and
   * {@code preconnect} in a 103, not yet on {@code prefetch}).
   */
  EARLY_HINTS("early-hints"),
  /**
   * {@code Speculation-Rules: "/_cdn/speculation-rules?page=P"} on the page's response: the
   * browser fetches that rules document, which the edge serves from its model, and prefetches
   * the pages it lists (Speculation Rules API).
   */
  SPECULATION_RULES("speculation-rules");

  private final String wireName;

  Hints(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The names the network file accepts, in declaration order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Hints::wireName).toList();
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
