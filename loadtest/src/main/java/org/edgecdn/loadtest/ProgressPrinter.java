package org.edgecdn.loadtest;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a run's progress on one line: rewritten in place with {@code \r} on a terminal, one
 * line a second otherwise (a log, a CI job).
 */
public final class ProgressPrinter implements ProgressListener {

  private final PrintStream out;
  private final boolean terminal;
  private int lastLength;

  public ProgressPrinter(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onProgress(Progress p) {
    String line = line(p);
    if (terminal) {
      String padded = line.length() < lastLength
          ? line + " ".repeat(lastLength - line.length()) : line;
      out.print("\r" + padded);
      out.flush();
      lastLength = line.length();
    } else {
      out.println(line);
    }
  }

  /** A fault on a line of its own, so it stands out between the progress lines. */
  @Override
  public synchronized void onFault(FaultResult fault) {
    finish();
    out.println(fault);
  }

  /** Ends the rewritten line, so what follows starts on a line of its own. */
  public synchronized void finish() {
    if (terminal && lastLength > 0) {
      out.println();
      lastLength = 0;
    }
  }

  static String line(Progress p) {
    return String.format(Locale.ROOT, "%6.1fs  %9s req/s  p99 %-9s  answered %d  errors %d%s",
        p.elapsedSeconds(), Report.number(p.perSecond()),
        p.p99Micros() == 0 ? "-" : Durations.micros(p.p99Micros()), p.answered(), p.errors(),
        p.sideRequests() > 0 ? "  side " + p.sideRequests() : "");
  }
}
