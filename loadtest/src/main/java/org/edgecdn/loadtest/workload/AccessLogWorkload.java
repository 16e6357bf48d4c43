package org.edgecdn.loadtest.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replays the requests of an access log in the common or combined format (Apache, nginx):
 * {@code host ident user [time] "METHOD target HTTP/1.1" status bytes ["referer" "agent"]}. It
 * takes the method and the path with query; the rest of the line is not sent. Requests are
 * replayed in log order, from the top again when the log runs out.
 *
 * <p>Only the methods in {@code methods} are kept (default GET and HEAD: replaying a POST
 * without its body is rarely what anyone means); lines with others are skipped and counted, not
 * reported as bad. Lines that are not in the format are reported in {@link #parseReport()}.
 */
public final class AccessLogWorkload implements Workload {

  /** host ident user [time] "request" status bytes, then anything (combined adds two fields). */
  private static final Pattern LINE = Pattern.compile(
      "^\\S+ \\S+ \\S+ \\[[^\\]]*\\] \"([^\"]*)\" (?:\\d{3}|-) (?:\\d+|-)(?:\\s.*)?$");
  private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z_-]*");

  private final List<LoadRequest> requests;
  private final Path file;
  private final ParseReport report;
  private final long skippedMethods;
  private int next;

  private AccessLogWorkload(List<LoadRequest> requests, Path file, ParseReport report,
      long skippedMethods) {
    this.requests = requests;
    this.file = file;
    this.report = report;
    this.skippedMethods = skippedMethods;
  }

  /** Settings: file, methods (comma-separated, or {@code *} for all). */
  static Workload create(WorkloadSettings settings, long seed) throws IOException {
    String methods = settings.text("methods", "GET,HEAD");
    Set<String> kept = methods.equals("*") ? null : Set.of(methods.toUpperCase(Locale.ROOT)
        .split("\\s*,\\s*"));
    return read(settings.path("file"), kept);
  }

  /** Reads {@code file}, keeping the requests whose method is in {@code methods} (null: all). */
  public static AccessLogWorkload read(Path file, Set<String> methods) throws IOException {
    List<LoadRequest> requests = new ArrayList<>();
    ParseReport.Builder report = new ParseReport.Builder();
    long[] skipped = new long[1];
    Lines.read(file, (number, line) -> {
      if (line.isBlank()) {
        return;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        report.bad(number, "not common/combined log format", line);
        return;
      }
      String[] request = m.group(1).split(" ");
      if (request.length < 2 || request.length > 3 || !METHOD.matcher(request[0]).matches()) {
        report.bad(number, "request is not METHOD TARGET [VERSION]", line);
        return;
      }
      String path = Lines.pathOf(request[1]);
      if (path == null) {
        report.bad(number, "target is neither a path nor an absolute URL", line);
        return;
      }
      if (methods != null && !methods.contains(request[0])) {
        skipped[0]++;
        return;
      }
      report.used();
      requests.add(new LoadRequest(request[0], path, java.util.Map.of(), null));
    });
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("no usable request in access log " + file
          + (skipped[0] > 0 ? " (" + skipped[0] + " with other methods than "
              + String.join(",", methods.stream().sorted().collect(Collectors.toList())) + ")"
              : "")
          + (report.build().bad() > 0 ? " (first bad: " + report.build().examples().get(0) + ")"
              : ""));
    }
    return new AccessLogWorkload(List.copyOf(requests), file, report.build(), skipped[0]);
  }

  @Override
  public LoadRequest next() {
    LoadRequest request = requests.get(next);
    next = (next + 1) % requests.size();
    return request;
  }

  @Override
  public String describe() {
    return "access-log: " + requests.size() + " requests from " + file
        + (skippedMethods > 0 ? " (" + skippedMethods + " lines of other methods skipped)" : "");
  }

  @Override
  public ParseReport parseReport() {
    return report;
  }
}
