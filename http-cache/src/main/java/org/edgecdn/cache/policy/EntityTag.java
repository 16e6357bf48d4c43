package org.edgecdn.cache.policy;

/**
 * An entity tag (RFC 9110 §8.8.3): {@code "xyzzy"} or weak {@code W/"xyzzy"}. Parsing is
 * strict: an unquoted tag, a lower-case {@code w/} or {@code W\} is not an entity tag, so it
 * never matches. Answering 304 for the wrong representation is worse than a 200.
 *
 * @param weak whether the tag had the {@code W/} prefix
 * @param opaque the characters between the quotes
 */
record EntityTag(boolean weak, String opaque) {

  /** The tag {@code value} holds, or null when it is not exactly one entity tag. */
  static EntityTag parse(String value) {
    if (value == null) {
      return null;
    }
    String s = FieldSyntax.trimOws(value);
    boolean weak = s.startsWith("W/");
    if (weak) {
      s = s.substring(2);
    }
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      return null;
    }
    String opaque = s.substring(1, s.length() - 1);
    for (int i = 0; i < opaque.length(); i++) {
      char c = opaque.charAt(i);
      // etagc = %x21 / %x23-7E / obs-text
      if (c == '"' || c < 0x21 || c == 0x7F || c > 0xFF) {
        return null;
      }
    }
    return new EntityTag(weak, opaque);
  }

  /** The first well-formed entity tag among the {@code ETag} field lines, or null. */
  static EntityTag first(Iterable<String> etagLines) {
    for (String line : etagLines) {
      EntityTag tag = parse(line);
      if (tag != null) {
        return tag;
      }
    }
    return null;
  }

  /** Weak comparison (RFC 9110 §8.8.3.2): the opaque tags match, weakness ignored. */
  boolean weakMatch(EntityTag other) {
    return other != null && opaque.equals(other.opaque);
  }

  /** Strong comparison (RFC 9110 §8.8.3.2): neither is weak and the opaque tags match. */
  boolean strongMatch(EntityTag other) {
    return other != null && !weak && !other.weak && opaque.equals(other.opaque);
  }

  @Override
  public String toString() {
    return (weak ? "W/\"" : "\"") + opaque + '"';
  }
}
