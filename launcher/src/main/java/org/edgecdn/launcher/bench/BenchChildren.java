package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes a side-by-side benchmark starts (PowerDNS and dnsperf for {@code bench dns};
 * nginx, Varnish, a forked edge and wrk for {@code bench hits}) and the scratch directory they
 * use. Each process is stopped by its own PID when it is done, when the benchmark fails, and,
 * through a shutdown hook, when the JVM is stopped (Ctrl-C) while one is still running; nothing
 * else is ever signalled. The directory is deleted last, on the same occasions.
 *
 * <p>Stopping is SIGTERM, up to {@value #GRACE_SECONDS} s to exit, then SIGKILL.
 */
final class BenchChildren implements AutoCloseable {

  static final int GRACE_SECONDS = 3;

  private final Path dir;
  private final List<Process> running = new ArrayList<>();
  private final Thread hook = new Thread(this::cleanUp, "bench-children");

  /** Creates the scratch directory, named {@code prefix...} in the temporary directory. */
  BenchChildren(String prefix) throws IOException {
    this.dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The scratch directory: configuration, query file, tool output. */
  Path dir() {
    return dir;
  }

  /** Starts {@code builder}'s command and remembers the process until {@link #stop}. */
  Process start(ProcessBuilder builder) throws IOException {
    synchronized (running) {
      Process process = builder.start();
      running.add(process);
      return process;
    }
  }

  /** Stops one process (TERM, then KILL) and waits for it; a process already gone is fine. */
  void stop(Process process) {
    synchronized (running) {
      running.remove(process);
    }
    ProcessHandle handle = process.toHandle();
    if (handle.isAlive()) {
      handle.destroy();
      try {
        if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
          handle.destroyForcibly();
          process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        handle.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops every process still running, deletes the directory, removes the shutdown hook. */
  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it finds nothing left to stop.
    }
  }

  private void cleanUp() {
    List<Process> left;
    synchronized (running) {
      left = List.copyOf(running);
    }
    left.forEach(this::stop);
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException gone) {
      // Deleted already.
    } catch (IOException e) {
      System.err.println("bench: could not delete " + dir + ": " + e);
    }
  }
}
