package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.edgecdn.loadtest.workload.ParseReport;

/**
 * What one stream did.
 *
 * @param name the stream's name
 * @param target where it sent
 * @param workload what it sent, described
 * @param pacing open (rate) or closed
 * @param connections its connections (HTTP/1.1), or its requests in flight (h2c)
 * @param sent requests sent
 * @param answered requests answered, whatever the status
 * @param unsent requests due (open model) that found no free connection before the end
 * @param bytes response body bytes received
 * @param status answers per class: {@code 1xx}..{@code 5xx} and {@code other}
 * @param errors requests that got no answer, by cause
 * @param firstErrors the first message seen for each cause that occurred
 * @param latency microseconds from the intended send to the end of the answer (open model:
 *     includes waiting for a connection; closed model: the same as service time)
 * @param serviceTime microseconds from the actual send to the end of the answer
 * @param elapsed the time the stream ran (from its start to its last answer)
 * @param parseReport unreadable lines of the workload's input file
 * @param protocol the HTTP version it spoke
 */
public record StreamResult(String name, Target target, String workload, Pacing pacing,
    int connections, long sent, long answered, long unsent, long bytes, Map<String, Long> status,
    Map<ErrorCause, Long> errors, Map<ErrorCause, String> firstErrors, Histogram latency,
    Histogram serviceTime, Duration elapsed, ParseReport parseReport, Protocol protocol) {

  /** A stream over HTTP/1.1. */
  public StreamResult(String name, Target target, String workload, Pacing pacing,
      int connections, long sent, long answered, long unsent, long bytes,
      Map<String, Long> status, Map<ErrorCause, Long> errors,
      Map<ErrorCause, String> firstErrors, Histogram latency, Histogram serviceTime,
      Duration elapsed, ParseReport parseReport) {
    this(name, target, workload, pacing, connections, sent, answered, unsent, bytes, status,
        errors, firstErrors, latency, serviceTime, elapsed, parseReport, Protocol.HTTP_1_1);
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Answers per second over the run. */
  public double throughput() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : answered / seconds;
  }

  /**
   * The share of requests that failed: no answer (an error) or a 5xx answer, over all that were
   * answered or failed. A 4xx is the client's business (a 404 in a trace) and not counted;
   * unsent requests are reported apart.
   */
  public double errorRatio() {
    long failed = errorCount() + status.getOrDefault("5xx", 0L);
    long total = answered + errorCount();
    return total == 0 ? 0 : (double) failed / total;
  }
}
