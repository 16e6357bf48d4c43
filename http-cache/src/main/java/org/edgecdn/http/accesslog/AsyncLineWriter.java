package org.edgecdn.http.accesslog;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An access log whose lines are written by one daemon thread; see {@link AccessLog}. */
final class AsyncLineWriter implements AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger(AsyncLineWriter.class);
  private static final int CAPACITY = 16_384;

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Writer writer;
  private final String target;
  private final Thread thread;
  private volatile boolean closed;

  AsyncLineWriter(Writer writer, String target) {
    this.writer = writer;
    this.target = target;
    this.thread = new Thread(this::drain, "access-log-" + target);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void record(AccessLogEntry entry) {
    if (closed || !queue.offer(entry.format())) {
      dropped.incrementAndGet();
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>(256);
    try {
      while (!closed || !queue.isEmpty()) {
        String first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 255);
        for (String line : batch) {
          writer.write(line);
          writer.write('\n');
        }
        writer.flush();
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("access log {}: stopped writing: {}", target, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(2_000);
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
