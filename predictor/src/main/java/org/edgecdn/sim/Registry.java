package org.edgecdn.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Named policy factories of one kind, with exactly one bound among them: the oracle that every
 * run lists as its ceiling. A selection always includes the bound, so no report can leave it out.
 *
 * @param <S> what a factory is given to build a policy for one run (the trace, a budget)
 * @param <P> the policy role
 */
public final class Registry<S, P> {

  /**
   * One policy.
   *
   * @param name the lower-case name used on the command line and in reports
   * @param label a short human description for tables
   * @param bound whether this is the oracle ceiling rather than a policy one could deploy
   * @param factory builds a fresh policy for one run
   */
  public record Entry<S, P>(String name, String label, boolean bound, Function<S, P> factory) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(factory, "factory");
    }

    /** A fresh policy for one run. */
    public P create(S setting) {
      return factory.apply(setting);
    }
  }

  private final Map<String, Entry<S, P>> entries;
  private final Entry<S, P> bound;

  private Registry(Map<String, Entry<S, P>> entries, Entry<S, P> bound) {
    this.entries = entries;
    this.bound = bound;
  }

  /** A registry of these entries, in this order; names unique, exactly one bound. */
  public static <S, P> Registry<S, P> of(List<Entry<S, P>> entries) {
    Map<String, Entry<S, P>> byName = new LinkedHashMap<>();
    Entry<S, P> bound = null;
    for (Entry<S, P> entry : entries) {
      if (byName.putIfAbsent(entry.name(), entry) != null) {
        throw new IllegalArgumentException("two policies named " + entry.name());
      }
      if (entry.bound()) {
        if (bound != null) {
          throw new IllegalArgumentException("two bounds: " + bound.name() + ", " + entry.name());
        }
        bound = entry;
      }
    }
    if (bound == null) {
      throw new IllegalArgumentException("no bound: every report needs a ceiling");
    }
    return new Registry<>(byName, bound);
  }

  /** Every entry, the bound included, in registry order. */
  public List<Entry<S, P>> all() {
    return List.copyOf(entries.values());
  }

  /** The names, in registry order. */
  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** The oracle ceiling. */
  public Entry<S, P> bound() {
    return bound;
  }

  /**
   * The named entries plus the bound, in registry order; an empty selection is every entry.
   *
   * @throws IllegalArgumentException for a name not registered, listing those that are
   */
  public List<Entry<S, P>> select(Collection<String> names) {
    if (names.isEmpty()) {
      return all();
    }
    for (String name : names) {
      if (!entries.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown policy '" + name + "'; known: " + String.join(", ", entries.keySet()));
      }
    }
    List<Entry<S, P>> selected = new ArrayList<>();
    for (Entry<S, P> entry : entries.values()) {
      if (entry.bound() || names.contains(entry.name())) {
        selected.add(entry);
      }
    }
    return selected;
  }
}
