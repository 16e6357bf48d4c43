package org.edgecdn.launcher.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.QuickStart;
import org.edgecdn.launcher.run.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdn up}: the whole network in this JVM. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Run the whole network in this process: DNS, shields, edges (and the demo origin).",
        "Without options it runs the built-in demo network (see `cdn config print-default`)."
    })
final class UpCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "network YAML file")
  Path config;

  @Option(names = "--origin", paramLabel = "URL",
      description = "put the app running at URL behind the demo network (no file needed)")
  URI origin;

  @Option(names = "--domain", paramLabel = "NAME",
      description = "a name of that app (repeatable), e.g. www.mysite.top")
  List<String> domains;

  @Option(names = "--no-rate-limits",
      description = "turn DNS and purge rate limits off, for a measurement run")
  boolean noRateLimits;

  @Override
  public Integer call() {
    NetworkConfig network;
    if (origin != null || domains != null) {
      if (config != null) {
        System.err.println("cdn: --origin/--domain build a network; do not combine them with --config");
        return ExitCodes.BAD_CONFIG;
      }
      if (origin == null || domains == null || domains.isEmpty()) {
        System.err.println("cdn: --origin and --domain go together, e.g. "
            + "--origin http://127.0.0.1:3000 --domain www.mysite.top");
        return ExitCodes.BAD_CONFIG;
      }
      try {
        network = QuickStart.behind(origin, domains);
      } catch (IllegalArgumentException e) {
        System.err.println("cdn: " + e.getMessage());
        return ExitCodes.BAD_CONFIG;
      }
    } else {
      var loaded = ConfigSource.load(config, System.err);
      if (loaded.isEmpty()) {
        return ExitCodes.BAD_CONFIG;
      }
      network = loaded.get();
    }
    return NetworkProcess.run(network, new Role.WholeNetwork(), true, !noRateLimits, System.out,
        System.err);
  }
}
