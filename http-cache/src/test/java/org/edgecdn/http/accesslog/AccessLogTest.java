package org.edgecdn.http.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  @Test
  void format_escapesWhatTheClientSent_soALineCannotBeForged() {
    AccessLogEntry odd = new AccessLogEntry(Instant.parse("2026-11-26T10:00:00Z"), "edge-eu",
        "127.0.2.9", "shop", "GET", "/a\"b\\c\td\u007f\n2026 forged", 200, 1, "edge-eu; hit",
        -1, 0);

    assertThat(odd.format()).contains(" GET \"/a\\x22b\\x5Cc\\x09d\\x7F\\x0A2026 forged\" 200 ")
        .doesNotContain("\n");
  }

  @Test
  void escaped_bytesAbove126AsTheClientSentThem_othersAsTheirUtf8() {
    // The request line is decoded byte for byte: U+00E9 is the byte 0xE9 the client sent.
    assertThat(AccessLogEntry.escaped("/caf\u00e9")).isEqualTo("/caf\\xE9");
    assertThat(AccessLogEntry.escaped("/\u20ac")).isEqualTo("/\\xE2\\x82\\xAC");
    assertThat(AccessLogEntry.escaped("/p/1?q=a b")).isEqualTo("/p/1?q=a b");
  }

  @Test
  void format_aMissingPath_isADash_notAFailure() {
    AccessLogEntry connect = new AccessLogEntry(Instant.parse("2026-11-26T10:00:00Z"), "edge-eu",
        "127.0.2.9", "unknown", "CONNECT", null, 400, 0, "edge-eu; detail=bad-request", -1, 0);

    assertThat(connect.format()).contains(" CONNECT \"-\" 400 ");
  }

  @Test
  void aLineIsWrittenWhileTheLogStaysOpen() throws Exception {
    CountDownLatch flushed = new CountDownLatch(1);
    StringWriter text = new StringWriter();
    AccessLog log = new AsyncLineWriter(new Writer() {
      @Override
      public void write(char[] chars, int offset, int length) {
        text.write(chars, offset, length);
      }

      @Override
      public void flush() {
        flushed.countDown();
      }

      @Override
      public void close() {}
    }, "test");
    try {
      log.record(entry("/live", 200));

      // The writer wakes on its own interval (100 ms); the bound only stops a broken build.
      assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(text.toString()).contains("\"/live\"").endsWith("\n");
    } finally {
      log.close();
    }
  }

  @Test
  @Timeout(30)
  void aStuckWriter_neverBlocksTheCaller_andLostLinesAreCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    AccessLog log = new AsyncLineWriter(new Writer() {
      @Override
      public void write(char[] chars, int offset, int length) throws IOException {
        writing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    }, "stuck");
    log.record(entry("/first", 200));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

    int more = AsyncLineWriter.CAPACITY + 100;
    for (int i = 0; i < more; i++) {
      log.record(entry("/p/" + i, 200));
    }

    assertThat(log.dropped()).isEqualTo(100);
    release.countDown();
    log.close();
  }
}
