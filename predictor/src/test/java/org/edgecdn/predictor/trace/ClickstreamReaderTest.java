package org.edgecdn.predictor.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickstreamReaderTest {

  private static Clickstream read(String text, int concurrency) throws IOException {
    return ClickstreamReader.read(new BufferedReader(new StringReader(text)), concurrency, 1);
  }

  @Test
  void visitsFormat_oneVisitPerLine_nextInVisitKnown() throws IOException {
    Clickstream trace = read("# comment\n/ /a /b\n/ /c\n", 1);
    assertThat(trace.requests()).extracting(PageRequest::page)
        .containsExactly("/", "/a", "/b", "/", "/c");
    assertThat(trace.visits()).isEqualTo(2);
    assertThat(trace.distinctPages()).isEqualTo(4);
    assertThat(trace.nextInVisit(0).page()).isEqualTo("/a");
    assertThat(trace.nextInVisit(2)).isNull();
  }

  @Test
  void visitsFormat_concurrentVisitors_interleavedButOrderedWithinAVisit() throws IOException {
    Clickstream trace = read("/ /a /b /c\n/x /y /z\n", 2);
    List<String> first = trace.requests().stream().filter(r -> r.visit() == 0)
        .map(PageRequest::page).toList();
    assertThat(first).containsExactly("/", "/a", "/b", "/c");
    assertThat(trace.size()).isEqualTo(7);
  }

  @Test
  void combinedLog_pageViewsOnly_splitByVisitorAndIdleTime() throws IOException {
    String log = String.join("\n",
        "10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" 200 2326 \"-\" \"UA\"",
        "10.0.0.1 - - [10/Oct/2024:13:55:37 +0000] \"GET /app.css HTTP/1.1\" 200 99 \"-\" \"UA\"",
        "10.0.0.2 - - [10/Oct/2024:13:55:38 +0000] \"GET /x HTTP/1.1\" 200 10 \"-\" \"UA\"",
        "10.0.0.1 - - [10/Oct/2024:13:56:00 +0000] \"GET /p?id=1 HTTP/1.1\" 200 500 \"-\" \"UA\"",
        "10.0.0.1 - - [10/Oct/2024:13:56:01 +0000] \"POST /p HTTP/1.1\" 200 5 \"-\" \"UA\"",
        "10.0.0.1 - - [10/Oct/2024:13:56:02 +0000] \"GET /gone HTTP/1.1\" 404 5 \"-\" \"UA\"",
        "10.0.0.1 - - [10/Oct/2024:14:40:00 +0000] \"GET /late HTTP/1.1\" 200 5 \"-\" \"UA\"");
    Clickstream trace = read(log, 1);

    assertThat(trace.requests()).extracting(PageRequest::page)
        .containsExactly("/", "/x", "/p?id=1", "/late");
    assertThat(trace.nextInVisit(0).page()).isEqualTo("/p?id=1");
    assertThat(trace.nextInVisit(2)).isNull();
    assertThat(trace.visits()).isEqualTo(3);
    assertThat(trace.requests().get(0).bytes()).isEqualTo(2326);
  }

  @Test
  void commonLog_detected() {
    assertThat(ClickstreamReader.detect(List.of(
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.html HTTP/1.0\" 200 2326")))
        .isEqualTo(ClickstreamReader.Format.ACCESS_LOG);
    assertThat(ClickstreamReader.detect(List.of("/ /a"))).isEqualTo(
        ClickstreamReader.Format.VISITS);
  }
}
