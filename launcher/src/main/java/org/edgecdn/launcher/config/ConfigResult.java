package org.edgecdn.launcher.config;

import java.util.List;
import java.util.Objects;

/** The outcome of loading a network file: the validated network, or every problem found. */
public sealed interface ConfigResult permits ConfigResult.Valid, ConfigResult.Invalid {

  record Valid(NetworkConfig config) implements ConfigResult {
    public Valid {
      Objects.requireNonNull(config, "config");
    }
  }

  /** At least one problem, in the order they appear in the file. */
  record Invalid(List<ConfigProblem> problems) implements ConfigResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid result needs at least one problem");
      }
    }
  }
}
