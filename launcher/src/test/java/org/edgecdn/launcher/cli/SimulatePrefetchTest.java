package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdn simulate prefetch} on a synthetic site and on a trace file. */
class SimulatePrefetchTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void synthetic_everyPolicyAndTheCeiling_withTrueProbabilities() {
    assertThat(run("--synthetic", "--visits", "2000")).isZero();

    assertThat(out())
        .contains("cache: 40 pages (LRU), threshold 0.30")
        .containsPattern("(?m)^none +0\\.\\d{3} +\\+0\\.0 +- ")
        .containsPattern("(?m)^markov-1 +0\\.\\d{3} ")
        .containsPattern("(?m)^ppm-2 +0\\.\\d{3} ")
        .containsPattern("(?m)^oracle +0\\.\\d{3} +\\+\\d+\\.\\d +1\\.000 ")
        .contains("true-p");
  }

  @Test
  void traceFile_visitsPerLine_cacheSizeGiven(@TempDir Path dir) throws Exception {
    Path trace = Files.writeString(dir.resolve("visits.txt"),
        "/ /a /b\n/ /a /c\n/ /a /b\n/ /a /b\n/ /a /b\n/ /a /b\n");

    assertThat(run("--trace", trace.toString(), "--cache-size", "1", "--concurrency", "1"))
        .isZero();

    assertThat(out()).contains("trace: 18 page views, 6 visits, 4 distinct pages")
        .containsPattern("/ +/a +1\\.000");
  }

  @Test
  void missingTrace_isAnError(@TempDir Path dir) {
    assertThat(run("--trace", dir.resolve("none.txt").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the trace");
  }

  private int run(String... args) {
    SimulatePrefetch command = new SimulatePrefetch(print(out), print(err));
    return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
