package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
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
    Cpu cpu = new Cpu(0.7, 2.6, 0);
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
        run(1, Server.OURS, 300_000, new Cpu(0.6, 2.0, 0)),
        run(2, Server.OURS, 300_000, Cpu.UNKNOWN),
        run(3, Server.OURS, 300_000, new Cpu(0.8, 3.0, 0))));

    assertThat(r.medianCpu(Server.OURS, Cpu::userMicrosPerQuery)).isCloseTo(0.7, within(1e-9));
    assertThat(r.medianCpu(Server.POWERDNS, Cpu::userMicrosPerQuery)).isNaN();
  }

  @Test
  void print_showsCpuPerQueryAndEachRoundsRatio() {
    DnsBench.Result r = result(List.of(
        run(1, Server.OURS, 300_000, new Cpu(0.75, 2.66, 0.1)),
        run(1, Server.POWERDNS, 200_000, new Cpu(1.28, 3.45, 4.0))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    DnsBench.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("user us").contains("0.75").contains("3.45").contains("4.0");
    assertThat(out).contains("qps ratio per round: 1.50; median 1.50");
  }
}
