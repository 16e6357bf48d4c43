package org.edgecdn.cache.policy;

/**
 * A satisfiable byte range of a representation, both ends inclusive (RFC 9110 §14.1.2).
 *
 * @param first the offset of the first byte
 * @param last the offset of the last byte, at least {@code first}
 */
public record ByteRange(long first, long last) {

  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
    }
  }

  /** The number of bytes in the range. */
  public long length() {
    return last - first + 1;
  }
}
