package org.edgecdn.launcher.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a conditional GET/HEAD gets 304 Not Modified (RFC 9110 §13.1.2, §13.1.3 and
 * the evaluation order of §13.2.2). If-Match and If-Unmodified-Since are not evaluated: the
 * demo origin has nothing to update, so they can never be false in a way that matters.
 */
final class Conditional {

  private Conditional() {}

  /**
   * True when the client's copy is current.
   *
   * @param ifNoneMatch the If-None-Match header, or null
   * @param ifModifiedSince the If-Modified-Since header, or null
   * @param etag the representation's strong ETag, quoted
   * @param lastModified the representation's Last-Modified, whole seconds
   */
  static boolean notModified(
      String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
    if (ifNoneMatch != null) {
      // §13.2.2 step 3: when If-None-Match is present, If-Modified-Since is ignored, because
      // an entity tag is the more accurate validator.
      return matchesAny(ifNoneMatch, etag);
    }
    return HttpDate.parse(ifModifiedSince)
        .map(since -> !lastModified.isAfter(since))
        .orElse(false);
  }

  /** §13.1.2: If-None-Match uses the weak comparison, so {@code W/"x"} matches {@code "x"}. */
  private static boolean matchesAny(String ifNoneMatch, String etag) {
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    String opaque = opaque(etag);
    return entityTags(ifNoneMatch).stream().anyMatch(tag -> opaque(tag).equals(opaque));
  }

  private static String opaque(String entityTag) {
    return entityTag.startsWith("W/") ? entityTag.substring(2) : entityTag;
  }

  /**
   * Splits a list of entity tags. A naive split on commas would be wrong: a comma is a legal
   * character inside the quotes of an entity tag (§8.8.3, etagc).
   */
  static List<String> entityTags(String header) {
    List<String> tags = new ArrayList<>();
    int i = 0;
    int n = header.length();
    while (i < n) {
      char c = header.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int start = i;
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || header.charAt(i) != '"') {
        // Not an entity tag (e.g. an unquoted value some clients send): skip to the next comma.
        int comma = header.indexOf(',', i);
        i = comma < 0 ? n : comma + 1;
        continue;
      }
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        break;
      }
      tags.add(header.substring(start, close + 1));
      i = close + 1;
    }
    return tags;
  }
}
