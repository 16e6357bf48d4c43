package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.edgecdn.loadtest.metrics.CacheFigures;
import org.edgecdn.loadtest.metrics.CounterQuery;
import org.edgecdn.loadtest.metrics.Scrape;
import org.edgecdn.loadtest.workload.ParseReport;
import org.junit.jupiter.api.Test;

class ReportAndThresholdsTest {

  @Test
  void thresholds_passAndFailEachOnItsOwn() {
    StreamResult result = result(1000, 10, 20, 15_000);
    CacheFigures cache = cache(0.95);

    List<Thresholds.Check> passing = new Thresholds(Duration.ofMillis(20), 0.05, 0.9)
        .evaluate(result, cache);
    assertThat(passing).extracting(Thresholds.Check::passed).containsExactly(true, true, true);

    List<Thresholds.Check> failing = new Thresholds(Duration.ofMillis(10), 0.01, 0.99)
        .evaluate(result, cache);
    assertThat(failing).extracting(Thresholds.Check::name)
        .containsExactly("max-p99", "max-error-ratio", "min-hit-ratio");
    assertThat(failing).extracting(Thresholds.Check::passed).containsExactly(false, false, false);
    // 10 errors + 20 5xx answers over 1000 answered + 10 errors.
    assertThat(failing.get(1).actual()).isEqualTo("0.0297");
    assertThat(failing.get(0).toString()).isEqualTo("max-p99 <= 10.00 ms: 15.01 ms FAILED");
  }

  @Test
  void thresholds_thatCannotBeJudged_fail() {
    StreamResult nothing = result(0, 0, 0, 0);
    List<Thresholds.Check> checks = new Thresholds(Duration.ofMillis(20), 0.01, 0.9)
        .evaluate(nothing, null);
    assertThat(checks).extracting(Thresholds.Check::passed).containsOnly(false);
    assertThat(checks.get(2).actual()).isEqualTo("unknown (no --metrics)");
    assertThat(Thresholds.NONE.evaluate(nothing, null)).isEmpty();
  }

  @Test
  void json_carriesEveryFigureOfTheTable() {
    StreamResult main = result(1000, 4, 2, 3000);
    RunResult run = new RunResult(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(10),
        List.of(main), false);
    List<Thresholds.Check> checks = new Thresholds(Duration.ofMillis(1), null, null)
        .evaluate(main, null);
    Report report = new Report(run, cache(0.9), checks, List.of("a note"));

    JsonObject json = new JsonObject(report.json().encode());
    assertThat(json.getBoolean("passed")).isFalse();
    assertThat(json.getDouble("duration_s")).isEqualTo(10.0);
    JsonObject stream = json.getJsonArray("streams").getJsonObject(0);
    assertThat(stream.getString("name")).isEqualTo("traffic");
    assertThat(stream.getString("model")).isEqualTo("open");
    assertThat(stream.getDouble("rate")).isEqualTo(100.0);
    assertThat(stream.getString("host")).isEqualTo("www.shop.example");
    assertThat(stream.getJsonObject("requests").getMap()).containsEntry("sent", 1004)
        .containsEntry("answered", 1000).containsEntry("errors", 4).containsEntry("unsent", 0);
    assertThat(stream.getDouble("throughput_rps")).isEqualTo(100.0);
    JsonObject latency = stream.getJsonObject("latency_ms");
    assertThat(latency.fieldNames()).contains("p50", "p90", "p99", "p99_9", "max", "mean",
        "count");
    assertThat(latency.getDouble("max")).isBetween(2.99, 3.01);
    assertThat(stream.getJsonObject("status").getMap()).containsEntry("2xx", 998)
        .containsEntry("5xx", 2);
    assertThat(stream.getJsonObject("errors").getMap()).containsOnlyKeys("connect_refused",
        "timeout", "reset", "other").containsEntry("timeout", 4);
    assertThat(json.getJsonObject("cache").getDouble("hit_ratio")).isEqualTo(0.9);
    assertThat(json.getJsonArray("thresholds").getJsonObject(0).getString("name"))
        .isEqualTo("max-p99");
    assertThat(json.getJsonArray("notes").getString(0)).isEqualTo("a note");

    String text = report.text();
    assertThat(text).contains("traffic -> http://127.0.0.1:8080 (Host: www.shop.example)")
        .contains("1004 sent, 1000 answered, 4 errors, 0 unsent")
        .contains("hit ratio 0.9000")
        .contains("threshold   max-p99 <= 1.00 ms")
        .contains("p99.9");
  }

