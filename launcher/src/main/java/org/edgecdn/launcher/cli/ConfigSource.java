package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.edgecdn.launcher.config.ConfigProblem;
import org.edgecdn.launcher.config.ConfigResult;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;

/** Loads the network file a command was given, or the built-in demo network without one. */
final class ConfigSource {

  private ConfigSource() {}

  /**
   * The network, or empty after printing every problem of the file to {@code err}, one per
   * line, prefixed with the file name.
   */
  static Optional<NetworkConfig> load(Path file, PrintStream err) {
    if (file == null) {
      return Optional.of(NetworkConfigLoader.defaultNetwork());
    }
    ConfigResult result = NetworkConfigLoader.load(file);
    if (result instanceof ConfigResult.Valid valid) {
      return Optional.of(valid.config());
    }
    var problems = ((ConfigResult.Invalid) result).problems();
    for (ConfigProblem problem : problems) {
      err.println(file + ": " + problem);
    }
    err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + ", nothing started");
    return Optional.empty();
  }
}
