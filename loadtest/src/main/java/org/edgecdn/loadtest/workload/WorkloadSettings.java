package org.edgecdn.loadtest.workload;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A workload's settings as text, {@code key=value}, read with typed getters that say which key
 * was wrong and why. It remembers which keys were read, so a setting no workload understood (a
 * typo) is reported rather than silently ignored ({@link #unread()}).
 */
public final class WorkloadSettings {

  private final Map<String, String> values;
  private final Set<String> read = new LinkedHashSet<>();

  public WorkloadSettings(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
  }

  public static WorkloadSettings of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new WorkloadSettings(values);
  }

  /** Reads {@code key=value}; a value may itself contain {@code =}. */
  public static Map.Entry<String, String> parsePair(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected key=value, got " + text);
    }
    return Map.entry(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
  }

  public boolean has(String key) {
    read.add(key);
    return values.containsKey(key);
  }

  public String text(String key, String fallback) {
    read.add(key);
    String value = values.get(key);
    return value == null || value.isEmpty() ? fallback : value;
  }

  public String requiredText(String key) {
    String value = text(key, null);
    if (value == null) {
      throw new IllegalArgumentException("missing setting " + key);
    }
    return value;
  }

  public Path path(String key) {
    return Path.of(requiredText(key));
  }

  public long integer(String key, long fallback, long min, long max) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return checked(key, Long.parseLong(value.replace("_", "")), min, max);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a whole number: " + value);
    }
  }

  public double decimal(String key, double fallback, double min, double max) {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a number: " + value);
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new IllegalArgumentException(key + ": " + value + " is outside "
          + String.format(Locale.ROOT, "[%s, %s]", min, max));
    }
    return parsed;
  }

  /** A byte count such as {@code 1024}, {@code 16KiB}, {@code 1MiB}. */
  public long bytes(String key, long fallback, long min, long max) {
    String value = text(key, null);
    return value == null ? fallback : checked(key, ByteSize.parse(value), min, max);
  }

  /** Keys that were given but that no getter asked for, sorted. */
  public Set<String> unread() {
    Set<String> unread = new TreeSet<>(values.keySet());
    unread.removeAll(read);
    return unread;
  }

  private static long checked(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + ": " + value + " is outside [" + min + ", "
          + max + "]");
    }
    return value;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
