package org.edgecdn.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PowerDNS Authoritative (Debian {@code pdns-server} with {@code pdns-backend-bind}) serving the
 * same names as our server, from a throwaway config directory, on 127.0.0.1 only.
 *
 * <h2>What it serves</h2>
 * Two zones in BIND format, with the records our server gives the demo network, except that
 * the steered names are static: PowerDNS has no geo backend here, so {@code shop.cdn.test} and
 * the apex {@code shop.example} always answer {@value #STATIC_EDGE}, the address our server
 * gives a client in {@link DnsPerf#ECS_SUBNET}.
 * <pre>
 *   cdn.test.          SOA ns1.cdn.test. hostmaster.cdn.test. 1 3600 600 1209600 ttl; NS ns1
 *   ns1.cdn.test.      A     127.0.0.1
 *   shop.cdn.test.     A     127.0.2.1                  (ttl)
 *   shop.example.      SOA, NS as above; A 127.0.2.1  (ttl)
 *   www.shop.example.  CNAME shop.cdn.test.            (ttl; PowerDNS follows it across zones)
 * </pre>
 *
 * <h2>Settings</h2>
 * Packet cache on (the default), no daemon, no guardian, no syslog, no web server or API, no
 * security poll (it would query the Internet), the control socket in the config directory,
 * default threads. With Client Subnet on, {@code edns-subnet-processing=yes}, so that PowerDNS
 * too reads the option and echoes it (with scope 0), as our server does (with a scope).
 */
final class DnsPowerDns {

  static final String STATIC_EDGE = "127.0.2.1";
  /** How long PowerDNS has to start answering. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final Path log;
  private final int port;

  private DnsPowerDns(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  int port() {
    return port;
  }

  Process process() {
    return process;
  }

  /**
   * Writes the configuration into {@code dir}, starts {@code pdns_server} (pinned to {@code cpu}
   * unless it is -1) and waits until it answers.
   */
  static DnsPowerDns start(BenchChildren children, Path dir, int port, long ttlSeconds, boolean ecs,
      int cpu) throws IOException, InterruptedException {
    writeConfig(dir, port, ttlSeconds, ecs);
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    command.addAll(List.of(DnsTools.PDNS_SERVER, "--config-dir=" + dir));
    Path log = dir.resolve("pdns.log");
    Process process = children.start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    DnsPowerDns pdns = new DnsPowerDns(process, log, port);
    try {
      DnsProbe.awaitAnswer(port, START_TIMEOUT, process::isAlive);
    } catch (IllegalStateException e) {
      children.stop(process);
      throw pdns.startFailure(e);
    }
    return pdns;
  }

  /** Why PowerDNS did not come up, naming the package to install when its backend is missing. */
  private IllegalStateException startFailure(IllegalStateException cause) {
    String output;
    try {
      output = Files.readString(log);
    } catch (IOException e) {
      output = "(no log: " + e.getMessage() + ")";
    }
    String lower = output.toLowerCase(Locale.ROOT);
    if (lower.contains("unable to find backend") || lower.contains("libbindbackend")) {
      return new DnsBench.MissingToolException("bench dns: PowerDNS has no bind backend; run: "
          + DnsTools.installLine(Set.of("pdns-backend-bind")));
    }
    return new IllegalStateException("PowerDNS on 127.0.0.1:" + port + " did not start: "
        + cause.getMessage() + "\n" + DnsPerf.tail(output), cause);
  }

  private static void writeConfig(Path dir, int port, long ttl, boolean ecs) throws IOException {
    write(dir.resolve("pdns.conf"), """
        # Written by `cdn bench dns`; deleted at the end of the run.
        launch=bind
        bind-config=%1$s/named.conf
        local-address=127.0.0.1
        local-port=%2$d
        socket-dir=%1$s
        daemon=no
        guardian=no
        disable-syslog=yes
        loglevel=3
        log-dns-queries=no
        query-logging=no
        webserver=no
        api=no
        security-poll-suffix=
        edns-subnet-processing=%3$s
        """.formatted(dir, port, ecs ? "yes" : "no"));
    write(dir.resolve("named.conf"), """
        options { directory "%1$s"; };
        zone "cdn.test" { type master; file "%1$s/cdn.test.zone"; };
        zone "shop.example" { type master; file "%1$s/shop.example.zone"; };
        """.formatted(dir));
    String soa = """
        $TTL 3600
        @ IN SOA ns1.cdn.test. hostmaster.cdn.test. 1 3600 600 1209600 %d
        @ IN NS ns1.cdn.test.
        """.formatted(ttl);
    write(dir.resolve("cdn.test.zone"), "$ORIGIN cdn.test.\n" + soa + """
        ns1 IN A 127.0.0.1
        shop %d IN A %s
        """.formatted(ttl, STATIC_EDGE));
    write(dir.resolve("shop.example.zone"), "$ORIGIN shop.example.\n" + soa + """
        @ %1$d IN A %2$s
        www %1$d IN CNAME shop.cdn.test.
        """.formatted(ttl, STATIC_EDGE));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }
}
