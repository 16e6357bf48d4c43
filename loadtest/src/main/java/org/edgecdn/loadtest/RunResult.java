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
 * @param resolutions for streams that followed their target's name, one per source address:
 *     where its connections went and when that changed
 */
public record RunResult(Instant startedAt, Duration duration, List<StreamResult> streams,
    boolean aborted, List<FaultResult> faults, List<Resolution> resolutions) {

  public RunResult {
    streams = List.copyOf(streams);
    faults = List.copyOf(faults);
    resolutions = List.copyOf(resolutions);
  }

  /** A run whose addresses were fixed. */
  public RunResult(Instant startedAt, Duration duration, List<StreamResult> streams,
      boolean aborted, List<FaultResult> faults) {
    this(startedAt, duration, streams, aborted, faults, List.of());
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
