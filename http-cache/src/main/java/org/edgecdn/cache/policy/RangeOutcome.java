package org.edgecdn.cache.policy;

import java.util.List;

/** How to answer a request's {@code Range} from a stored whole, as {@link Ranges} decides. */
public sealed interface RangeOutcome
    permits RangeOutcome.Full, RangeOutcome.Partial, RangeOutcome.Unsatisfiable {

  /** The singleton {@link Full}. */
  Full FULL = new Full();

  /**
   * Send the whole representation with its stored status: no Range, one that must be ignored
   * (not GET, unknown unit, malformed, too many ranges), or an {@code If-Range} that does not
   * match.
   */
  record Full() implements RangeOutcome {}

  /**
   * Send 206 with these ranges: one range as a single part with {@code Content-Range}, several
   * as {@code multipart/byteranges}.
   *
   * @param ranges satisfiable, non-overlapping, non-adjacent ranges
   */
  record Partial(List<ByteRange> ranges) implements RangeOutcome {
    public Partial {
      ranges = List.copyOf(ranges);
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("a partial answer needs a range");
      }
    }
  }

  /**
   * Send 416 Range Not Satisfiable with {@link #contentRange()} (RFC 9110 §15.5.17).
   *
   * @param length the representation's length
   */
  record Unsatisfiable(long length) implements RangeOutcome {
    /** {@code bytes *}{@code /length}, the Content-Range a 416 carries. */
    public String contentRange() {
      return "bytes */" + length;
    }
  }
}
