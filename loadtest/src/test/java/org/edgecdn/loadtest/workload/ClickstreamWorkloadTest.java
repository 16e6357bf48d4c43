package org.edgecdn.loadtest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Visitors walking a graph file: seeded, browsing as browsers do, at the given odds. */
class ClickstreamWorkloadTest {

  /** Home leads to products (0.6) or about (0.1), else the visitor leaves; and so on. */
  static final String GRAPH = """
      # FROM TO PROBABILITY
      -          /          3
      -          /blog      1
      /          /products  0.6
      /          /about     0.1     # 0.3 left: the visitor leaves
      /products  /p/1       0.5
      /products  /p/2       0.25
      /p/1       /products  0.4
      /p/2       /          0.9
      /blog      /          0.5
      """;

  @TempDir
  Path dir;

  static Path graph(Path dir) throws IOException {
    return Files.writeString(dir.resolve("site.graph"), GRAPH);
  }

  private Workload workload(long seed, String... more) throws IOException {
    List<String> settings = new ArrayList<>(List.of("graph", graph(dir).toString(),
        "visitors", "20", "think-ms", "100-300", "site", "http://www.shop.example"));
    settings.addAll(List.of(more));
    return Workloads.create("clickstream", WorkloadSettings.of(settings.toArray(String[]::new)),
        seed);
  }

  @Test
  void seeded_sameSeedSameRequests_otherSeedOthers() throws IOException {
    Workload a = workload(7);
    Workload b = workload(7);
    Workload c = workload(8);
    List<LoadRequest> fromA = new ArrayList<>();
    List<LoadRequest> fromB = new ArrayList<>();
    List<LoadRequest> fromC = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      fromA.add(a.next());
      fromB.add(b.next());
      fromC.add(c.next());
    }

    assertThat(fromA).isEqualTo(fromB);
    assertThat(fromA).isNotEqualTo(fromC);
  }

  @Test
  void views_areNavigations_withAVisitorEach_andASameSiteRefererAfterTheFirst()
      throws IOException {
    Workload workload = workload(1);
    Map<String, String> lastPage = new HashMap<>();
    int withReferer = 0;
    for (int i = 0; i < 2_000; i++) {
      LoadRequest view = workload.next();
      Map<String, String> h = view.headers();
      assertThat(view.method()).isEqualTo("GET");
      assertThat(h).containsEntry("Sec-Fetch-Dest", "document")
          .containsEntry("Sec-Fetch-Mode", "navigate")
          .containsEntry("Accept", ClickstreamWorkload.ACCEPT);
      String visitor = h.get("User-Agent");
      assertThat(visitor).startsWith("Mozilla/5.0 (edgecdn; visitor ");
      String before = lastPage.put(visitor, view.uri());
      if (before == null) {
        assertThat(h).doesNotContainKey("Referer").containsEntry("Sec-Fetch-Site", "none");
      } else {
        withReferer++;
        assertThat(h).containsEntry("Referer", "http://www.shop.example" + before)
            .containsEntry("Sec-Fetch-Site", "same-origin");
      }
    }
    assertThat(withReferer).isGreaterThan(500);
    assertThat(lastPage.size()).isGreaterThan(100);
  }

  @Test
  void transitions_followTheGraphsProbabilities() throws IOException {
    SiteGraph graph = SiteGraph.read(graph(dir));
    Workload workload = workload(3);
    Map<String, String> lastPage = new HashMap<>();
    Map<String, Map<String, Integer>> taken = new HashMap<>();
    Map<String, Integer> entries = new HashMap<>();
    for (int i = 0; i < 60_000; i++) {
      LoadRequest view = workload.next();
      String before = lastPage.put(view.headers().get("User-Agent"), view.uri());
      if (before == null) {
        entries.merge(view.uri(), 1, Integer::sum);
      } else {
        assertThat(graph.probability(before, view.uri())).as("%s -> %s", before, view.uri())
            .isPositive();
        taken.computeIfAbsent(before, k -> new HashMap<>()).merge(view.uri(), 1, Integer::sum);
      }
    }
    int visits = entries.values().stream().mapToInt(Integer::intValue).sum();
    assertThat((double) entries.get("/") / visits).isCloseTo(0.75, within(0.02));
    // Among views that went on from a page, each link's share is its probability over the
    // probability of going on at all.
    for (String from : List.of("/", "/products", "/p/1")) {
      Map<String, Integer> out = taken.get(from);
      int total = out.values().stream().mapToInt(Integer::intValue).sum();
      double goOn = 1 - graph.exit(from);
      out.forEach((to, n) -> assertThat((double) n / total).as("%s -> %s", from, to)
          .isCloseTo(graph.probability(from, to) / goOn, within(0.03)));
    }
    // How often a visit ends on a page: the graph's exit probability.
    int fromHome = taken.get("/").values().stream().mapToInt(Integer::intValue).sum();
    int homeViews = (int) countViews(taken, entries, "/");
    assertThat(1 - (double) fromHome / homeViews).isCloseTo(graph.exit("/"), within(0.03));
  }

  private static long countViews(Map<String, Map<String, Integer>> taken,
      Map<String, Integer> entries, String page) {
    long views = entries.getOrDefault(page, 0);
    for (Map<String, Integer> out : taken.values()) {
      views += out.getOrDefault(page, 0);
    }
    return views;
  }

  @Test
  void visits_areCutAtMaxViews() throws IOException {
    Workload workload = workload(1, "max-views", "2");
    Map<String, Integer> views = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      views.merge(workload.next().headers().get("User-Agent"), 1, Integer::sum);
    }
    assertThat(views.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
  }

  /**
   * Regression: every visitor's whole visit was drawn up front, so a page linking to itself
   * with 200,000 visitors and max-views 10,000 meant 2e9 pages in memory at startup. A visit is
   * now walked a view at a time: each visitor holds its page, not its visit.
   */
  @Test
  void selfLoopingGraph_manyVisitorsAndLongVisits_startAtOnce_walkingAViewAtATime()
      throws IOException {
    Path loop = Files.writeString(dir.resolve("loop.graph"), "- / 1\n/ / 1\n");
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Workload workload = Workloads.create("clickstream", WorkloadSettings.of("graph",
          loop.toString(), "visitors", "200000", "max-views", "10000", "think-ms", "1"), 1);
      Map<String, Integer> views = new HashMap<>();
      for (int i = 0; i < 1_000_000; i++) {
        LoadRequest view = workload.next();
        assertThat(view.uri()).isEqualTo("/");
        views.merge(view.headers().get("User-Agent"), 1, Integer::sum);
      }
      assertThat(views).hasSize(200_000).allSatisfy((visitor, n) -> assertThat(n).isEqualTo(5));
    });
  }

  @Test
  void graphFile_badLinesAndOddsAboveOne_areRefusedWithTheirLine() throws IOException {
    Path noProbability = Files.writeString(dir.resolve("a"), "- / 1\n/ /b\n");
    Path tooLikely = Files.writeString(dir.resolve("b"), "- / 1\n/ /a 0.7\n/ /b 0.6\n");
    Path noEntry = Files.writeString(dir.resolve("c"), "/ /a 0.7\n");

    assertThatThrownBy(() -> SiteGraph.read(noProbability)).hasMessageContaining(":2:");
    assertThatThrownBy(() -> SiteGraph.read(tooLikely)).hasMessageContaining("more than 1");
    assertThatThrownBy(() -> SiteGraph.read(noEntry)).hasMessageContaining("where visits start");
    assertThatThrownBy(() -> Workloads.create("clickstream", WorkloadSettings.of(), 1))
        .hasMessageContaining("graph");
  }
}
