package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import org.edgecdn.launcher.config.NetworkConfig;
import picocli.CommandLine;

/** Runs commands the way {@code cdn} does, for tests in other packages. */
public final class CliAccess {

  private CliAccess() {}

  /** {@code cdn loadtest ARGS}, printing to {@code out} and {@code err} (not a terminal). */
  public static int loadtest(PrintStream out, PrintStream err, String... args) {
    return new CommandLine(new LoadtestCommand(out, err, false)).execute(args);
  }

  /** {@code cdn domains ARGS} against {@code network}. */
  public static int domains(NetworkConfig network, PrintStream out, PrintStream err,
      String... args) {
    CommandLine line = new CommandLine(new DomainsCommand());
    for (CommandLine sub : line.getSubcommands().values()) {
      DomainsCommand.Base base = (DomainsCommand.Base) sub.getCommand();
      base.adminCall.preset = network;
      base.out = out;
      base.err = err;
    }
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    return line.execute(args);
  }

  /** {@code cdn traffic ARGS} against {@code network}. */
  public static int traffic(NetworkConfig network, PrintStream out, PrintStream err,
      String... args) {
    TrafficCommand command = new TrafficCommand();
    command.adminCall.preset = network;
    command.out = out;
    command.err = err;
    return new CommandLine(command).execute(args);
  }
}
