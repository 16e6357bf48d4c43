package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code wrk} (Debian package {@code wrk}, 4.x) against one URL on loopback: a closed
 * model, each connection sending its next request when the previous answer is in, so it finds a
 * server's peak throughput. {@code --latency} adds the percentiles this reads.
 *
 * <p>wrk's own CPU time is read from this JVM's {@code cutime + cstime} (the CPU of children it
 * has waited for, {@code proc(5)}): the difference across one run is that run's wrk alone,
 * since no other child of this JVM ends meanwhile.
 */
final class Wrk {

  static final String WRK = "wrk";

  /**
   * A Lua script that gives every request a target of its own ({@code <prefix><n>}), so a cache
   * never holds what is asked: each request is a miss. The prefix is the script's argument.
   */
  static final String UNIQUE_URLS_SCRIPT = """
      -- Written by `cdn bench hits`: every request asks for a URL never asked before.
      local prefix = "/miss/"
      local n = 0
      init = function(args)
        prefix = args[1]
      end
      request = function()
        n = n + 1
        return wrk.format("GET", prefix .. n)
      end
      """;

  private Wrk() {}

  /**
   * What to send.
   *
   * @param url the whole URL; wrk connects to its host and port
   * @param host the Host header sent (the site's domain), or null for the URL's
   * @param threads wrk threads ({@code -t})
   * @param connections connections kept open ({@code -c})
   * @param seconds how long ({@code -d})
   * @param script a Lua script ({@code -s}) and its argument, or null
   * @param scriptArg the script's argument, or null
   */
  record Load(String url, String host, int threads, int connections, int seconds, Path script,
      String scriptArg, String header) {}

  /**
   * What wrk reports for one run.
   *
   * @param requests requests completed
   * @param seconds the run's length as wrk measured it
   * @param perSecond requests per second
   * @param p50Micros median latency, microseconds
   * @param p99Micros 99th percentile latency, microseconds
   * @param errors socket errors (connect, read, write, timeout) and non-2xx/3xx answers
   */
  record Figures(long requests, double seconds, double perSecond, double p50Micros,
      double p99Micros, long errors) {}

  /** One run: the figures and what wrk itself cost. */
  record Measured(Figures figures, double wrkCpuSeconds) {}

  private static final Pattern REQUESTS =
      Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m|h)");
  private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P50 = Pattern.compile("\\n\\s*50%\\s+([0-9.]+)(us|ms|s|m|h)");
  private static final Pattern P99 = Pattern.compile("\\n\\s*99%\\s+([0-9.]+)(us|ms|s|m|h)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  /** Reads what {@code wrk --latency} prints at the end of a run. */
  static Figures parse(String output) {
    Matcher requests = find(REQUESTS, output);
    long errors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int group = 1; group <= 4; group++) {
        errors += Long.parseLong(socket.group(group));
      }
    }
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher p50 = find(P50, output);
    Matcher p99 = find(P99, output);
    return new Figures(Long.parseLong(requests.group(1)),
        micros(requests.group(2), requests.group(3)) / 1e6,
        Double.parseDouble(find(PER_SECOND, output).group(1)),
        micros(p50.group(1), p50.group(2)), micros(p99.group(1), p99.group(2)), errors);
  }

  /** A wrk duration ({@code 580.00us}, {@code 1.02ms}, {@code 4.00s}) in microseconds. */
  static double micros(String number, String unit) {
    double value = Double.parseDouble(number);
    return switch (unit) {
      case "us" -> value;
      case "ms" -> value * 1e3;
      case "s" -> value * 1e6;
      case "m" -> value * 60e6;
      case "h" -> value * 3600e6;
      default -> throw new IllegalArgumentException("unknown wrk time unit " + unit);
    };
  }

  private static Matcher find(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("wrk printed no '" + pattern.pattern() + "':\n"
          + DnsPerf.tail(output));
    }
    return m;
  }

  /** The command line for {@code load}, pinned to {@code cpu} (-1: not pinned). */
  static List<String> command(Load load, int cpu) {
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    command.addAll(List.of(WRK, "-t", Integer.toString(load.threads()),
        "-c", Integer.toString(load.connections()), "-d", load.seconds() + "s", "--latency",
        "--timeout", "5s"));
    if (load.host() != null) {
      command.addAll(List.of("-H", "Host: " + load.host()));
    }
    if (load.header() != null) {
      command.addAll(List.of("-H", load.header()));
    }
    if (load.script() != null) {
      command.addAll(List.of("-s", load.script().toString()));
    }
    command.add(load.url());
    if (load.scriptArg() != null) {
      command.addAll(List.of("--", load.scriptArg()));
    }
    return command;
  }

  /** Writes {@link #UNIQUE_URLS_SCRIPT} into {@code dir}. */
  static Path writeUniqueUrlsScript(Path dir) throws IOException {
    return Files.writeString(dir.resolve("unique-urls.lua"), UNIQUE_URLS_SCRIPT,
        StandardCharsets.US_ASCII);
  }

  /**
   * Runs wrk and waits for it (at most its length plus 20 s; then it is killed and this fails).
   */
  static Measured run(BenchChildren children, Load load, int cpu)
      throws IOException, InterruptedException {
    List<String> command = command(load, cpu);
    Path log = Files.createTempFile(children.dir(), "wrk-", ".txt");
    long cpuBefore = ProcStat.waitedChildrenTicks();
    Process process = children.start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    try {
      long limit = load.seconds() + 20L;
      if (!process.waitFor(limit, TimeUnit.SECONDS)) {
        throw new IllegalStateException("wrk did not finish within " + limit + " s:\n"
            + DnsPerf.tail(Files.readString(log)));
      }
    } finally {
      children.stop(process);
    }
    double wrkCpu = ProcStat.seconds(ProcStat.waitedChildrenTicks() - cpuBefore);
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("wrk exited with " + process.exitValue() + " ("
          + String.join(" ", command) + "):\n" + DnsPerf.tail(output));
    }
    return new Measured(parse(output), wrkCpu);
  }

  /** wrk's version line, e.g. {@code wrk debian/4.1.0-3+b2 [epoll]}. */
  static String version(BenchChildren children) {
    try {
      Process p = children.start(new ProcessBuilder(WRK, "-v").redirectErrorStream(true));
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      children.stop(p);
      return text.lines().findFirst().map(line -> line.replace("Copyright (C) 2012 Will Glozer",
          "").trim()).orElse("wrk");
    } catch (IOException e) {
      return "wrk (version unknown: " + e.getMessage() + ")";
    }
  }

  /** One line saying what to install when wrk is not on PATH. */
  static Optional<String> missing() {
    return DnsTools.find(WRK).isPresent() ? Optional.empty()
        : Optional.of(String.format(Locale.ROOT, "bench hits: %s not found on PATH; it is the "
            + "load generator, nothing runs without it; run: apt-get install wrk", WRK));
  }
}
