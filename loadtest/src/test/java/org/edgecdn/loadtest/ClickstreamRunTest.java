package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.edgecdn.loadtest.workload.SiteGraph;
import org.edgecdn.loadtest.workload.Workload;
import org.edgecdn.loadtest.workload.WorkloadSettings;
import org.edgecdn.loadtest.workload.Workloads;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The clickstream against a plain server on loopback, in both models. */
class ClickstreamRunTest {

  private static final String GRAPH = """
      - / 1
      / /products 0.6
      / /about 0.2
      /products /p/1 0.5
      /products /p/2 0.5
      /p/1 / 0.5
      """;

  @TempDir
  Path dir;

  /** What the server saw of one view. */
  record Seen(String visitor, String page, String referer, String dest, String accept) {}

  private Workload workload(Path graph) throws IOException {
    return Workloads.create("clickstream", WorkloadSettings.of("graph", graph.toString(),
        "visitors", "30", "think-ms", "50-150", "site", "http://www.shop.example"), 11);
  }

  @ParameterizedTest
  @ValueSource(strings = {"open", "closed"})
  void views_reachTheServerAsNavigations_sameSeedSameViews(String model) throws IOException {
    Path graph = Files.writeString(dir.resolve("site.graph"), GRAPH);
    Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    try (TestServer server = TestServer.start(request -> {
      seen.add(new Seen(request.getHeader("User-Agent"), request.uri(),
          request.getHeader("Referer"), request.getHeader("Sec-Fetch-Dest"),
          request.getHeader("Accept")));
      request.response().putHeader("Content-Type", "text/html").end("<html></html>");
    })) {
      Pacing pacing = model.equals("open") ? new Pacing.Open(1000) : new Pacing.Closed();
      StreamOptions stream = new StreamOptions("traffic",
          Target.parse(server.url(), "www.shop.example"), workload(graph), pacing, 4, List.of(),
          2);
      long started = System.nanoTime();
      RunResult result = TestServer.run(TestServer.options(stream, Duration.ofSeconds(5))
          .withMaxRequests(400));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.main().answered()).isEqualTo(400);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      // The same seed gives the same views: what the server saw is the workload's first 400.
      Workload again = workload(graph);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        LoadRequest view = again.next();
        expected.add(view.headers().get("User-Agent") + " " + view.uri() + " "
            + view.headers().get("Referer"));
      }
      assertThat(seen.stream().map(s -> s.visitor() + " " + s.page() + " " + s.referer()))
          .containsExactlyInAnyOrderElementsOf(expected);
      SiteGraph truth = SiteGraph.read(graph);
      assertThat(seen).allSatisfy(s -> {
        assertThat(s.dest()).isEqualTo("document");
        assertThat(s.accept()).startsWith("text/html");
        if (s.referer() != null) {
          String from = s.referer().substring("http://www.shop.example".length());
          assertThat(truth.probability(from, s.page())).as("%s -> %s", from, s.page())
              .isPositive();
        }
      });
      assertThat(seen).filteredOn(s -> s.referer() != null).hasSizeGreaterThan(100);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"open", "closed"})
  void run_stopsAtItsDuration(String model) throws IOException {
    Path graph = Files.writeString(dir.resolve("site.graph"), GRAPH);
    try (TestServer server = TestServer.ok()) {
      Pacing pacing = model.equals("open") ? new Pacing.Open(200) : new Pacing.Closed();
      StreamOptions stream = StreamOptions.of("traffic", server.target(), workload(graph),
          pacing, 2);
      long started = System.nanoTime();
      RunResult result = TestServer.run(TestServer.options(stream, Duration.ofMillis(500)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(result.main().answered()).isPositive();
      assertThat(result.main().errorCount()).isZero();
      assertThat(took).isLessThan(Duration.ofSeconds(4));
    }
  }
}
