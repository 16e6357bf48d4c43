package org.edgecdn.loadtest.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of an input file that were skipped as unreadable: how many, and the first few with
 * their line numbers and the reason, so a bad trace is reported instead of crashing the run or
 * silently sending fewer distinct requests.
 *
 * @param used lines that became requests
 * @param bad lines that could not be read
 * @param examples up to {@link #MAX_EXAMPLES} of the bad lines, e.g. {@code line 7: no method}
 */
public record ParseReport(long used, long bad, List<String> examples) {

  public static final int MAX_EXAMPLES = 5;
  public static final ParseReport EMPTY = new ParseReport(0, 0, List.of());

  public ParseReport {
    examples = List.copyOf(examples);
  }

  /** Collects a parse as it goes. */
  static final class Builder {
    private long used;
    private long bad;
    private final List<String> examples = new ArrayList<>();

    void used() {
      used++;
    }

    void bad(long lineNumber, String reason, String line) {
      bad++;
      if (examples.size() < MAX_EXAMPLES) {
        String shown = line.length() > 80 ? line.substring(0, 77) + "..." : line;
        examples.add("line " + lineNumber + ": " + reason + ": " + shown);
      }
    }

    ParseReport build() {
      return new ParseReport(used, bad, examples);
    }
  }
}
