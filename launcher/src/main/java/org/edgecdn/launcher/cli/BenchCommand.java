package org.edgecdn.launcher.cli;

import java.util.concurrent.Callable;
import org.edgecdn.launcher.bench.PurgeBench;
import org.edgecdn.launcher.bench.StoreMemoryBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdn bench ...}: benchmarks that print figures. They are not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.StoreMemory.class, BenchCommand.Purge.class})
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = {"Purge latency and correctness on a live cluster of 3 edges and a shield.",
          "Runs beside `cdn up` (own ports, own cluster name) and stops by itself."})
  static final class Purge implements Callable<Integer> {
    @Option(names = "--purges", defaultValue = "1000", description = "purges to send")
    int purges;

    @Option(names = "--rate", defaultValue = "50", description = "purges per second")
    double rate;

    @Option(names = "--objects", defaultValue = "200", description = "working set per edge")
    int objects;

    @Option(names = "--seed", defaultValue = "1", description = "random seed")
    long seed;

    @Option(names = "--max-seconds", defaultValue = "60", description = "hard time limit")
    long maxSeconds;

    @Option(names = "--faults", description = {"then kill and restart an edge during a purge",
        "storm, and cut an edge off the cluster for 20 s (about 60 s more)"})
    boolean faults;

    @Override
    public Integer call() throws Exception {
      PurgeBench.Result result = PurgeBench.run(new PurgeBench.Options(purges, rate, objects,
          seed, java.time.Duration.ofSeconds(maxSeconds), faults), System.err);
      PurgeBench.print(result, System.out);
      return result.lost() == 0 && result.completed() == result.purges() ? ExitCodes.OK
          : ExitCodes.START_FAILED;
    }
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