  /**
   * A DNS that moves the load at every lookup for an hour makes thousands of changes: the
   * report lists the first {@value Report#LISTED} moves and spans and counts the rest.
   */
  @Test
  void manyMoves_listTheFirstFifty_andCountTheRest() {
    List<Resolution.Change> changes = new ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      changes.add(new Resolution.Change(Duration.ofSeconds(i), "127.0.0." + (i % 2 + 1),
          "127.0.0." + ((i + 1) % 2 + 1), new FaultResult.Counts(10L * i, 0, Map.of())));
    }
    Resolution resolution = new Resolution("traffic", "", 8080, "127.0.0.2", 70, changes,
        Map.of(), Map.of());
    RunResult run = new RunResult(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(80),
        List.of(result(1000, 0, 0, 3000)), false, List.of(), List.of(resolution));
    Report report = new Report(run, null, List.of(), List.of());

    String text = report.text();
    assertThat(text.lines().filter(line -> line.contains(" -> 127.0.0."))).hasSize(50);
    assertThat(text).contains("at 50.00 s from the default address")
        .doesNotContain("at 51.00 s from").contains("and 20 more moves")
        .contains("49.00-50.00 s").doesNotContain("50.00-51.00 s").contains("and 21 more spans");
    JsonObject json = new JsonObject(report.json().encode());
    assertThat(json.getJsonObject("dns").getJsonArray("changes")).hasSize(50);
    assertThat(json.getJsonObject("dns").getInteger("changes_left_off")).isEqualTo(20);
    assertThat(json.getJsonObject("dns").getJsonArray("sources").getJsonObject(0)
        .getInteger("changes")).as("the count is whole").isEqualTo(70);
    assertThat(json.getJsonObject("faults").getJsonArray("spans")).hasSize(50);
    assertThat(json.getJsonObject("faults").getInteger("spans_left_off")).isEqualTo(21);
  }

  @Test
  void scrape_readsEveryTarget_andReportsTheOnesThatFail() {
    try (TestServer server = TestServer.start(request -> request.response()
        .end("# TYPE x counter\nx_total{a=\"1\"} 7\n"))) {
      String good = server.url() + "/metrics";
      String bad = "http://127.0.0.1:1/metrics";
      Scrape scrape = TestServer.await(Scrape.of(server.vertx, List.of(good, bad),
          Duration.ofSeconds(2)));
      assertThat(scrape.samples().get(good)).hasSize(1);
      assertThat(scrape.failures()).containsOnlyKeys(bad);
      Scrape empty = new Scrape(Map.of(), Map.of());
      assertThat(scrape.increaseSince(empty, CounterQuery.of("x").where("a", "1"))).isEqualTo(7);
    }
  }

  @Test
  void progressLine_showsRateP99AndErrors() {
    String line = ProgressPrinter.line(new ProgressListener.Progress(3.0, 2001.4, 1234, 6000,
        2, 0));
    assertThat(line).contains("3.0s").contains("2,001 req/s").contains("p99 1.23 ms")
        .contains("errors 2");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ProgressPrinter terminal = new ProgressPrinter(new java.io.PrintStream(bytes, true), true);
    terminal.onProgress(new ProgressListener.Progress(1, 10, 0, 10, 0, 0));
    terminal.onProgress(new ProgressListener.Progress(2, 10, 0, 20, 0, 0));
    terminal.finish();
    assertThat(bytes.toString()).startsWith("\r").contains("\r  ").endsWith(System.lineSeparator())
        .doesNotContain("\n" + "   2.0s");
  }

  /** A main stream with {@code answered} answers (2 of them 5xx when fivexx is 2). */
  private static StreamResult result(long answered, long errors, long fivexx, long maxMicros) {
    Histogram latency = new Histogram(1, 60_000_000, 3);
    for (long i = 0; i < answered; i++) {
      latency.recordValue(Math.max(1, maxMicros));
    }
    Map<String, Long> status = new LinkedHashMap<>();
    status.put("1xx", 0L);
    status.put("2xx", answered - fivexx);
    status.put("3xx", 0L);
    status.put("4xx", 0L);
    status.put("5xx", fivexx);
    status.put("other", 0L);
    Map<ErrorCause, Long> errorMap = new EnumMap<>(ErrorCause.class);
    for (ErrorCause cause : ErrorCause.values()) {
      errorMap.put(cause, cause == ErrorCause.TIMEOUT ? errors : 0L);
    }
    return new StreamResult("traffic", Target.parse("http://127.0.0.1:8080", "www.shop.example"),
        "GET /", new Pacing.Open(100), 8, answered + errors, answered, 0, answered * 100,
        status, errorMap, Map.of(), latency, latency.copy(), Duration.ofSeconds(10),
        ParseReport.EMPTY);
  }

  private static CacheFigures cache(double hitRatio) {
    return new CacheFigures(hitRatio * 100, (1 - hitRatio) * 100, OptionalDouble.of(hitRatio),
        100, 5, OptionalDouble.of(0.95), List.of());
  }
}
