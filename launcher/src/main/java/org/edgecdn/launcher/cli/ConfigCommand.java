package org.edgecdn.launcher.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgecdn.launcher.config.NetworkConfig;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cdn config print-default | check FILE}. */
@Command(name = "config", description = "Print the built-in network file or check one.",
    mixinStandardHelpOptions = true,
    subcommands = {ConfigCommand.PrintDefault.class, ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "print-default", description = "Print the demo network file that `cdn up` runs.")
  static final class PrintDefault implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(NetworkConfigLoader.defaultNetworkYaml());
      return ExitCodes.OK;
    }
  }

  @Command(name = "check", description = "Validate a network file without starting anything.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the network YAML file")
    Path file;

    @Override
    public Integer call() {
      var config = ConfigSource.load(file, System.err);
      if (config.isEmpty()) {
        return ExitCodes.BAD_CONFIG;
      }
      NetworkConfig network = config.get();
      System.out.println(file + ": ok (" + network.pops().size() + " PoPs, "
          + network.shields().size() + " shields, " + network.sites().size() + " sites, zone "
          + network.zone() + ")");
      return ExitCodes.OK;
    }
  }
}
