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
