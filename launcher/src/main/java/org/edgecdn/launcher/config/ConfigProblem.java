package org.edgecdn.launcher.config;

import java.util.Objects;

/**
 * One thing wrong with a network file: where ({@code pops[1].listen}, {@code zone}, or
 * {@code (yaml)} / {@code (file)} when the file itself could not be read) and why.
 */
public record ConfigProblem(String path, String reason) {

  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
