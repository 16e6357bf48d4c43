package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.edgecdn.launcher.config.NetworkConfig;
import picocli.CommandLine.Option;

/**
 * The options of a command that calls a running network's admin API ({@code cdn domains},
 * {@code cdn traffic}): which network file says where the API is, and how long to wait for it.
 * Tests hand the network in directly ({@link #preset}).
 */
final class AdminCallOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "network YAML file (default: the built-in demo network)")
  Path config;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = PurgeCommand.DurationConverter.class,
      description = "how long to wait for the API (default ${DEFAULT-VALUE})")
  Duration timeout;

  /** The network to use instead of {@code --config}, when set. */
  NetworkConfig preset;

  /** The network: the preset, the file, or the built-in demo; empty once a problem is printed. */
  Optional<NetworkConfig> network(PrintStream err) {
    return preset != null ? Optional.of(preset) : ConfigSource.load(config, err);
  }
}
