package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one source address followed the target's name during a run.
 *
 * @param stream the stream's name
 * @param source the source address, {@link StreamOptions#DEFAULT_SOURCE} for connections
 *     bound to none
 * @param port the target's port, for reports
 * @param firstAddress where its connections went at the start
 * @param lookups lookups done during the run, failed ones included
 * @param changes each change of address, in order
 * @param failures lookups that gave no usable address, by cause; the last good address was
 *     kept meanwhile
 * @param firstFailures the first message seen for each cause that occurred
 */
public record Resolution(String stream, String source, int port, String firstAddress,
    long lookups, List<Change> changes, Map<DnsFailure, Long> failures,
    Map<DnsFailure, String> firstFailures) {

  public Resolution {
    changes = List.copyOf(changes);
    failures = Map.copyOf(failures);
    firstFailures = Map.copyOf(firstFailures);
  }

  /**
   * A new answer: from {@code at} on, new connections go to {@code to} and those to
   * {@code from} are closed after their request in flight.
   *
   * @param at from the start of the run
   * @param before the main traffic's counts at that moment, or null for a side stream
   */
  public record Change(Duration at, String from, String to, FaultResult.Counts before) {}

  /** Where its connections went at the end: where the last change led, if any. */
  public String lastAddress() {
    return changes.isEmpty() ? firstAddress : changes.get(changes.size() - 1).to();
  }

  public long failureCount() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }
}
