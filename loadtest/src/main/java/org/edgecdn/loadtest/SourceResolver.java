package org.edgecdn.loadtest;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One source address's view of the target's name during a run, kept as a stub resolver keeps
 * it: the last good answer, until its TTL (clamped, {@link ReresolveOptions#keep}) expires;
 * then a new lookup. The lanes read {@link #address()} before each request and move their
 * connections when it changes.
 *
 * <p>An answer that still names the address in use, among others or in another order (a
 * round-robin answer rotated), is no change: the connections stay. Else the answer's first
 * address is taken.
 *
 * <p>While a lookup is in flight, and after one fails, the last good address stays in use; a
 * failure is counted by cause and the lookup is tried again after the shortest TTL. An answer
 * naming an address load may not go to counts as a failure too.
 *
 * <p>Lookups block (dnsjava), so the given {@code lookup} runs them off the event loop; timers
 * and the clock are injected so tests can drive them without waiting. Everything but
 * {@link #address()} is synchronized: timers and lookups complete on whatever thread the
 * scheduler uses, and the run reads the result from another.
 */
final class SourceResolver {

  /** Timers, as Vert.x's {@code setTimer} and {@code cancelTimer}. */
  interface Scheduler {
    long schedule(long delayMillis, Runnable task);

    void cancel(long id);
  }

  private final String stream;
  private final String source;
  private final int port;
  private final ReresolveOptions options;
  private final Supplier<Future<DnsLookup.Answer>> lookup;
  private final Scheduler scheduler;
  private final LongSupplier clock;
  /** The main traffic's counts now, or null when this is not the main traffic. */
  private final Supplier<FaultResult.Counts> counts;

  /** The answer given before the run, where the connections start. */
  private final DnsLookup.Answer first;
  private volatile String address;
  private long runStart;
  private boolean running;
  private long timer = -1;
  private long lookups;
  private final List<Resolution.Change> changes = new ArrayList<>();
  private final Map<DnsFailure, Long> failures = new EnumMap<>(DnsFailure.class);
  private final Map<DnsFailure, String> firstFailures = new EnumMap<>(DnsFailure.class);

  SourceResolver(String stream, String source, int port, ReresolveOptions options,
      Supplier<Future<DnsLookup.Answer>> lookup, Scheduler scheduler, LongSupplier clock,
      Supplier<FaultResult.Counts> counts) {
    this.first = options.answers().get(source);
    if (first == null) {
      throw new IllegalArgumentException("no answer to start from for source '" + source + "'");
    }
    this.stream = stream;
    this.source = source;
    this.port = port;
    this.options = options;
    this.lookup = lookup;
    this.scheduler = scheduler;
    this.clock = clock;
    this.counts = counts;
    this.address = first.address();
  }

  /** Where new connections go now: the last good answer. */
  String address() {
    return address;
  }

  /**
   * Starts following: the first lookup comes when the answer given before the run expires
   * (at once if it already has). Moments of changes count from {@code runStart} (nanoTime).
   */
  synchronized void start(long runStart) {
    this.runStart = runStart;
    running = true;
    long expires = options.answeredAt() + options.keep(first.ttl()).toNanos();
    schedule(Math.max(0, expires - clock.getAsLong()));
  }

  /** Stops following; a lookup still in flight is ignored when it comes back. */
  synchronized void stop() {
    running = false;
    if (timer >= 0) {
      scheduler.cancel(timer);
      timer = -1;
    }
  }

  synchronized Resolution result() {
    return new Resolution(stream, source, port, first.address(), lookups, changes, failures,
        firstFailures);
  }

  private void schedule(long delayNanos) {
    long millis = Math.max(1, (delayNanos + 999_999) / 1_000_000);
    timer = scheduler.schedule(millis, this::expired);
  }

  private synchronized void expired() {
    timer = -1;
    if (!running) {
      return;
    }
    lookups++;
    Future<DnsLookup.Answer> asked;
    try {
      asked = lookup.get();
    } catch (RuntimeException e) {
      asked = Future.failedFuture(e);
    }
    asked.onComplete(result -> {
      if (result.succeeded()) {
        answered(result.result());
      } else {
        failed(DnsFailure.of(result.cause()), result.cause());
      }
    });
  }

  private synchronized void answered(DnsLookup.Answer answer) {
    if (!running) {
      return;
    }
    if (answer.addresses().contains(address)) {
      // A round-robin answer, rotated or grown: the servers in use are still named.
      schedule(options.keep(answer.ttl()).toNanos());
      return;
    }
    try {
      LoopbackGuard.resolveChecked(answer.address(), options.allowRemote(),
          "target " + options.name());
    } catch (IllegalArgumentException e) {
      failed(DnsFailure.REFUSED_ADDRESS, e);
      return;
    }
    long now = clock.getAsLong();
    changes.add(new Resolution.Change(Duration.ofNanos(Math.max(0, now - runStart)), address,
        answer.address(), counts == null ? null : counts.get()));
    address = answer.address();
    schedule(options.keep(answer.ttl()).toNanos());
  }

  private synchronized void failed(DnsFailure cause, Throwable failure) {
    if (!running) {
      return;
    }
    failures.merge(cause, 1L, Long::sum);
    firstFailures.putIfAbsent(cause, failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    schedule(options.minTtl().toNanos());
  }
}
