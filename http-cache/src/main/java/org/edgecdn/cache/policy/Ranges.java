package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Serving byte ranges of a stored complete response (RFC 9110 §14). Only GET has range
 * semantics (§14.2); the caller evaluates ranges only for a stored 200.
 *
 * <ul>
 *   <li>{@code bytes=0-499}, open {@code bytes=9500-} and suffix {@code bytes=-500}
 *       (§14.1.2); the unit name ignores case; a last position past the end is cut to it.
 *   <li>A Range that is not exactly one well-formed {@code bytes} field is ignored: full
 *       response (§14.2 allows ignoring; a proxy MAY discard an unknown unit).
 *   <li>{@code If-Range} (§13.1.5) with an entity tag needs a strong match; with a date, an
 *       exact match of a strong {@code Last-Modified}: one at least 60 s before the stored
 *       {@code Date} (§8.8.2.2). Otherwise the whole response.
 *   <li>No satisfiable range: 416 with {@code Content-Range: bytes *}{@code /length}.
 *   <li>Security (§14.2): overlapping or adjacent ranges are coalesced, so no byte is sent
 *       twice and {@code bytes=0-,0-,0-...} cannot amplify; more than {@value #MAX_RANGES}
 *       ranges are refused by sending the whole response once, which is never larger than the
 *       parts would be. Without overlaps the requested order is kept (§15.3.7.2).
 * </ul>
 */
public final class Ranges {

  private static final CharSequence RANGE = HttpHeaders.createOptimized("range");

  /** More range-specs than this and the Range field is ignored. */
  public static final int MAX_RANGES = 16;

  private Ranges() {}

  /**
   * How to answer {@code requestHeaders}' Range from the stored response.
   *
   * @param storedHeaders the stored response's headers, for {@code If-Range}
   * @param length the stored body's length in bytes
   */
  public static RangeOutcome evaluate(String method, MultiMap requestHeaders,
      MultiMap storedHeaders, long length) {
    if (!"GET".equals(method) || !requestHeaders.contains(RANGE)) {
      return RangeOutcome.FULL;
    }
    List<String> fields = requestHeaders.getAll("range");
    if (fields.size() != 1) {
      return RangeOutcome.FULL;
    }
    String field = FieldSyntax.trimOws(fields.get(0));
    int equals = field.indexOf('=');
    if (equals <= 0 || !field.substring(0, equals).equalsIgnoreCase("bytes")) {
      return RangeOutcome.FULL;
    }
    if (!ifRangeHolds(requestHeaders, storedHeaders)) {
      return RangeOutcome.FULL;
    }
    List<String> specs = FieldSyntax.members(List.of(field.substring(equals + 1)), false);
    if (specs.isEmpty() || specs.size() > MAX_RANGES) {
      return RangeOutcome.FULL;
    }
    List<ByteRange> satisfiable = new ArrayList<>(specs.size());
    for (String spec : specs) {
      long[] parsed = parseSpec(spec);
      if (parsed == null) {
        return RangeOutcome.FULL;
      }
      ByteRange range = satisfiable(parsed, length);
      if (range != null) {
        satisfiable.add(range);
      }
    }
    if (satisfiable.isEmpty()) {
      return new RangeOutcome.Unsatisfiable(length);
    }
    return new RangeOutcome.Partial(coalesce(satisfiable));
  }

  /** The {@code Content-Range} of one part: {@code bytes first-last/length}. */
  public static String contentRange(ByteRange range, long length) {
    return "bytes " + range.first() + "-" + range.last() + "/" + length;
  }

  /** {first, last} with last -1 when open, or {-1, suffixLength}; null when malformed. */
  private static long[] parseSpec(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    if (dash == 0) {
      long suffix = digits(spec.substring(1));
      return suffix < 0 ? null : new long[] {-1, suffix};
    }
    long first = digits(spec.substring(0, dash));
    String rest = spec.substring(dash + 1);
    long last = rest.isEmpty() ? -1 : digits(rest);
    if (first < 0 || (!rest.isEmpty() && (last < 0 || last < first))) {
      return null; // §14.1.1: last-pos before first-pos makes the spec invalid
    }
    return new long[] {first, last};
  }

  private static ByteRange satisfiable(long[] spec, long length) {
    if (spec[0] < 0) {
      long suffix = spec[1];
      // §14.1.1: a suffix range is satisfiable if non-zero and the representation is not empty.
      return suffix > 0 && length > 0
          ? new ByteRange(Math.max(0, length - suffix), length - 1) : null;
    }
    if (spec[0] >= length) {
      return null;
    }
    long last = spec[1] < 0 ? length - 1 : Math.min(spec[1], length - 1);
    return new ByteRange(spec[0], last);
  }

  private static List<ByteRange> coalesce(List<ByteRange> ranges) {
    List<ByteRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(ByteRange::first));
    List<ByteRange> merged = new ArrayList<>(sorted.size());
    for (ByteRange range : sorted) {
      int end = merged.size() - 1;
      if (end >= 0 && range.first() <= merged.get(end).last() + 1) {
        ByteRange previous = merged.get(end);
        merged.set(end, new ByteRange(previous.first(), Math.max(previous.last(), range.last())));
      } else {
        merged.add(range);
      }
    }
    return merged.size() == ranges.size() ? ranges : merged;
  }

  /** Digits as a non-negative number, saturating at Long.MAX_VALUE; -1 if not all digits. */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      int digit = c - '0';
      value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
    }
    return value;
  }

  private static boolean ifRangeHolds(MultiMap requestHeaders, MultiMap stored) {
    List<String> ifRange = requestHeaders.getAll("if-range");
    if (ifRange.isEmpty()) {
      return true;
    }
    if (ifRange.size() > 1) {
      return false;
    }
    String validator = FieldSyntax.trimOws(ifRange.get(0));
    if (validator.startsWith("\"") || validator.startsWith("W/")) {
      EntityTag tag = EntityTag.parse(validator);
      return tag != null && tag.strongMatch(EntityTag.first(stored.getAll("etag")));
    }
    OptionalLong date = HttpDates.parse(validator);
    OptionalLong lastModified = Storability.singleDate(stored.getAll("last-modified"));
    OptionalLong storedDate = Storability.singleDate(stored.getAll("date"));
    return date.isPresent() && date.equals(lastModified) && storedDate.isPresent()
        && storedDate.getAsLong() - lastModified.getAsLong() >= 60_000;
  }
}
