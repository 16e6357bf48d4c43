package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitsBenchTest {

  private static HitsBench.Options options(int rounds) {
    return options(rounds, false);
  }

  private static HitsBench.Options options(int rounds, boolean revalidations) {
    return new HitsBench.Options(rounds, 4, 3, 2, 10, 1, List.of(64, 256), List.of(),
        HitsBench.Options.DEFAULT_EDGE_JVM_ARGS, List.of(), false, false, revalidations);
  }

  private static HitsBench.Run run(int round, String server, HitsBench.Cell cell, double rps,
      double p99Micros, double serverCpu) {
    long requests = (long) (rps * 4);
    return new HitsBench.Run(round, server, cell,
        new Wrk.Figures(requests, 4.0, rps, 100, p99Micros, 0), serverCpu, 1.0, 0.4);
  }

  @Test
  void baselineLabel_isTheJarsNameWithoutItsEnding() {
    assertThat(HitsBench.baselineLabel(java.nio.file.Path.of("/tmp/cdn-epoll.jar")))
        .isEqualTo("edge@cdn-epoll");
  }

  @Test
  void median_oddEvenAndEmpty() {
    assertThat(HitsBench.Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(HitsBench.Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(HitsBench.Stats.median(new double[0])).isNaN();
  }

  @Test
  void ratio_missingOrZeroReference_isNaN() {
    assertThat(HitsBench.Stats.ratio(3, 2)).isEqualTo(1.5);
    assertThat(HitsBench.Stats.ratio(3, 0)).isNaN();
    assertThat(HitsBench.Stats.ratio(Double.NaN, 2)).isNaN();
  }

  @Test
  void result_ratioIsOfMediansInTheSameCell() {
    HitsBench.Cell small = new HitsBench.Cell(1024, 64);
    HitsBench.Cell big = new HitsBench.Cell(262_144, 64);
    List<HitsBench.Run> runs = new ArrayList<>();
    // nginx: 100, 90, 110 -> median 100; edge: 160, 150, 400 (an outlier) -> median 160.
    double[] nginx = {100, 90, 110};
    double[] edge = {160, 150, 400};
    for (int round = 1; round <= 3; round++) {
      runs.add(run(round, "nginx", small, nginx[round - 1], 1000, 1.0));
      runs.add(run(round, "edge", small, edge[round - 1], 800, 1.0));
      runs.add(run(round, "edge", big, 5, 800, 1.0));
    }
    HitsBench.Result result = new HitsBench.Result(options(3), List.of(), List.of("edge", "nginx"),
        runs, List.of(), List.of());

    assertThat(result.ratio("edge", small, r -> r.figures().perSecond())).isEqualTo(1.6);
    assertThat(result.ratio("edge", small, r -> r.figures().p99Micros())).isEqualTo(0.8);
    assertThat(result.ratio("edge", big, r -> r.figures().perSecond())).isNaN();
    // CPU per request: nginx 1.0 s / 400 requests, edge 1.0 s / 640 requests.
    assertThat(result.cpuRatio("edge", small)).isCloseTo(1.6, within(1e-9));
  }

  @Test
  void run_cpuPerRequestAndCores() {
    HitsBench.Run run = new HitsBench.Run(1, "edge", new HitsBench.Cell(1024, 64),
        new Wrk.Figures(200_000, 4.0, 50_000, 100, 900, 0), 3.0, 2.0, 0.8);

    assertThat(run.serverMicrosPerRequest()).isCloseTo(15.0, within(1e-9));
    assertThat(run.wrkMicrosPerRequest()).isCloseTo(10.0, within(1e-9));
    assertThat(run.wrkCores()).isCloseTo(0.5, within(1e-9));
    assertThat(run.otherCores()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void cells_everySizeTimesEveryConnectionCount() {
    HitsBench.Result result = new HitsBench.Result(options(1), List.of(), List.of(), List.of(),
        List.of(), List.of());

    assertThat(result.cells()).hasSize(6).first()
        .isEqualTo(new HitsBench.Cell(1024, 64));
    assertThat(result.cells().get(0).sizeLabel()).isEqualTo("1 KiB");
    assertThat(result.cells()).noneMatch(HitsBench.Cell::revalidation);
  }

  @Test
  void cells_withRevalidations_addA304CellPerConnectionCount_askedWithTheObjectsETag() {
    HitsBench.Result result = new HitsBench.Result(options(1, true), List.of(), List.of(),
        List.of(), List.of(), List.of());

    assertThat(result.cells()).hasSize(8);
    HitsBench.Cell revalidation = result.cells().get(6);
    assertThat(revalidation).isEqualTo(new HitsBench.Cell(1024, 64, true));
    assertThat(revalidation.sizeLabel()).isEqualTo("304 1 KiB");
    assertThat(revalidation.validator()).isEqualTo("If-None-Match: \"1024\"");
    assertThat(result.cells().get(0).validator()).isNull();
    // 2 servers x 4 cells x (3 + 3 rounds x 2 conns x 4 s), misses as below
    assertThat(options(3, true).plannedSeconds(2)).isEqualTo(2 * 4 * (3 + 24) + 4 * 16 + 20);
  }

  @Test
  void options_connectionsBelowThreads_refused() {
    assertThatThrownBy(() -> new HitsBench.Options(1, 1, 0, 0, 0, 8, List.of(4), List.of(),
        List.of(), List.of(), false, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void options_plannedSeconds_countsWarmupRunsAndMisses() {
    // 2 servers x 3 sizes x (3 + 3 rounds x 2 conns x 4 s)
    // + (2 servers, the origin, the shield) x (10 s warm-up + 3 rounds x 2 s) + 20
    assertThat(options(3).plannedSeconds(2)).isEqualTo(2 * 3 * (3 + 24) + 4 * 16 + 20);
  }

  @Test
  void options_missesOnly_plansNoHitCells() {
    HitsBench.Options missesOnly = new HitsBench.Options(3, 4, 3, 2, 10, 1, List.of(64),
        List.of(), List.of(), List.of(), true, false, false);
    assertThat(missesOnly.plannedSeconds(2)).isEqualTo(4 * 16 + 20);
  }

  @Test
  void print_missesWithTheShieldAskedDirectly_rowBetweenOriginAndServers() {
    List<HitsBench.MissRun> misses = List.of(
        new HitsBench.MissRun(1, HitsBench.MISS_DIRECT, new Wrk.Figures(10, 1, 10, 50, 90, 0)),
        new HitsBench.MissRun(1, HitsBench.MISS_SHIELD, new Wrk.Figures(10, 1, 10, 100, 90, 0)),
        new HitsBench.MissRun(1, "edge", new Wrk.Figures(10, 1, 10, 350, 900, 0)));
    HitsBench.Result result = new HitsBench.Result(options(1), List.of(), List.of("edge"),
        List.of(), misses, List.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    HitsBench.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("conns")
        .containsPattern("shield \\(direct\\)\\s+10\\s+0\\.100\\s+0\\.090\\s+0\\.050");
    assertThat(text.indexOf("origin (direct)")).isLessThan(text.indexOf("shield (direct)"));
    assertThat(text.indexOf("shield (direct)")).isLessThan(text.indexOf("edge "));
  }

  @Test
  void printAndJson_showTheRatioAndTheMissesAddedP50() {
    HitsBench.Cell small = new HitsBench.Cell(1024, 64);
    List<HitsBench.Run> runs = List.of(run(1, "nginx", small, 100, 1000, 1.0),
        run(1, "edge", small, 150, 900, 1.0));
    List<HitsBench.MissRun> misses = List.of(
        new HitsBench.MissRun(1, HitsBench.MISS_DIRECT, new Wrk.Figures(10, 1, 10, 50, 90, 0)),
        new HitsBench.MissRun(1, "edge", new Wrk.Figures(10, 1, 10, 350, 900, 0)));
    HitsBench.Result result = new HitsBench.Result(options(1), List.of("cpus: test"),
        List.of("edge", "nginx"), runs, misses, List.of("a note"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    HitsBench.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    JsonObject json = HitsBench.toJson(result);

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("1.50x", "0.90x", "note: a note", "origin (direct)")
        .containsPattern("edge\\s+10\\s+0\\.350\\s+0\\.900\\s+0\\.300");
    assertThat(json.getJsonArray("cells").getJsonObject(0).getDouble("ratio_to_nginx"))
        .isEqualTo(1.5);
    assertThat(json.getJsonArray("runs")).hasSize(2);
    assertThat(json.getJsonArray("misses")).hasSize(2);
  }
}
