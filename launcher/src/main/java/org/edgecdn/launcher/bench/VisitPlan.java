package org.edgecdn.launcher.bench;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgecdn.loadtest.workload.ClickstreamWorkload;
import org.edgecdn.predictor.synth.SyntheticSite;

/**
 * The visitors of a prefetch benchmark, decided before it runs so both runs (prefetch off, then
 * on) replay the same ones: whole visits walking the synthetic site's graph with its true
 * probabilities ({@link SyntheticSite#visits}), cut at {@code maxViews} page views in all, and a
 * think time before each view after the first. Seeded: the same site options and seed give the
 * same plan.
 *
 * <p>Each visit is its own visitor (a User-Agent of its own), and each of its page views is a
 * browser navigation with, from the second view on, a same-site {@code Referer}: the headers
 * of loadtest's clickstream ({@link ClickstreamWorkload#navigation}), so the bench and
 * {@code cdn loadtest --workload clickstream} browse alike.
 */
final class VisitPlan {

  /**
   * One visitor's visit.
   *
   * @param thinkMillis the pause before each view (0 before the first)
   */
  record Visit(int index, List<String> pages, List<Integer> thinkMillis) {
    Visit {
      pages = List.copyOf(pages);
      thinkMillis = List.copyOf(thinkMillis);
    }

    /** The headers of view {@code step}, on the site named {@code host}. */
    MultiMap headers(int step, String host) {
      String referer = step == 0 ? null : "http://" + host + pages.get(step - 1);
      return MultiMap.caseInsensitiveMultiMap().set("Host", host)
          .addAll(ClickstreamWorkload.navigation(index, referer));
    }
  }

  private final List<Visit> visits;
  private final int views;

  private VisitPlan(List<Visit> visits) {
    this.visits = List.copyOf(visits);
    this.views = visits.stream().mapToInt(v -> v.pages().size()).sum();
  }

  /**
   * Visits of {@code site} until {@code maxViews} page views, the last one cut short if need
   * be, with think times uniform in [{@code minThinkMillis}, {@code maxThinkMillis}].
   */
  static VisitPlan of(SyntheticSite site, int maxViews, int minThinkMillis, int maxThinkMillis,
      long seed) {
    if (maxViews < 1 || minThinkMillis < 0 || maxThinkMillis < minThinkMillis) {
      throw new IllegalArgumentException("views must be at least 1 and think times a range");
    }
    SplittableRandom think = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Visit> visits = new ArrayList<>();
    int planned = 0;
    while (planned < maxViews) {
      List<String> pages = site.visit();
      pages = pages.subList(0, Math.min(pages.size(), maxViews - planned));
      List<Integer> pauses = new ArrayList<>(pages.size());
      for (int step = 0; step < pages.size(); step++) {
        pauses.add(step == 0 ? 0 : think.nextInt(minThinkMillis, maxThinkMillis + 1));
      }
      visits.add(new Visit(visits.size(), pages, pauses));
      planned += pages.size();
    }
    return new VisitPlan(visits);
  }

  List<Visit> visits() {
    return visits;
  }

  int views() {
    return views;
  }
}
