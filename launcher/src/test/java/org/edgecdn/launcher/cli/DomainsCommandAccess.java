package org.edgecdn.launcher.cli;

import java.io.PrintStream;
import org.edgecdn.launcher.config.NetworkConfig;
import picocli.CommandLine;

/** Runs {@code cdn domains ...} against a given network, for tests in other packages. */
public final class DomainsCommandAccess {

  private DomainsCommandAccess() {}

  public static int run(NetworkConfig network, PrintStream out, PrintStream err,
      String... args) {
    CommandLine line = new CommandLine(new DomainsCommand());
    for (CommandLine sub : line.getSubcommands().values()) {
      DomainsCommand.Base base = (DomainsCommand.Base) sub.getCommand();
      base.presetNetwork = network;
      base.out = out;
      base.err = err;
    }
    line.setOut(new java.io.PrintWriter(out, true));
    line.setErr(new java.io.PrintWriter(err, true));
    return line.execute(args);
  }
}
