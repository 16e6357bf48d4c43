package org.edgecdn.launcher.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** What a command run in a test printed: its standard output and its errors, as UTF-8 text. */
final class CommandOutput {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** The stream a command prints its results to. */
  PrintStream outStream() {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  /** The stream a command prints problems to. */
  PrintStream errStream() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  /** For picocli's own messages (bad arguments). */
  PrintWriter errWriter() {
    return new PrintWriter(err, true, StandardCharsets.UTF_8);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far, for a second run. */
  void reset() {
    out.reset();
    err.reset();
  }
}
