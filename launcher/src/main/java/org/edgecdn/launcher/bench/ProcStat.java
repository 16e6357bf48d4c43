package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of processes, read from Linux's {@code /proc/<pid>/stat} ({@code proc(5)}): fields 14
 * and 15 ({@code utime}, {@code stime}) count the process's own time, all its threads included;
 * fields 16 and 17 ({@code cutime}, {@code cstime}) the time of children it has waited for. All
 * are in clock ticks ({@link #TICKS_PER_SECOND}, {@code getconf CLK_TCK}: 100 on Linux).
 *
 * <p>A server's CPU is that of its process and every descendant (nginx's master and workers,
 * Varnish's manager and child), sampled before and after a run.
 */
final class ProcStat {

  /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux architecture this runs on. */
  static final int TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** The fields of one {@code stat} line that count CPU time, in ticks. */
  record Times(long utime, long stime, long cutime, long cstime) {
    long own() {
      return utime + stime;
    }

    long waitedChildren() {
      return cutime + cstime;
    }
  }

  /**
   * Parses a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may
   * hold spaces and parentheses itself, so fields are counted from the last {@code ')'}.
   */
  static Times parse(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc stat line: " + statLine);
    }
    // After ") ": field 3 (state) is index 0, so field n is index n - 3.
    String[] fields = statLine.substring(close + 2).trim().split(" ");
    if (fields.length < 15) {
      throw new IllegalArgumentException("short /proc stat line: " + statLine);
    }
    return new Times(Long.parseLong(fields[14 - 3]), Long.parseLong(fields[15 - 3]),
        Long.parseLong(fields[16 - 3]), Long.parseLong(fields[17 - 3]));
  }

  /** The times of process {@code pid}, or empty when it is gone or this is not Linux. */
  static java.util.Optional<Times> of(long pid) {
    try {
      return java.util.Optional.of(parse(Files.readString(Path.of("/proc/" + pid + "/stat"))));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** CPU ticks of {@code root} and every live descendant. */
  static long treeTicks(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    root.descendants().forEach(all::add);
    long ticks = 0;
    for (ProcessHandle process : all) {
      ticks += of(process.pid()).map(Times::own).orElse(0L);
    }
    return ticks;
  }

  /** CPU ticks of the children this JVM has waited for (their {@code cutime + cstime}). */
  static long waitedChildrenTicks() {
    return of(ProcessHandle.current().pid()).map(Times::waitedChildren).orElse(0L);
  }

  /**
   * Busy ticks of the whole machine, all CPUs, from the first line of {@code /proc/stat}: user,
   * nice, system, irq, softirq and steal (everything but idle and iowait). Across a run, busy
   * time minus the server's and wrk's is what everything else took: on a shared machine, the
   * noise.
   */
  static long busyTicks(String procStatCpuLine) {
    String[] fields = procStatCpuLine.trim().split("\\s+");
    if (!fields[0].equals("cpu") || fields.length < 9) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + procStatCpuLine);
    }
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(fields[i]);
    }
    return busy;
  }

  /** {@link #busyTicks(String)} of this machine now, or 0 when it cannot be read. */
  static long machineBusyTicks() {
    try (var lines = Files.lines(Path.of("/proc/stat"))) {
      return lines.filter(line -> line.startsWith("cpu ")).findFirst()
          .map(ProcStat::busyTicks).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static double seconds(long ticks) {
    return ticks / (double) TICKS_PER_SECOND;
  }
}
