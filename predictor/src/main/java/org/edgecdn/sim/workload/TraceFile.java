package org.edgecdn.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a trace file: one request a line, {@code key} or {@code key size}, separated by spaces
 * or tabs, the size in bytes. A line without a size uses the default size. Blank lines and lines
 * starting with {@code #} are skipped. Any other line is bad: counted, its number and reason
 * kept (the first {@value #KEPT_BAD_LINES}), and skipped; a bad line never stops the read.
 *
 * <p>An object is a key at one size: a key seen at a second size is a new version of the
 * object, which a cache must fetch again, so it becomes a new object (counted in {@link
 * Parsed#resizedKeys()}).
 */
public final class TraceFile {

  /** Bad lines whose number and reason are kept; the rest are only counted. */
  public static final int KEPT_BAD_LINES = 20;

  private static final Pattern FIELDS = Pattern.compile("[ \\t]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  /**
   * A line that was skipped.
   *
   * @param number the line number, from 1
   * @param reason why
   */
  public record BadLine(int number, String reason) {}

  /**
   * What a read found.
   *
   * @param trace the good lines' requests
   * @param lines lines read
   * @param badLines how many lines were bad
   * @param firstBadLines the first bad lines, at most {@link #KEPT_BAD_LINES}
   * @param resizedKeys keys seen at more than one size
   */
  public record Parsed(Trace trace, int lines, int badLines, List<BadLine> firstBadLines,
      int resizedKeys) {}

  private TraceFile() {}

  /** Reads a file as UTF-8; an I/O error (missing file, unreadable) is thrown. */
  public static Parsed read(Path file, long defaultSize) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, "trace " + file.getFileName(), defaultSize);
    }
  }

  /** Reads lines from a reader; {@code description} heads the reports of the trace. */
  public static Parsed read(BufferedReader reader, String description, long defaultSize)
      throws IOException {
    if (defaultSize <= 0) {
      throw new IllegalArgumentException("default size must be positive: " + defaultSize);
    }
    Map<String, Integer> objectIds = new HashMap<>();
    Map<String, Long> firstSize = new HashMap<>();
    Set<String> resized = new HashSet<>();
    List<Long> sizes = new ArrayList<>();
    int[] requests = new int[1024];
    int length = 0;
    int lineNumber = 0;
    int bad = 0;
    List<BadLine> kept = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] fields = FIELDS.split(text);
      long size = fields.length == 1 ? defaultSize : fields.length == 2 ? bytes(fields[1]) : 0;
      if (size <= 0) {
        bad++;
        if (kept.size() < KEPT_BAD_LINES) {
          kept.add(new BadLine(lineNumber, fields.length > 2
              ? "expected 'key' or 'key size', found " + fields.length + " fields"
              : "size '" + abbreviate(fields[1]) + "' is not a positive number of bytes"));
        }
        continue;
      }
      String key = fields[0];
      Long first = firstSize.putIfAbsent(key, size);
      if (first != null && first != size) {
        resized.add(key);
      }
      int id = objectIds.computeIfAbsent(key + ' ' + size, k -> {
        sizes.add(size);
        return sizes.size() - 1;
      });
      if (length == requests.length) {
        requests = Arrays.copyOf(requests, Math.max(16, length + (length >> 1)));
      }
      requests[length++] = id;
    }
    long[] objectSizes = sizes.stream().mapToLong(Long::longValue).toArray();
    Trace trace = Trace.wrap(description, Arrays.copyOf(requests, length), objectSizes);
    return new Parsed(trace, lineNumber, bad, List.copyOf(kept), resized.size());
  }

  /** A positive decimal number of bytes, or 0 for anything else. */
  private static long bytes(String text) {
    return DIGITS.matcher(text).matches() ? Long.parseLong(text) : 0;
  }

  private static String abbreviate(String text) {
    return text.length() <= 24 ? text : text.substring(0, 21) + "...";
  }
}
