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
 */
public record RunResult(Instant startedAt, Duration duration, List<StreamResult> streams,
    boolean aborted) {

  public RunResult {
    streams = List.copyOf(streams);
  }

  /** The main traffic, which thresholds judge. */
  public StreamResult main() {
    return streams.get(0);
  }
}
