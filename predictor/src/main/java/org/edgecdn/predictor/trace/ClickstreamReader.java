package org.edgecdn.predictor.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.predictor.visit.Navigation;
import org.edgecdn.predictor.visit.VisitTracker;

/**
 * Reads a clickstream, the format detected from its first meaningful line:
 *
 * <ul>
 *   <li><b>visits</b>: one visit a line, page ids separated by spaces ({@code #} starts a
 *       comment). Visits are interleaved ({@link VisitInterleaver}) as concurrent visitors
 *       would be; pages have no size, so each weighs {@link #DEFAULT_PAGE_BYTES}.
 *   <li><b>access log</b>: Apache/nginx common or combined format. Page views are GETs answered
 *       2xx or 304 whose path looks like a document (no extension, or .html, .htm, .php, .asp,
 *       .aspx, .jsp: a log has no {@code Sec-Fetch-Dest}); a visitor is the client address and
 *       the User-Agent hash (combined format), a visit ends after 30 idle minutes; the order is
 *       the log's, sizes are the logged bytes.
 * </ul>
 */
public final class ClickstreamReader {

  public static final long DEFAULT_PAGE_BYTES = 16 * 1024;

  /** Common log format, optionally followed by the combined format's Referer and User-Agent. */
  static final Pattern ACCESS_LOG = Pattern.compile(
      "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+)[^\"]*\" (\\d{3}) (\\S+)"
          + "(?: \"([^\"]*)\" \"([^\"]*)\")?.*$");

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  private static final Pattern DOCUMENT = Pattern.compile(
      "(?i)^[^?]*(/|/[^/.?]*|\\.html?|\\.php|\\.aspx?|\\.jsp)(\\?.*)?$");

  /** Which format a trace is in. */
  public enum Format { VISITS, ACCESS_LOG }

  private ClickstreamReader() {}

  public static Clickstream read(BufferedReader reader, int concurrency, long seed)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lines.add(line);
    }
    return detect(lines) == Format.ACCESS_LOG ? accessLog(lines)
        : VisitInterleaver.interleave(visits(lines), concurrency, seed,
            page -> DEFAULT_PAGE_BYTES);
  }

  static Format detect(List<String> lines) {
    for (String line : lines) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        return ACCESS_LOG.matcher(trimmed).matches() ? Format.ACCESS_LOG : Format.VISITS;
      }
    }
    return Format.VISITS;
  }

  static List<List<String>> visits(List<String> lines) {
    List<List<String>> visits = new ArrayList<>();
    for (String line : lines) {
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (!content.isEmpty()) {
        visits.add(List.of(content.split("\\s+")));
      }
    }
    return visits;
  }

  static Clickstream accessLog(List<String> lines) {
    record Open(int visit, long lastMillis) {}
    Map<String, Open> open = new HashMap<>();
    List<PageRequest> requests = new ArrayList<>();
    int visits = 0;
    for (String line : lines) {
      Matcher m = ACCESS_LOG.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      int status = Integer.parseInt(m.group(5));
      String path = m.group(4);
      if (!m.group(3).equals("GET") || !(status >= 200 && status < 300 || status == 304)
          || !DOCUMENT.matcher(path).matches()) {
        continue;
      }
      Optional<Long> time = time(m.group(2));
      if (time.isEmpty()) {
        continue;
      }
      String visitor = Navigation.visitorKey(m.group(1), m.group(8), null, Optional.empty());
      Open visit = open.get(visitor);
      if (visit == null || time.get() - visit.lastMillis() > VisitTracker.DEFAULT_IDLE_MILLIS) {
        visit = new Open(visits++, time.get());
      }
      open.put(visitor, new Open(visit.visit(), time.get()));
      long bytes = m.group(6).equals("-") ? 0 : Long.parseLong(m.group(6));
      requests.add(new PageRequest(visit.visit(), path, bytes > 0 ? bytes : DEFAULT_PAGE_BYTES,
          time.get()));
    }
    return new Clickstream(requests);
  }

  private static Optional<Long> time(String text) {
    try {
      return Optional.of(ZonedDateTime.parse(text, LOG_TIME).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
