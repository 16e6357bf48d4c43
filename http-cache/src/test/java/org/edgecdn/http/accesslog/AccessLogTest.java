package org.edgecdn.http.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {

  private static AccessLogEntry entry(String path, int status) {
    return new AccessLogEntry(Instant.parse("2026-11-26T10:00:00Z"), "edge-eu", "127.0.2.9",
        "shop", "GET", path, status, 1234, "edge-eu; fwd=bypass; fwd-status=" + status, 12, 15);
  }

  @Test
  void toFile_writesOneLinePerRequest_inOrder_byClose(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs/access.log");
    AccessLog log = AccessLog.toFile(file);

    for (int i = 0; i < 500; i++) {
      log.record(entry("/p/" + i, 200));
    }
    log.close();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(500);
    assertThat(lines.get(0)).isEqualTo("2026-11-26T10:00:00Z edge-eu 127.0.2.9 shop GET \"/p/0\" "
        + "200 1234 \"edge-eu; fwd=bypass; fwd-status=200\" upstream_ms=12 total_ms=15");
    assertThat(lines.get(499)).contains("\"/p/499\"");
  }

  @Test
  void toFile_appendsToAnExistingLog(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "earlier line\n");

    AccessLog log = AccessLog.toFile(file);
    log.record(entry("/", 404));
    log.close();

    assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("earlier line");
  }

  @Test
  void format_marksAMissingUpstreamTime() {
    AccessLogEntry refused = new AccessLogEntry(Instant.parse("2026-11-26T10:00:00Z"), "edge-eu",
        "127.0.2.9", "unknown", "GET", "/", 421, 80, "edge-eu; detail=unknown-host", -1, 0);

    assertThat(refused.format()).endsWith("upstream_ms=- total_ms=0");
  }
}
