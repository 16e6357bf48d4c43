package org.edgecdn.launcher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdn} command: runs the network or one of its nodes, and checks network files.
 * Exit codes: 0 success, 1 a node could not start (e.g. a port in use), 2 a bad network file or
 * bad arguments.
 */
@Command(
    name = "cdn",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "edgecdn: an edge CDN you run yourself.",
    subcommands = {
        UpCommand.class,
        NodeCommand.Edge.class,
        NodeCommand.Shield.class,
        NodeCommand.Dns.class,
        NodeCommand.Origin.class,
        ConfigCommand.class,
        PurgeCommand.class,
        DomainsCommand.class,
        TrafficCommand.class,
        BenchCommand.class,
        LoadtestCommand.class,
        SimulateCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    // The network stops its cluster members itself, in order and bounded (NetworkProcess);
    // Hazelcast's own JVM hook would shut them down again, in parallel, after ours.
    System.setProperty("hazelcast.shutdownhook.enabled", "false");
    // picocli answers bad arguments with exit code 2 (ExitCode.USAGE), as we do bad files.
    CommandLine commandLine = new CommandLine(new Main());
    System.exit(commandLine.execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"edgecdn " + (version == null ? "dev" : version)};
    }
  }
}
