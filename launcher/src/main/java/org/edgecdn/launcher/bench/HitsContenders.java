package org.edgecdn.launcher.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The servers {@code bench hits} compares, each started as a process of its own from a
 * configuration written at run time into the bench's scratch directory, listening on 127.0.0.1
 * only, with the same origin behind it:
 *
 * <ul>
 *   <li>our edge, {@code cdn edge} forked from this jar (see {@link #forkEdge}), and edge eu of
 *       a whole {@code cdn up} network forked from it ({@link #forkNetwork});</li>
 *   <li>nginx with {@code proxy_cache}: 2 workers, the cache's files on tmpfs, access log off,
 *       upstream keep-alive ({@link #nginxConf}); a second row adds {@code open_file_cache},
 *       which the file cache uses to keep its files open;</li>
 *   <li>Varnish with {@code malloc} storage ({@link #varnishVcl}).</li>
 * </ul>
 *
 * Each adds a cache-status header as our edge does, so every row writes one extra field.
 */
final class HitsContenders {

  static final String NGINX = "nginx";
  static final String VARNISHD = "varnishd";
  /** How long a server has to start answering. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private HitsContenders() {}

  /**
   * A server under test.
   *
   * @param label its name in the table ({@code edge}, {@code nginx}, ...)
   * @param host the address wrk connects to
   * @param port its traffic port
   * @param process the process whose tree's CPU counts
   * @param version what it is, for the report
   * @param startMillis from starting the process to ready (listening; for an edge, its cache
   *     trusted)
   */
  record Contender(String label, String host, int port, Process process, String version,
      long startMillis) {
    String url(String path) {
      return "http://" + host + ":" + port + path;
    }
  }

  /**
   * nginx's configuration: {@code proxy_cache} in a keys zone, the cached files in
   * {@code cacheDir} (on tmpfs: memory), 2 workers, keep-alive both ways; no access log, or one
   * in {@code logDir} buffered as an operator who cares about speed runs it (64 KiB, flushed at
   * least every second).
   *
   * @param asRoot run the workers as root, so they can use the private scratch directory (when
   *     nginx starts as root it otherwise drops them to an unprivileged user)
   */
  static String nginxConf(Path dir, Path cacheDir, int port, int originPort,
      boolean openFileCache, Optional<Path> logDir, boolean asRoot) {
    String accessLog = logDir.map(logs -> logs.resolve("nginx-" + port + "-access.log")
        + " combined buffer=64k flush=1s").orElse("off");
    String files = openFileCache ? """
              open_file_cache max=10000 inactive=60s;
              open_file_cache_valid 60s;
              open_file_cache_min_uses 1;
              open_file_cache_errors on;
        """ : "";
    return """
        # Written by `cdn bench hits`; deleted at the end of the run.
        %1$sworker_processes 2;
        daemon off;
        master_process on;
        pid %2$s/nginx-%3$d.pid;
        error_log %2$s/nginx-%3$d-error.log warn;
        worker_rlimit_nofile 16384;
        events {
          worker_connections 4096;
        }
        http {
          access_log %7$s;
          sendfile on;
          tcp_nopush on;
          tcp_nodelay on;
          keepalive_timeout 75s;
          keepalive_requests 100000000;
          client_body_temp_path %2$s/nginx-%3$d-body;
          proxy_temp_path %2$s/nginx-%3$d-proxy;
          fastcgi_temp_path %2$s/nginx-%3$d-fastcgi;
          uwsgi_temp_path %2$s/nginx-%3$d-uwsgi;
          scgi_temp_path %2$s/nginx-%3$d-scgi;
          proxy_cache_path %4$s levels=1:2 keys_zone=hits:16m max_size=1g inactive=1h
              use_temp_path=off;
          upstream origin {
            server 127.0.0.1:%5$d;
            keepalive 32;
          }
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://origin;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_cache hits;
              proxy_cache_lock on;
              add_header Cache-Status "nginx; $upstream_cache_status";
        %6$s    }
          }
        }
        """.formatted(asRoot ? "user root;\n" : "", dir, port, cacheDir, originPort, files,
            accessLog);
  }

  /** Varnish's VCL: the origin as its one backend, and a cache-status header on the way out. */
  static String varnishVcl(int originPort) {
    return """
        # Written by `cdn bench hits`; deleted at the end of the run.
        vcl 4.1;

        backend origin {
          .host = "127.0.0.1";
          .port = "%d";
        }

        sub vcl_deliver {
          if (obj.hits > 0) {
            set resp.http.Cache-Status = "varnish; hit";
          } else {
            set resp.http.Cache-Status = "varnish; fwd=miss";
          }
        }
        """.formatted(originPort);
  }

  /** Writes nginx's configuration into {@code dir}, starts nginx pinned to {@code cpu}. */
  static Contender startNginx(BenchChildren children, String label, Path cacheRoot, int port,
      int originPort, boolean openFileCache, Optional<Path> logDir, int cpu)
      throws IOException, InterruptedException {
    Path dir = children.dir();
    Path cacheDir = Files.createDirectories(cacheRoot.resolve("nginx-" + port));
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    Path conf = Files.writeString(dir.resolve("nginx-" + port + ".conf"),
        nginxConf(dir, cacheDir, port, originPort, openFileCache, logDir, asRoot),
        StandardCharsets.US_ASCII);
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    // -e: the error log from the start, before the configuration is read (nginx 1.19.5+).
    command.addAll(List.of(NGINX, "-p", dir.toString(), "-c", conf.toString(),
        "-e", dir.resolve("nginx-" + port + "-error.log").toString()));
    return start(children, label, command, dir.resolve("nginx-" + port + ".out"), port,
        version(children, List.of(NGINX, "-v")));
  }

  /** Writes the VCL into {@code dir}, starts varnishd in the foreground pinned to {@code cpu}. */
  static Contender startVarnish(BenchChildren children, int port, int originPort, int cpu)
      throws IOException, InterruptedException {
    Path dir = children.dir();
    Path vcl = Files.writeString(dir.resolve("bench.vcl"), varnishVcl(originPort),
        StandardCharsets.US_ASCII);
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    // -F: foreground, a child of ours; -j none: no privilege separation, so the scratch
    // directory stays private; -n: its working directory there, not the system's.
    command.addAll(List.of(VARNISHD, "-F", "-j", "none", "-n", dir.resolve("varnish").toString(),
        "-a", "127.0.0.1:" + port, "-T", "none", "-f", vcl.toString(),
        "-s", "malloc,1g"));
    String version = version(children, List.of(VARNISHD, "-V"));
    return start(children, "varnish", command, dir.resolve("varnish.out"), port, version);
  }

  /**
   * Forks {@code cdn edge --config configFile --name pop} from {@code jar}, pinned to
   * {@code cpu}, and waits until its admin port says its cache is trusted (it has caught up with
   * the cluster's purges).
   */
  static Contender forkEdge(BenchChildren children, String label, Path jar, List<String> jvmArgs,
      Path configFile, String pop, String host, int port, int adminPort, int cpu)
      throws IOException, InterruptedException {
    return forkNodes(children, label, jar, jvmArgs, List.of("edge", "--config",
        configFile.toString(), "--name", pop), host, port, adminPort, cpu);
  }

  /**
   * Forks {@code cdn up --config configFile --no-rate-limits} from {@code jar}: the whole
   * network (every edge, the shield, the DNS server) in one JVM pinned to {@code cpu}, as the
   * issue's goal is stated; ready when the edge at {@code adminPort} says its cache is trusted.
   */
  static Contender forkNetwork(BenchChildren children, String label, Path jar,
      List<String> jvmArgs, Path configFile, String host, int port, int adminPort, int cpu)
      throws IOException, InterruptedException {
    return forkNodes(children, label, jar, jvmArgs, List.of("up", "--config",
        configFile.toString(), "--no-rate-limits"), host, port, adminPort, cpu);
  }

  /** Forks {@code cdn <cdnArgs>} and waits for the edge at {@code adminPort} to be ready. */
  private static Contender forkNodes(BenchChildren children, String label, Path jar,
      List<String> jvmArgs, List<String> cdnArgs, String host, int port, int adminPort, int cpu)
      throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(DnsTools.pinned(cpu));
    command.add(javaBin);
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(cdnArgs);
    Path out = children.dir().resolve(label + ".out");
    long started = System.nanoTime();
    Process process = children.start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    long until = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      Answer health = Answer.NONE;
      try {
        health = get(host, adminPort, "/healthz", host, Duration.ofSeconds(2));
      } catch (IOException notYet) {
        // not listening yet
      }
      if (health.body().replace(" ", "").contains("\"cache_trusted\":true")) {
        break;
      }
      if (!process.isAlive() || System.nanoTime() > until) {
        children.stop(process);
        throw new IllegalStateException(label + " (" + String.join(" ", command) + ") did not "
            + "become ready:\n" + DnsPerf.tail(readQuietly(out)));
      }
      Thread.sleep(100);
    }
    return new Contender(label, host, port, process, "edgecdn " + jar.getFileName(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static Contender start(BenchChildren children, String label, List<String> command,
      Path out, int port, String version) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Process process = children.start(new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    awaitListening(port, process::isAlive, () -> {
      children.stop(process);
      return label + " (" + String.join(" ", command) + ") did not start:\n"
          + DnsPerf.tail(readQuietly(out));
    });
    return new Contender(label, "127.0.0.1", port, process, version,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void awaitListening(int port, BooleanSupplier alive,
      java.util.function.Supplier<String> failure) throws InterruptedException {
    long until = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!alive.getAsBoolean() || System.nanoTime() > until) {
          throw new IllegalStateException(failure.get());
        }
        Thread.sleep(50);
      }
    }
  }

  private static String version(BenchChildren children, List<String> command) {
    try {
      Process p = children.start(new ProcessBuilder(command).redirectErrorStream(true));
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      children.stop(p);
      return text.lines().findFirst().orElse(command.get(0)).trim();
    } catch (IOException e) {
      return command.get(0);
    }
  }

  static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** One HTTP/1.1 answer read whole: status line, head and body. */
  record Answer(int status, String head, byte[] bodyBytes) {
    static final Answer NONE = new Answer(0, "", new byte[0]);

    String body() {
      return new String(bodyBytes, StandardCharsets.UTF_8);
    }

    /** The first value of response field {@code name} (case-insensitive), or null. */
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
    }
  }

  /**
   * GET {@code path} with Host {@code hostHeader} on a connection of its own (closed after):
   * for readiness, warming and checks, where a whole HTTP client would be more to trust.
   */
  static Answer get(String host, int port, String path, String hostHeader, Duration timeout)
      throws IOException {
    return get(host, port, path, hostHeader, null, timeout);
  }

  /** As above, with one more field line ({@code name: value}) when {@code field} is not null. */
  static Answer get(String host, int port, String path, String hostHeader, String field,
      Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
          + (field == null ? "" : "\r\n" + field)
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      byte[] bytes = all.toByteArray();
      int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (end < 0) {
        throw new IOException("no HTTP head from " + host + ":" + port + path);
      }
      String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      String[] statusLine = head.lines().findFirst().orElse("").split(" ");
      int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
      byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
      Answer answer = new Answer(status, head, body);
      if ("chunked".equalsIgnoreCase(answer.header("Transfer-Encoding"))) {
        return new Answer(status, head, dechunk(body));
      }
      return answer;
    }
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, at, body.length),
          "\r\n".getBytes(StandardCharsets.US_ASCII));
      if (lineEnd < 0) {
        break;
      }
      String size = new String(body, at, lineEnd, StandardCharsets.US_ASCII).split(";")[0].trim();
      int length = Integer.parseInt(size, 16);
      at += lineEnd + 2;
      if (length == 0) {
        break;
      }
      out.write(body, at, Math.min(length, body.length - at));
      at += length + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
