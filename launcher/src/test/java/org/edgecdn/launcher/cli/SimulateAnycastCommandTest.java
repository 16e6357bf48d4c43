package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code cdn simulate anycast} run in-process through the {@code cdn} command on the built-in
 * demo network (PoPs us, eu, ap), asserting on what a user reads: the load per PoP, the clients
 * moved when a PoP withdraws, and the same report for the same seed.
 */
class SimulateAnycastCommandTest {

  private static final int CLIENTS = 3000;
  private static final List<String> POPS = List.of("us", "eu", "ap");
  /** {@code  load eu   1,234 (41.1 %)   1,200 (40.0 %)   1,300 (43.3 %)}: DNS, anycast, best. */
  private static final String COLUMN = " +([\\d,]+) \\([\\d.]+ %\\)";
  private static final Pattern LOAD = Pattern.compile("  load (\\w+)" + COLUMN.repeat(3));
  private static final Pattern MOVED = Pattern.compile("  clients moved +([\\d,]+) +([\\d,]+)");

  private final CommandOutput printed = new CommandOutput();

  @Test
  void allUp_headerAndLoadPerPop_eachColumnAddsUpToTheClients() {
    assertThat(run("--clients", String.valueOf(CLIENTS), "--seed", "7")).isZero();

    String report = out();
    assertThat(report).startsWith("anycast simulation: 3,000 clients, ")
        .contains("PoPs us, eu, ap, seed 7")
        .contains("all PoPs up:")
        .doesNotContain("withdraws");
    Map<String, int[]> load = loads(report).get(0);
    assertThat(load.keySet()).containsExactlyElementsOf(POPS);
    for (int column = 0; column < 3; column++) {
      int c = column;
      assertThat(load.values().stream().mapToInt(l -> l[c]).sum()).as("column %d", c)
          .isEqualTo(CLIENTS);
    }
    assertThat(load.values()).as("the demo's clients sit in all three regions")
        .allSatisfy(l -> assertThat(l[0]).isPositive());
  }

  @Test
  void failEu_euLoadDropsToZero_andItsClientsAreTheOnesMoved() {
    assertThat(run("--clients", String.valueOf(CLIENTS), "--seed", "7", "--fail", "eu"))
        .isZero();

    String report = out();
    assertThat(report).contains("after eu withdraws:");
    List<Map<String, int[]>> tables = loads(report);
    assertThat(tables).hasSize(2);
    Map<String, int[]> before = tables.get(0);
    Map<String, int[]> after = tables.get(1);
    assertThat(after.get("eu")).as("eu gets no client, by DNS, anycast or at best")
        .containsExactly(0, 0, 0);
    Matcher moved = MOVED.matcher(report);
    assertThat(moved.find()).as("a 'clients moved' line").isTrue();
    int dnsMoved = number(moved.group(1));
    int anycastMoved = number(moved.group(2));
    assertThat(dnsMoved).as("DNS moves exactly the clients it sent to eu")
        .isEqualTo(before.get("eu")[0]).isPositive();
    assertThat(anycastMoved).as("anycast moves exactly the clients routed to eu")
        .isEqualTo(before.get("eu")[1]).isPositive();
    for (String pop : List.of("us", "ap")) {
      assertThat(after.get(pop)[0]).as("DNS clients of %s stay", pop)
          .isGreaterThanOrEqualTo(before.get(pop)[0]);
    }
    assertThat(after.get("us")[0] + after.get("ap")[0]).isEqualTo(CLIENTS);
    assertThat(report).containsPattern("  convergence mean +[\\d.]+ s +[\\d.]+ s");
  }

  @Test
  void sameSeed_sameReport_otherSeed_otherReport() {
    String[] args = {"--clients", "1000", "--seed", "42", "--fail", "eu"};
    assertThat(run(args)).isZero();
    String first = out();
    printed.reset();

    assertThat(run(args)).isZero();
    String second = out();
    printed.reset();
    assertThat(run("--clients", "1000", "--seed", "43", "--fail", "eu")).isZero();

    assertThat(second).isEqualTo(first);
    assertThat(out()).isNotEqualTo(first);
  }

  @Test
  void failUnknownPop_badConfig_namingThePops() {
    assertThat(run("--clients", "100", "--fail", "mars")).isEqualTo(ExitCodes.BAD_CONFIG);

    assertThat(err()).contains("no PoP named 'mars' (PoPs: us, eu, ap)");
    assertThat(out()).isEmpty();
  }

  /** Through the {@code cdn} command, as a user types it, with the output captured. */
  private int run(String... args) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == SimulateCommand.Anycast.class
            ? type.cast(new SimulateCommand.Anycast(printed.outStream(), printed.errStream()))
            : CommandLine.defaultFactory().create(type);
      }
    };
    List<String> line = new ArrayList<>(List.of("simulate", "anycast"));
    line.addAll(List.of(args));
    return new CommandLine(new Main(), factory).setErr(printed.errWriter())
        .execute(line.toArray(String[]::new));
  }

  /** Each table's load rows, by PoP: clients by DNS, by anycast, at their best PoP. */
  private static List<Map<String, int[]>> loads(String report) {
    List<Map<String, int[]>> tables = new ArrayList<>();
    Map<String, int[]> table = null;
    for (String line : report.lines().toList()) {
      Matcher m = LOAD.matcher(line);
      if (!m.matches()) {
        table = null;
        continue;
      }
      if (table == null) {
        table = new LinkedHashMap<>();
        tables.add(table);
      }
      table.put(m.group(1), new int[] {number(m.group(2)), number(m.group(3)),
          number(m.group(4))});
    }
    return tables;
  }

  private static int number(String withCommas) {
    return Integer.parseInt(withCommas.replace(",", ""));
  }

  private String out() {
    return printed.out();
  }

  private String err() {
    return printed.err();
  }
}
