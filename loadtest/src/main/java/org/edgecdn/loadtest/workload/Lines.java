package org.edgecdn.loadtest.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;

/** Reads input files line by line, tolerating bytes that are not UTF-8 (logs have them). */
final class Lines {

  /** Called for each line with its 1-based number. */
  @FunctionalInterface
  interface Consumer {
    void accept(long number, String line);
  }

  private Lines() {}

  static void read(Path file, Consumer consumer) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), decoder))) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        consumer.accept(++number, line);
      }
    }
  }

  /** Blank lines and {@code #} comments carry nothing and are not errors. */
  static boolean isBlankOrComment(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() || stripped.startsWith("#");
  }

  /** The path and query of {@code /a?b} or {@code http://host/a?b}; null if neither. */
  static String pathOf(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    int scheme = target.indexOf("://");
    if (scheme > 0) {
      int slash = target.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : target.substring(slash);
    }
    return null;
  }
}
