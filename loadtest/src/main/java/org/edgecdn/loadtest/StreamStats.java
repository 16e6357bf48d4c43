package org.edgecdn.loadtest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one stream as its lanes record them from their event loops: wait-free
 * counters and HdrHistogram recorders. A reader (the progress display, the final report) takes
 * interval histograms and folds them into the totals, so recording never waits for reading.
 *
 * <p>Latencies are recorded in microseconds from 1 us to 60 s with 3 significant digits; a
 * longer one is recorded as 60 s.
 */
final class StreamStats {

  static final long LOWEST_MICROS = 1;
  static final long HIGHEST_MICROS = 60_000_000;
  static final int DIGITS = 3;

  /** Index of status classes: 1xx..5xx, then anything outside 100..599. */
  static final int STATUS_CLASSES = 6;

  final LongAdder sent = new LongAdder();
  final LongAdder answered = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder unsent = new LongAdder();
  final LongAdder[] status = adders(STATUS_CLASSES);
  /** The latest nanoTime at which a lane stopped sending. */
  final AtomicLong stoppedSendingAt = new AtomicLong(Long.MIN_VALUE);
  final LongAdder[] errors = adders(ErrorCause.values().length);
  /** The first message seen for each cause, for the report. */
  final AtomicReferenceArray<String> firstError =
      new AtomicReferenceArray<>(ErrorCause.values().length);

  private final Recorder latency = new Recorder(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
  private final Recorder service = new Recorder(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
  private final Histogram latencyTotal = histogram();
  private final Histogram serviceTotal = histogram();

  static Histogram histogram() {
    return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
  }

  /** An answer: its status, and its times from the intended and the actual send. */
  void answered(int statusCode, long latencyNanos, long serviceNanos) {
    answered.increment();
    status[statusIndex(statusCode)].increment();
    latency.recordValue(micros(latencyNanos));
    service.recordValue(micros(serviceNanos));
  }

  void failed(ErrorCause cause, Throwable failure) {
    errors[cause.ordinal()].increment();
    if (firstError.get(cause.ordinal()) == null) {
      String message = failure == null ? cause.label() : failure.getClass().getSimpleName()
          + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
      firstError.compareAndSet(cause.ordinal(), null, message);
    }
  }

  /**
   * A request that was due but never sent before the run ended (every connection was busy): it
   * had waited {@code waitedNanos} at least, and that lower bound is its latency, so a stalled
   * target shows in the percentiles instead of vanishing from them.
   */
  void unsent(long waitedNanos) {
    unsent.increment();
    latency.recordValue(micros(waitedNanos));
  }

  /** Folds what was recorded since the last call into the totals; returns that interval. */
  synchronized Interval drain() {
    Histogram latencyInterval = latency.getIntervalHistogram();
    Histogram serviceInterval = service.getIntervalHistogram();
    latencyTotal.add(latencyInterval);
    serviceTotal.add(serviceInterval);
    return new Interval(latencyInterval);
  }

  synchronized Histogram latencyTotal() {
    return latencyTotal.copy();
  }

  synchronized Histogram serviceTotal() {
    return serviceTotal.copy();
  }

  void stoppedSending(long nanoTime) {
    stoppedSendingAt.accumulateAndGet(nanoTime,
        (a, b) -> a == Long.MIN_VALUE ? b : (b - a > 0 ? b : a));
  }

  /** Where the stream stands now, for a fault's moment. */
  FaultResult.Counts counts() {
    Map<ErrorCause, Long> byCause = new EnumMap<>(ErrorCause.class);
    for (ErrorCause cause : ErrorCause.values()) {
      byCause.put(cause, errors[cause.ordinal()].sum());
    }
    return new FaultResult.Counts(answered.sum(), status[4].sum(), byCause);
  }

  long errorCount() {
    long sum = 0;
    for (LongAdder adder : errors) {
      sum += adder.sum();
    }
    return sum;
  }

  static int statusIndex(int statusCode) {
    return statusCode >= 100 && statusCode < 600 ? statusCode / 100 - 1 : STATUS_CLASSES - 1;
  }

  private static long micros(long nanos) {
    return Math.max(LOWEST_MICROS, Math.min(HIGHEST_MICROS, nanos / 1000));
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /** The latencies recorded in one interval. */
  record Interval(Histogram latency) {}
}
