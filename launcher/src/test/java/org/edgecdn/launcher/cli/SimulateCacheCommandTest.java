package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdn simulate cache} on small runs: the shape of its table, its JSON and its errors. */
class SimulateCacheCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void zipf_twoFractions_printsATablePerBudget_andWritesJson(@TempDir Path dir)
      throws IOException {
    Path json = dir.resolve("report.json");
    int code = run("--zipf", "0.8", "--objects", "500", "--requests", "20000",
        "--cache-fraction", "0.05,0.2", "--seed", "3", "--out", json.toString());

    assertThat(code).isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("cache simulation: zipf alpha 0.8 over 500 objects,"
        + " 20,000 requests, sizes lognormal (median 16 KiB, sigma 1.5), seed 3");
    assertThat(lines.get(1)).startsWith("working set: ");
    assertThat(lines.stream()
        .filter(l -> l.startsWith("cache ") && !l.startsWith("cache simulation"))).hasSize(2)
        .allMatch(l -> l.matches("cache [0-9.]+ [KMG]iB \\((5|20)\\.00% of the working set\\).*:"));
    for (String policy : List.of("caffeine", "lru", "fifo", "lfu")) {
      assertThat(lines.stream().filter(l -> l.matches("  " + policy
          + " +[0-9.]+% +[0-9.]+% +-?[0-9.]+ pp +-?[0-9.]+ pp"))).as(policy).hasSize(2);
    }
    assertThat(lines.stream()
        .filter(l -> l.matches("  belady +[0-9.]+% +[0-9.]+% +\\(the bound\\)"))).hasSize(2);

    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getInteger("requests")).isEqualTo(20_000);
    JsonArray runs = report.getJsonArray("runs");
    assertThat(runs).hasSize(2);
    JsonArray results = runs.getJsonObject(0).getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("policy")))
        .containsExactly("caffeine", "lru", "fifo", "lfu", "belady");
    JsonObject belady = results.getJsonObject(4);
    assertThat(belady.getBoolean("bound")).isTrue();
    assertThat(belady.getDouble("gapToOptimal")).isZero();
    assertThat(runs.getJsonObject(1).getDouble("fractionOfWorkingSet"))
        .isCloseTo(0.2, within(1e-6));
  }

  @Test
  void trace_withBadLines_reportsTheirNumbers_andStillRuns(@TempDir Path dir)
      throws IOException {
    Path trace = Files.writeString(dir.resolve("t.txt"),
        "/a 1000\n/b 2000\n/c x\n/a 1000\n/b 2000 extra\n/a\n/b 2000\n");
    int code = run("--trace", trace.toString(), "--cache-size", "4KiB", "--policies", "lru");

    assertThat(code).isZero();
    assertThat(err()).contains("2 of 7 lines skipped as bad", "line 3: size 'x'",
        "line 5: expected 'key' or 'key size', found 3 fields");
    assertThat(out()).startsWith("cache simulation: trace t.txt")
        .contains("cache 4 KiB (")
        .containsPattern("  lru +[0-9.]+%")
        .containsPattern("  belady +[0-9.]+%")
        .doesNotContain("caffeine");
  }

  @Test
  void traceAndZipfTogether_isABadArgument() {
    assertThat(run("--trace", "x.txt", "--zipf", "1.0")).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err()).contains("--zipf is for the Zipf workload");
  }

  @Test
  void missingTraceFile_isABadArgument(@TempDir Path dir) {
    assertThat(run("--trace", dir.resolve("none.txt").toString()))
        .isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err()).contains("no such trace file");
  }

  @Test
  void unknownPolicy_listsTheKnownOnes() {
    assertThat(run("--policies", "arc", "--requests", "10")).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err()).contains("unknown policy 'arc'; known: caffeine, lru, fifo, lfu, belady");
  }

  @Test
  void sizeAndFractionTogether_orABadSize_isABadArgument() {
    assertThat(run("--cache-size", "1MiB", "--cache-fraction", "0.1"))
        .isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(run("--cache-size", "1MB")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err()).contains("bad size \"1MB\"");
  }

  private int run(String... args) {
    return new CommandLine(new SimulateCacheCommand(print(out), print(err)))
        .setErr(new PrintWriter(err, true)).execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream print(ByteArrayOutputStream to) {
    return new PrintStream(to, true, StandardCharsets.UTF_8);
  }
}
