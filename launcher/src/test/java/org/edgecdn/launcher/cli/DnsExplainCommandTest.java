package org.edgecdn.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgecdn.launcher.config.NetworkConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdn dns explain} on the demo network and on files with a latency matrix and weights. */
class DnsExplainCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void explain_demoNetwork_parisByTheMatrixToEu() {
    assertThat(run("www.shop.example", "--client", "127.0.2.9")).isZero();

    assertThat(out())
        .contains("location: row 127.0.2.0/24 -> 48.86, 2.35 (FR, eu-west)")
        .contains("cost: RTT in ms from region eu-west: measured (the latency matrix)")
        .containsPattern("\\* eu +127\\.0\\.2\\.1 +11\\.0 ms matrix +1 +11\\.0 ms +healthy +<- chosen")
        .containsPattern("us +127\\.0\\.1\\.1 +84\\.0 ms matrix +1 +84\\.0 ms +healthy")
        .containsPattern("ap +127\\.0\\.3\\.1 +[0-9.]+ ms estimated +1 +[0-9.]+ ms +healthy")
        .contains("answer: shop.cdn.test. 20 A 127.0.2.1");
  }

  @Test
  void explain_demoNetwork_tokyoByDistanceToAp() {
    assertThat(run("shop.cdn.test", "--client", "127.0.3.9")).isZero();

    assertThat(out())
        .contains("cost: great-circle distance in km (the latency matrix has no row for region"
            + " ap-northeast)")
        .contains("why: ap has the lowest effective cost (5,314 km) and is healthy");
  }

  @Test
  void explain_weightedFile_showsWeightsAndDrainedPop(@TempDir Path dir) throws Exception {
    String yaml = NetworkConfigLoader.defaultNetworkYaml()
        .replace("    eu-west: {eu: 11ms, us: 84ms}\n", "    eu-west: {eu: 11ms, us: 84ms}\n"
            + "    ap-northeast: {ap: 70ms, us: 140ms}\n")
        .replace("    location: {lat: 39.04, lon: -77.49, region: us-east}\n",
            "    location: {lat: 39.04, lon: -77.49, region: us-east}\n    weight: 2.5\n")
        .replace("    location: {lat: 1.35, lon: 103.82, region: ap-southeast}\n",
            "    location: {lat: 1.35, lon: 103.82, region: ap-southeast}\n    weight: 0\n");
    Path file = Files.writeString(dir.resolve("net.yaml"), yaml);

    assertThat(run("shop.cdn.test", "--client", "127.0.3.9", "--config", file.toString()))
        .isZero();

    assertThat(out())
        .containsPattern("\\* us +127\\.0\\.1\\.1 +140\\.0 ms matrix +2\\.5 +56\\.0 ms +healthy")
        .containsPattern("ap +127\\.0\\.3\\.1 +70\\.0 ms matrix +0 +drained +healthy")
        .contains("why: us has the lowest effective cost (56.0 ms) and is healthy")
        .contains("drained: ap (weight 0) gets clients only when no PoP with a weight above 0 is"
            + " healthy")
        .contains("answer: shop.cdn.test. 20 A 127.0.1.1");
  }

  @Test
  void explain_down_listsThePopAsDownAndMovesOn() {
    assertThat(run("shop.cdn.test", "--client", "127.0.2.9", "--down", "eu")).isZero();

    assertThat(out())
        .containsPattern("eu +127\\.0\\.2\\.1 +11\\.0 ms matrix +1 +11\\.0 ms +down")
        .contains("why: us has the lowest effective cost (84.0 ms) of the healthy PoPs; eu ranks"
            + " higher but is down");
  }

  @Test
  void explain_badMatrixInFile_reportedWithItsPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("net.yaml"), NetworkConfigLoader.defaultNetworkYaml()
        .replace("eu-west: {eu: 11ms, us: 84ms}", "eu-west: {eu: -11ms, mars: 84ms}"));

    assertThat(run("shop.cdn.test", "--client", "127.0.2.9", "--config", file.toString()))
        .isEqualTo(ExitCodes.BAD_CONFIG);

    assertThat(err())
        .contains(file + ": dns.latency.eu-west.eu: out of range: an RTT must be a finite number"
            + " of 0 ms or more")
        .contains(file + ": dns.latency.eu-west.mars: unknown PoP \"mars\" (PoPs: us, eu, ap)");
  }

  private int run(String... args) {
    DnsExplainCommand command = new DnsExplainCommand(print(out), print(err));
    return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
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
