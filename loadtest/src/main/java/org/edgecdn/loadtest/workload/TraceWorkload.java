package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace: one object key a line, optionally its size in bytes as a second column
 * (separated by spaces, a tab or a comma), in file order and from the top again when it runs
 * out. A key that starts with {@code /} is a path and is sent as it is; any other key goes into
 * the path template (default {@code /obj/{key}}). A size fills {@code {size}} in the template,
 * or else is appended as the query parameter {@code size}.
 *
 * <p>Lines that cannot be read (three columns, a size that is not a number) are skipped and
 * reported in {@link #parseReport()}; blank lines and {@code #} comments are ignored.
 */
public final class TraceWorkload implements Workload {

  public static final String DEFAULT_TEMPLATE = "/obj/{key}";

  private final List<String> paths;
  private final Path file;
  private final ParseReport report;
  private int next;

  private TraceWorkload(List<String> paths, Path file, ParseReport report) {
    this.paths = paths;
    this.file = file;
    this.report = report;
  }

  /** Settings: file, path-template. */
  static Workload create(WorkloadSettings settings, long seed) throws IOException {
    return read(settings.path("file"), settings.text("path-template", DEFAULT_TEMPLATE));
  }

  public static TraceWorkload read(Path file, String template) throws IOException {
    if (!template.startsWith("/") || !template.contains("{key}")) {
      throw new IllegalArgumentException("a trace path template starts with / and contains"
          + " {key}: " + template);
    }
    List<String> paths = new ArrayList<>();
    ParseReport.Builder report = new ParseReport.Builder();
    Lines.read(file, (number, line) -> {
      if (Lines.isBlankOrComment(line)) {
        return;
      }
      String[] columns = line.strip().split("[\\s,]+");
      if (columns.length > 2) {
        report.bad(number, "more than two columns", line);
        return;
      }
      String key = columns[0];
      Long size = null;
      if (columns.length == 2) {
        try {
          size = Long.parseLong(columns[1]);
        } catch (NumberFormatException e) {
          size = -1L;
        }
        if (size < 0) {
          report.bad(number, "size is not a whole number of bytes", line);
          return;
        }
      }
      if (template.contains("{size}") && size == null && !key.startsWith("/")) {
        report.bad(number, "no size, and the path template needs one", line);
        return;
      }
      report.used();
      paths.add(path(key, size, template));
    });
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no usable line in trace " + file
          + describeBad(report.build()));
    }
    return new TraceWorkload(List.copyOf(paths), file, report.build());
  }

  private static String path(String key, Long size, String template) {
    String path;
    if (key.startsWith("/")) {
      path = key;
    } else {
      path = template.replace("{key}", key);
      if (path.contains("{size}")) {
        return path.replace("{size}", Long.toString(size));
      }
    }
    return size == null ? path : path + (path.contains("?") ? "&" : "?") + "size=" + size;
  }

  private static String describeBad(ParseReport report) {
    return report.bad() == 0 ? "" : " (" + report.bad() + " bad lines; first: "
        + report.examples().get(0) + ")";
  }

  @Override
  public LoadRequest next() {
    String path = paths.get(next);
    next = (next + 1) % paths.size();
    return LoadRequest.get(path);
  }

  @Override
  public String describe() {
    return "trace: " + paths.size() + " requests from " + file;
  }

  @Override
  public ParseReport parseReport() {
    return report;
  }
}
