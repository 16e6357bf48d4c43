package org.edgecdn.launcher.cli;

import java.util.concurrent.Callable;
import org.edgecdn.launcher.bench.StoreMemoryBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdn bench ...}: benchmarks that print figures. They are not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.StoreMemory.class})
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "store-memory", mixinStandardHelpOptions = true,
      description = "Fill a cache store with N x its budget and measure the heap it holds.")
  static final class StoreMemory implements Callable<Integer> {
    @Option(names = "--budget-mib", defaultValue = "256",
        description = "the store's byte budget in MiB (default: the edge's, ${DEFAULT-VALUE})")
    long budgetMib;

    @Option(names = "--factor", defaultValue = "10",
        description = "bytes written as a multiple of the budget (default ${DEFAULT-VALUE})")
    int factor;

    @Option(names = "--seed", defaultValue = "1", description = "object-size seed")
    long seed;

    @Override
    public Integer call() {
      StoreMemoryBench.print(StoreMemoryBench.run(budgetMib << 20, factor, seed), System.out);
      return ExitCodes.OK;
    }
  }
}
