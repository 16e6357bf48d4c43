package org.edgecdn.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run did: the main traffic first, then side streams.
 *
 * @param startedAt wall-clock start, for the record
 * @param duration the planned duration
 * @param streams one result per stream, in the order of the options
 * @param aborted whether the safety stop had to cut in-flight requests off
 * @param faults the faults done during the run, in the order they fired
 */
public record RunResult(Instant startedAt, Duration duration, List<StreamResult> streams,
    boolean aborted, List<FaultResult> faults) {

  public RunResult {
    streams = List.copyOf(streams);
    faults = List.copyOf(faults);
  }

  /** A run without faults. */
  public RunResult(Instant startedAt, Duration duration, List<StreamResult> streams,
      boolean aborted) {
    this(startedAt, duration, streams, aborted, List.of());
  }

  /** The main traffic, which thresholds judge. */
  public StreamResult main() {
    return streams.get(0);
  }
}
