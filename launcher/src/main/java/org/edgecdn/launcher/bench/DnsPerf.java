package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.launcher.bench.DnsBench.Figures;

/**
 * One run of {@code dnsperf} (DNS-OARC, Debian package {@code dnsperf}) against one server on
 * loopback, and the figures it prints at the end.
 *
 * <p>The query mix is one line per name, sent in turn: the steered edge name, the customer's
 * CNAME name and a name that does not exist. With Client Subnet on, every query carries the
 * EDNS option {@value #ECS_OPTION} (RFC 7871 §6: option 8, family 1, source prefix 24, scope 0,
 * address 127.0.2), which the demo location table places in Europe.
 */
final class DnsPerf {

  /** dnsperf's {@code -E code:hex}: Client Subnet 127.0.2.0/24. */
  static final String ECS_OPTION = "8:000118007f0002";
  /** The client subnet of {@link #ECS_OPTION}, as people write it. */
  static final String ECS_SUBNET = "127.0.2.0/24";
  /** The names queried, each once per turn of the file. */
  static final List<String> QUERIES =
      List.of("shop.cdn.test A", "www.shop.example A", "nope.cdn.test A");
  /** A query still unanswered after this long counts as lost (dnsperf's default is 5 s). */
  static final int QUERY_TIMEOUT_SECONDS = 2;

  private DnsPerf() {}

  /**
   * How hard to push.
   *
   * @param seconds how long to send
   * @param outstanding the most queries in flight ({@code -q})
   * @param qpsLimit queries per second ({@code -Q}), or 0 for as fast as answers come back
   * @param clients the number of client sockets ({@code -c})
   */
  record Load(int seconds, int outstanding, int qpsLimit, int clients) {}

  private static final Pattern SENT = Pattern.compile("Queries sent:\\s+(\\d+)");
  private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
  private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");
  private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
  private static final Pattern AVG = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
  private static final Pattern STDDEV = Pattern.compile("Latency StdDev \\(s\\):\\s+([0-9.]+)");
  private static final Pattern RCODES = Pattern.compile("Response codes:\\s+(.*)");
  private static final Pattern VERSION = Pattern.compile("Version (\\S+)");

  /** Reads the statistics block dnsperf 2.x prints at the end of a run. */
  static Figures parse(String output) {
    return new Figures(
        Long.parseLong(find(SENT, output)),
        Long.parseLong(find(COMPLETED, output)),
        Long.parseLong(find(LOST, output)),
        Double.parseDouble(find(QPS, output)),
        Double.parseDouble(find(AVG, output)) * 1000,
        Double.parseDouble(find(STDDEV, output)) * 1000,
        find(RCODES, output).trim(),
        VERSION.matcher(output).results().map(m -> m.group(1)).findFirst().orElse("?"));
  }

  private static String find(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("dnsperf printed no '"
          + pattern.pattern().replace("\\s+", " ").replace("\\", "") + "' line:\n"
          + tail(output));
    }
    return m.group(1);
  }

  /** Writes the query file dnsperf reads ({@code -d}). */
  static Path writeQueries(Path dir) throws IOException {
    return Files.write(dir.resolve("queries.txt"), QUERIES, StandardCharsets.US_ASCII);
  }

  /**
   * Runs dnsperf against {@code 127.0.0.1:port} and waits for it (at most the run's length plus
   * the query timeout plus some slack; then it is killed and this fails).
   *
   * @param cpu the CPU to pin dnsperf to with {@code taskset}, or -1 for none
   */
  static Figures run(BenchChildren children, Path dir, Path queries, int port, Load load,
      boolean ecs, int cpu) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    command.addAll(List.of("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(port),
        "-d", queries.toString(), "-l", Integer.toString(load.seconds()),
        "-q", Integer.toString(load.outstanding()), "-c", Integer.toString(load.clients()),
        "-t", Integer.toString(QUERY_TIMEOUT_SECONDS)));
    if (load.qpsLimit() > 0) {
      command.addAll(List.of("-Q", Integer.toString(load.qpsLimit())));
    }
    if (ecs) {
      command.addAll(List.of("-E", ECS_OPTION));
    }
    Path log = Files.createTempFile(dir, "dnsperf-", ".txt");
    Process process = children.start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    try {
      long limit = load.seconds() + QUERY_TIMEOUT_SECONDS + 10L;
      if (!process.waitFor(limit, TimeUnit.SECONDS)) {
        throw new IllegalStateException("dnsperf did not finish within " + limit + " s:\n"
            + tail(Files.readString(log)));
      }
    } finally {
      children.stop(process);
    }
    String output = Files.readString(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("dnsperf exited with " + process.exitValue() + " ("
          + String.join(" ", command) + "):\n" + tail(output));
    }
    return parse(output);
  }

  /** The last lines of a tool's output, for an error message. */
  static String tail(String output) {
    List<String> lines = output.strip().lines().toList();
    if (lines.isEmpty()) {
      return "(no output)";
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
