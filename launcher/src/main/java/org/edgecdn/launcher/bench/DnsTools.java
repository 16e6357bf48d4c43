package org.edgecdn.launcher.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The outside programs the DNS benchmark runs, found on {@code PATH}: {@code dnsperf},
 * {@code pdns_server} and, to pin them to CPUs, {@code taskset}. The benchmark installs nothing:
 * when one is missing it says which Debian packages to install.
 */
final class DnsTools {

  static final String DNSPERF = "dnsperf";
  static final String PDNS_SERVER = "pdns_server";
  static final String TASKSET = "taskset";

  private DnsTools() {}

  /**
   * One line naming the {@code apt-get install} to run, or empty when both tools are on PATH. The
   * bind backend is a package of its own; it is listed with the server, and its absence is
   * reported again when PowerDNS fails to start (see {@link DnsPowerDns}).
   */
  static Optional<String> missing() {
    Set<String> packages = new LinkedHashSet<>();
    List<String> tools = new ArrayList<>();
    if (find(DNSPERF).isEmpty()) {
      tools.add(DNSPERF);
      packages.add("dnsperf");
    }
    if (find(PDNS_SERVER).isEmpty()) {
      tools.add(PDNS_SERVER);
      packages.add("pdns-server");
      packages.add("pdns-backend-bind");
    }
    if (tools.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("bench dns: " + String.join(" and ", tools) + " not found on PATH; run: "
        + installLine(packages));
  }

  static String installLine(Set<String> packages) {
    return "apt-get install " + String.join(" ", packages);
  }

  /**
   * Whether dnsperf and the servers can go to CPUs of their own: taskset is there and may use
   * both CPU 0 and CPU 1. Asked of taskset itself rather than of this JVM, whose own affinity
   * (e.g. {@code taskset -c 0 java ...}) says nothing about what its children may use.
   */
  static boolean canPin(BenchChildren children) throws InterruptedException {
    if (find(TASKSET).isEmpty()) {
      return false;
    }
    for (int cpu : new int[] {0, 1}) {
      List<String> command = new ArrayList<>(pinned(cpu));
      command.add("true");
      try {
        Process p = children.start(new ProcessBuilder(command)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
        boolean done;
        try {
          done = p.waitFor(5, TimeUnit.SECONDS);
        } finally {
          children.stop(p);
        }
        if (!done || p.exitValue() != 0) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The CPUs this process may run on, as Linux lists them (e.g. {@code 0-1}), or "all". */
  static String ownCpus() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Cpus_allowed_list:"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse("all");
    } catch (IOException e) {
      return "all";
    }
  }

  /**
   * Moves every thread of this JVM, and so every thread it starts later, to {@code cpus} (a
   * Linux CPU list such as {@code 0} or {@code 0-1}) with {@code taskset -a -p}. Returns whether
   * taskset succeeded.
   */
  static boolean pinThisJvm(String cpus) throws InterruptedException {
    List<String> command = List.of(TASKSET, "-a", "-p", "-c", cpus,
        Long.toString(ProcessHandle.current().pid()));
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
      } finally {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** The command prefix that pins what follows to {@code cpu}; empty for -1. */
  static List<String> pinned(int cpu) {
    return cpu < 0 ? List.of() : List.of(TASKSET, "-c", Integer.toString(cpu));
  }

  /** The executable file {@code name} in a directory of PATH, if any. */
  static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
