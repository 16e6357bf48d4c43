package org.edgecdn.loadtest.metrics;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Selects the series of one counter by name and labels: each label named in {@code labels}
 * must have one of the listed values; other labels may be anything. A counter named without
 * {@code _total} also matches the {@code _total} sample, as Prometheus clients write it.
 *
 * @param name the metric name, e.g. {@code cdn_requests_total}
 * @param labels label name to the values accepted
 */
public record CounterQuery(String name, Map<String, Set<String>> labels) {

  public CounterQuery {
    labels = labels.entrySet().stream().collect(Collectors.toUnmodifiableMap(
        Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
  }

  /**
   * Reads the form {@link #toString()} writes: {@code name} or
   * {@code name{label=value,label=one|other}}.
   */
  public static CounterQuery parse(String text) {
    String trimmed = text.strip();
    int brace = trimmed.indexOf('{');
    String name = brace < 0 ? trimmed : trimmed.substring(0, brace);
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad counter " + text
          + ": use name or name{label=value,label=a|b}");
    }
    CounterQuery query = of(name);
    if (brace < 0) {
      return query;
    }
    if (!trimmed.endsWith("}")) {
      throw new IllegalArgumentException("bad counter " + text + ": no closing }");
    }
    String inside = trimmed.substring(brace + 1, trimmed.length() - 1);
    for (String part : inside.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException("bad counter " + text + ": " + part.strip()
            + " is not label=value");
      }
      query = query.where(part.substring(0, eq).strip(),
          part.substring(eq + 1).strip().replace("\"", "").split("\\|"));
    }
    return query;
  }

  public static CounterQuery of(String name) {
    return new CounterQuery(name, Map.of());
  }

  /** The same query that also requires {@code label} to be one of {@code values}. */
  public CounterQuery where(String label, String... values) {
    Map<String, Set<String>> more = new java.util.HashMap<>(labels);
    more.put(label, Set.of(values));
    return new CounterQuery(name, more);
  }

  public boolean matches(PrometheusText.Sample sample) {
    if (!sample.name().equals(name) && !sample.name().equals(name + "_total")) {
      return false;
    }
    for (Map.Entry<String, Set<String>> label : labels.entrySet()) {
      String value = sample.labels().get(label.getKey());
      if (value == null || !label.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    if (labels.isEmpty()) {
      return name;
    }
    return name + labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + String.join("|", e.getValue().stream().sorted().toList()))
        .collect(Collectors.joining(",", "{", "}"));
  }
}
