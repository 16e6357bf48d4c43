package org.edgecdn.loadtest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWorkloadsTest {

  @TempDir
  Path dir;

  @Test
  void trace_keysAndSizes_becomePaths_andBadLinesAreReported() throws IOException {
    Path trace = write("trace.txt", """
        # a comment
        alpha
        beta 2048
        /already/a/path?x=1 10

        gamma,512
        delta 12 extra
        epsilon notanumber
        zeta -5
        """);
    TraceWorkload workload = TraceWorkload.read(trace, TraceWorkload.DEFAULT_TEMPLATE);

    assertThat(uris(workload, 5)).containsExactly("/obj/alpha", "/obj/beta?size=2048",
        "/already/a/path?x=1&size=10", "/obj/gamma?size=512", "/obj/alpha");
    ParseReport report = workload.parseReport();
    assertThat(report.used()).isEqualTo(4);
    assertThat(report.bad()).isEqualTo(3);
    assertThat(report.examples()).containsExactly(
        "line 7: more than two columns: delta 12 extra",
        "line 8: size is not a whole number of bytes: epsilon notanumber",
        "line 9: size is not a whole number of bytes: zeta -5");
  }

  @Test
  void trace_templateWithSize_refusesLinesWithoutOne() throws IOException {
    Path trace = write("trace.txt", "a 10\nb\n");
    TraceWorkload workload = TraceWorkload.read(trace, "/k/{key}/{size}");
    assertThat(workload.next().uri()).isEqualTo("/k/a/10");
    assertThat(workload.parseReport().examples()).containsExactly(
        "line 2: no size, and the path template needs one: b");
  }

  @Test
  void trace_nothingUsable_isAnError_notAnEmptyRun() throws IOException {
    Path trace = write("trace.txt", "a b c\n\n# only junk\n");
    assertThatThrownBy(() -> TraceWorkload.read(trace, TraceWorkload.DEFAULT_TEMPLATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no usable line")
        .hasMessageContaining("line 1: more than two columns");
  }

  @Test
  void accessLog_commonAndCombined_giveMethodAndPath_badLinesReported() throws IOException {
    Path log = write("access.log", """
        127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326
        10.1.2.3 - frank [10/Oct/2000:13:55:37 -0700] "HEAD /a?b=c HTTP/1.1" 304 - "http://r/" "Mozilla/5.0 (X11)"
        10.1.2.3 - - [10/Oct/2000:13:55:38 -0700] "POST /form HTTP/1.1" 200 10 "-" "curl"
        this is not a log line
        10.1.2.3 - - [10/Oct/2000:13:55:39 -0700] "-" 400 0 "-" "-"
        10.1.2.3 - - [10/Oct/2000:13:55:40 -0700] "GET http://example.com/abs?q HTTP/1.1" 200 5
        """);
    AccessLogWorkload workload = AccessLogWorkload.read(log, Set.of("GET", "HEAD"));

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      LoadRequest request = workload.next();
      sent.add(request.method() + " " + request.uri());
    }
    assertThat(sent).containsExactly("GET /apache_pb.gif", "HEAD /a?b=c", "GET /abs?q",
        "GET /apache_pb.gif");
    assertThat(workload.parseReport().bad()).isEqualTo(2);
    assertThat(workload.parseReport().examples().get(0))
        .startsWith("line 4: not common/combined log format");
    assertThat(workload.parseReport().examples().get(1))
        .startsWith("line 5: request is not METHOD TARGET");
    assertThat(workload.describe()).contains("1 lines of other methods skipped");

    AccessLogWorkload all = AccessLogWorkload.read(log, null);
    all.next();
    all.next();
    assertThat(all.next().method()).isEqualTo("POST");
  }

  @Test
  void urlList_inOrderAndRandom_fromSettingsAndFile() throws Exception {
    Path file = write("urls.txt", "http://www.shop.example/a\n/b?c=d\n\nnot a url\n");
    Workload ordered = Workloads.create("urls", WorkloadSettings.of("file", file.toString(),
        "paths", "/x /y"), 1);
    assertThat(uris(ordered, 5)).containsExactly("/x", "/y", "/a", "/b?c=d", "/x");
    assertThat(ordered.parseReport().bad()).isEqualTo(1);

    Workload random = Workloads.create("urls", WorkloadSettings.of("paths", "/1 /2 /3",
        "order", "random"), 9);
    Workload again = Workloads.create("urls", WorkloadSettings.of("paths", "/1 /2 /3",
        "order", "random"), 9);
    assertThat(uris(random, 50)).isEqualTo(uris(again, 50)).contains("/1", "/2", "/3");
  }

  @Test
  void llmPrompts_repeatShare_temperatureZero_reproducible() throws Exception {
    LlmPromptWorkload workload = new LlmPromptWorkload("/v1/chat/completions", "m", 0.3, 8, 11);
    Set<String> seen = new java.util.HashSet<>();
    int reused = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      LoadRequest request = workload.next();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.headers()).containsEntry("Content-Type", "application/json");
      io.vertx.core.json.JsonObject body = request.body().toJsonObject();
      assertThat(body.getInteger("temperature")).isZero();
      assertThat(body.getString("model")).isEqualTo("m");
      if (!seen.add(body.getJsonArray("messages").getJsonObject(0).getString("content"))) {
        reused++;
      }
    }
    assertThat(reused).isEqualTo((int) workload.repeated());
    assertThat((double) reused / n).isBetween(0.28, 0.32);

    LlmPromptWorkload again = new LlmPromptWorkload("/v1/chat/completions", "m", 0.3, 8, 11);
    LlmPromptWorkload first = new LlmPromptWorkload("/v1/chat/completions", "m", 0.3, 8, 11);
    for (int i = 0; i < 100; i++) {
      assertThat(again.next().body()).isEqualTo(first.next().body());
    }
  }

  @Test
  void unknownWorkload_namesTheKnownOnes() {
    assertThatThrownBy(() -> Workloads.create("clicks", WorkloadSettings.of(), 1))
        .hasMessageContaining("unknown workload clicks")
        .hasMessageContaining("zipf");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static List<String> uris(Workload workload, int n) {
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      uris.add(workload.next().uri());
    }
    return uris;
  }
}
