package org.edgecdn.loadtest.workload;

/**
 * What to send next. A workload is a seeded, reproducible sequence of requests: the same
 * settings and seed give the same sequence, whatever the target answers.
 *
 * <p>The generator asks for requests one at a time and never from two threads at once (it
 * serializes calls when several event loops share a workload), so implementations need no
 * synchronization. A workload never ends: a finite source (a trace, a URL list) starts again
 * from the top; the run's duration and request cap bound it.
 *
 * <p>To add a workload, implement this interface and register a
 * {@link WorkloadFactory} under a name in {@link Workloads}; {@code cdn loadtest --workload NAME}
 * then finds it, and its own settings reach it through {@code --workload-opt key=value}.
 */
public interface Workload {

  /** The next request to send. */
  LoadRequest next();

  /** One line saying what this workload sends, for the report (e.g. {@code zipf alpha=0.9}). */
  String describe();

  /** Lines that could not be used when the workload was read from a file; none by default. */
  default ParseReport parseReport() {
    return ParseReport.EMPTY;
  }
}
