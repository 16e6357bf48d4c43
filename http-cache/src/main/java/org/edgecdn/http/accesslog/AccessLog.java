package org.edgecdn.http.accesslog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a node writes one line per request. Writing never happens on the caller's thread:
 * entries go through a bounded queue to one writer thread, so a slow disk or terminal cannot
 * stall an event loop (entries are dropped and counted when the queue is full). The writer
 * formats and writes them in batches, at least every 100 ms, so a line may appear that much
 * after its request.
 */
public interface AccessLog extends AutoCloseable {

  void record(AccessLogEntry entry);

  /**
   * Whether {@link #record} keeps anything: when not, a node builds no entry at all, so a log
   * switched off costs a request nothing.
   */
  default boolean enabled() {
    return true;
  }

  /** Entries lost so far because the writer could not keep up (0 for a log that is off). */
  default long dropped() {
    return 0;
  }

  @Override
  void close();

  /** A log that records nothing (access logging switched off). */
  static AccessLog off() {
    return new AccessLog() {
      @Override
      public void record(AccessLogEntry entry) {}

      @Override
      public boolean enabled() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /** Lines to the process's standard output. */
  static AccessLog stdout() {
    return new AsyncLineWriter(new OutputStreamWriter(nonClosing(System.out), StandardCharsets.UTF_8),
        "stdout");
  }

  /** Lines appended to {@code file}, created if missing. */
  static AccessLog toFile(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Writer writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND));
      return new AsyncLineWriter(writer, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open access log " + file, e);
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }
    };
  }
}
