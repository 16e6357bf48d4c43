package org.edgecdn.http.accesslog;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An access log whose lines are formatted and written by one daemon thread; see {@link AccessLog}.
 *
 * <p>The writer works in batches, as nginx's {@code access_log ... buffer= flush=} does: it
 * wakes every {@link #FLUSH_INTERVAL_MILLIS} ms, or early when {@link #WAKE_AT} entries wait,
 * formats and writes all of them, flushes once and sleeps again. It is never woken per line:
 * when it was, each request cost the event loop a wake-up of another thread (a futex call, and
 * on a node pinned to one core a context switch), and the log cost more than the rest of a 1 KiB
 * hit (docs/performance.md). Formatting happens on the writer too, off the event loop.
 */
final class AsyncLineWriter implements AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncLineWriter.class);

  /** The longest a recorded line waits before it is written. */
  static final long FLUSH_INTERVAL_MILLIS = 100;

  /**
   * Entries the queue holds: lines are dropped (and counted) beyond it. At 200k requests a
   * second the writer is woken early (below) about every 80 ms, and the queue still has room
   * for a quarter of a second more if the disk or terminal stalls it.
   */
  static final int CAPACITY = 65_536;

  /** Entries waiting that wake the writer before its interval is up. */
  static final int WAKE_AT = CAPACITY / 4;

  private static final int BATCH = 1_024;

  private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(CAPACITY);
  /** About how many entries wait: counted here so that a producer needs no lock to ask. */
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Writer writer;
  private final String target;
  private final Thread thread;
  private volatile boolean closed;
  /** Whether an entry failed to format already (only the writer thread reads or writes it). */
  private boolean unformattable;

  AsyncLineWriter(Writer writer, String target) {
    this.writer = writer;
    this.target = target;
    this.thread = new Thread(this::drain, "access-log-" + target);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void record(AccessLogEntry entry) {
    if (closed || !queue.offer(entry)) {
      dropped.incrementAndGet();
      return;
    }
    if (waiting.incrementAndGet() == WAKE_AT) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    List<AccessLogEntry> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        // Read before draining: whatever was recorded before close() is in the queue by then.
        boolean closing = closed;
        boolean wrote = false;
        int taken;
        while ((taken = queue.drainTo(batch, BATCH)) > 0) {
          waiting.addAndGet(-taken);
          for (AccessLogEntry entry : batch) {
            write(entry);
          }
          batch.clear();
          wrote = true;
        }
        if (wrote) {
          writer.flush();
        }
        if (closing) {
          return;
        }
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS));
        // Only close() ends the writer: an interrupt would make every park return at once.
        Thread.interrupted();
      }
    } catch (IOException e) {
      LOG.warn("access log {}: stopped writing: {}", target, e.toString());
    }
  }

  /**
   * One line. An entry that cannot be formatted is counted as dropped and reported once, rather
   * than ending the writer (and with it every later line).
   */
  private void write(AccessLogEntry entry) throws IOException {
    String line;
    try {
      line = entry.format();
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      if (!unformattable) {
        unformattable = true;
        LOG.warn("access log {}: cannot format a line, dropped: {}", target, e.toString());
      }
      return;
    }
    writer.write(line);
    writer.write('\n');
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(2_000);
      // Whatever the writer did not take: recorded while it was closing, or it was stuck.
      dropped.addAndGet(queue.size());
      writer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("access log {}: close failed: {}", target, e.toString());
    }
    long lost = dropped.get();
    if (lost > 0) {
      LOG.warn("access log {}: dropped {} lines because the writer could not keep up", target, lost);
    }
  }
}
