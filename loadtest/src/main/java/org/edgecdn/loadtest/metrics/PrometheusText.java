package org.edgecdn.loadtest.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Prometheus text exposition format (version 0.0.4): one sample a line,
 * {@code name{label="value",...} value [timestamp]}, with {@code #} comment lines (HELP, TYPE)
 * skipped. Enough to read counters; histograms come out as their {@code _bucket}, {@code _sum}
 * and {@code _count} samples. A line it cannot read is skipped and counted, never fatal: a
 * scrape is a side figure of a load test.
 */
public final class PrometheusText {

  /**
   * One sample.
   *
   * @param name the metric name, e.g. {@code cdn_requests_total}
   * @param labels label names to values, sorted by name
   * @param value the value ({@code NaN}, {@code +Inf} and {@code -Inf} included)
   */
  public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** {@code name{a="1",b="2"}}: identifies the series. */
    public String series() {
      StringBuilder text = new StringBuilder(name).append('{');
      labels.forEach((k, v) -> text.append(k).append("=\"").append(v).append("\","));
      if (!labels.isEmpty()) {
        text.setLength(text.length() - 1);
      }
      return text.append('}').toString();
    }
  }

  /** The samples of a scrape, and how many lines could not be read. */
  public record Parsed(List<Sample> samples, int badLines) {
    public Parsed {
      samples = List.copyOf(samples);
    }
  }

  private PrometheusText() {}

  public static Parsed parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int bad = 0;
    for (String line : text.split("\n")) {
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      Sample sample = parseLine(stripped);
      if (sample == null) {
        bad++;
      } else {
        samples.add(sample);
      }
    }
    return new Parsed(samples, bad);
  }

  /** One sample line, or null if it is not one. */
  static Sample parseLine(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        i = skipSpaces(line, i);
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int nameStart = i;
        while (i < n && isNameChar(line.charAt(i), i == nameStart)) {
          i++;
        }
        if (i == nameStart) {
          return null;
        }
        String label = line.substring(nameStart, i);
        i = skipSpaces(line, i);
        if (i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
          return null;
        }
        i += 2;
        StringBuilder value = new StringBuilder();
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '\\' && i < n) {
            char escaped = line.charAt(i++);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        labels.put(label, value.toString());
        i = skipSpaces(line, i);
        if (i < n && line.charAt(i) == ',') {
          i++;
        } else if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        } else {
          return null;
        }
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
      return null;
    }
    Double value = number(rest[0]);
    return value == null ? null : new Sample(name, labels, value);
  }

  private static Double number(String text) {
    switch (text) {
      case "+Inf", "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }

  private static boolean isNameChar(char c, boolean first) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
        || !first && c >= '0' && c <= '9';
  }

  private static int skipSpaces(String line, int i) {
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
