package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.edgecdn.launcher.bench.DnsBench.Cpu;
import org.edgecdn.launcher.bench.DnsBench.Figures;
import org.edgecdn.launcher.bench.DnsBench.Run;
import org.edgecdn.launcher.bench.DnsBench.Server;
import org.junit.jupiter.api.Test;

class DnsBenchTest {

  private static Run run(int round, Server server, double qps, Cpu cpu) {
    return new Run(round, server,
        new Figures((long) qps * 10, (long) qps * 10, 0, qps, 0.3, 0.1, "NOERROR", "2.10.0"), cpu);
  }

  private static DnsBench.Result result(List<Run> runs) {
    return new DnsBench.Result(DnsBench.Options.defaults(), List.of(), List.of(), runs, List.of(),
        List.of());
  }

  @Test
  void roundRatios_oursOverPowerDnsOfTheSameRound_unpairedLeftOut() {
    Cpu cpu = new Cpu(0.7, 2.6, 0, 0.5);
    DnsBench.Result r = result(List.of(
        run(1, Server.OURS, 300_000, cpu), run(1, Server.POWERDNS, 200_000, cpu),
        run(2, Server.OURS, 260_000, cpu), run(2, Server.POWERDNS, 100_000, cpu),
        run(3, Server.OURS, 280_000, cpu)));

    assertThat(r.roundRatios()).containsExactly(1.5, 2.6);
    assertThat(r.median(Server.OURS, Figures::qps)).isEqualTo(280_000);
  }

  @Test
  void medianCpu_roundsWithoutCpuLeftOut() {
    DnsBench.Result r = result(List.of(
        run(1, Server.OURS, 300_000, new Cpu(0.6, 2.0, 0, 0.5)),
        run(2, Server.OURS, 300_000, Cpu.UNKNOWN),
        run(3, Server.OURS, 300_000, new Cpu(0.8, 3.0, 0, 0.5))));

    assertThat(r.medianCpu(Server.OURS, Cpu::userMicrosPerQuery)).isCloseTo(0.7, within(1e-9));
    assertThat(r.medianCpu(Server.POWERDNS, Cpu::userMicrosPerQuery)).isNaN();
  }

  @Test
  void print_showsCpuPerQueryAndEachRoundsRatio() {
    DnsBench.Result r = result(List.of(
        run(1, Server.OURS, 300_000, new Cpu(0.75, 2.66, 0.1, 0.5)),
        run(1, Server.POWERDNS, 200_000, new Cpu(1.28, 3.45, 4.0, 0.5))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    DnsBench.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("user us").contains("0.75").contains("3.45").contains("4.0");
    assertThat(out).contains("qps ratio per round: 1.50; median 1.50");
    assertThat(out).contains("PowerDNS/ours 1.39").doesNotContain("floor").doesNotContain("load"
        + " generator");
  }

  @Test
  void loadGeneratorNote_whenDnsperfKeptItsCoreBusyInMostRuns() {
    Cpu saturated = new Cpu(0.6, 4.7, 0, 0.99);
    Cpu idle = new Cpu(0.6, 4.7, 0, 0.4);

    assertThat(result(List.of(run(1, Server.OURS, 180_000, saturated),
        run(1, Server.POWERDNS, 170_000, saturated), run(2, Server.OURS, 180_000, idle)))
        .loadGeneratorNote()).hasValueSatisfying(note -> assertThat(note)
        .contains("dnsperf kept 0.99 of a core busy").contains("cpu per query"));
    assertThat(result(List.of(run(1, Server.OURS, 180_000, idle),
        run(1, Server.POWERDNS, 170_000, saturated), run(2, Server.OURS, 180_000, idle)))
        .loadGeneratorNote()).isEmpty();
    assertThat(result(List.of(run(1, Server.OURS, 180_000, Cpu.UNKNOWN))).loadGeneratorNote())
        .isEmpty();
  }

  @Test
  void print_withTheFloor_showsItAgainstPowerDnsAndOursAgainstIt() {
    Cpu cpu = new Cpu(0.6, 4.7, 0, 0.99);
    DnsBench.Options withFloor = new DnsBench.Options(1, 10, 100, 1, 4, 0, 4, true, true, 130);
    DnsBench.Result r = new DnsBench.Result(withFloor, List.of(), List.of(), List.of(
        run(1, Server.OURS, 180_000, cpu), run(1, Server.POWERDNS, 160_000, cpu),
        run(1, Server.FLOOR, 200_000, cpu)), List.of(), List.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    DnsBench.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("floor (no DNS work, our socket layer): 200,000 qps, 1.25x PowerDNS;"
        + " ours is 0.90x the floor");
    assertThat(out).contains("load generator: dnsperf kept 0.99");
  }

  @Test
  void options_theFloorRunsThirdAndCountsInThePlan() {
    DnsBench.Options twoServers = DnsBench.Options.defaults();
    DnsBench.Options threeServers = new DnsBench.Options(3, 10, 100, 1, 4, 20_000, 4, true, true,
        130);

    assertThat(twoServers.servers()).containsExactly(Server.OURS, Server.POWERDNS);
    assertThat(threeServers.servers()).containsExactly(Server.OURS, Server.POWERDNS,
        Server.FLOOR);
    assertThat(threeServers.plannedSeconds() - DnsBench.OVERHEAD_SECONDS)
        .isEqualTo(3 * (twoServers.plannedSeconds() - DnsBench.OVERHEAD_SECONDS) / 2);
    assertThatThrownBy(() -> new DnsBench.Options(3, 10, 100, 1, 4, 20_000, 4, true, true, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 x (4 warm-up + 3 rounds x 10 + 4 fixed)");
  }
}
