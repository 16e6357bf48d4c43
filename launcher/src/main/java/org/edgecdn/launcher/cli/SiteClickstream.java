package org.edgecdn.launcher.cli;

import java.io.IOException;
import java.util.List;
import org.edgecdn.loadtest.workload.ClickstreamWorkload;
import org.edgecdn.loadtest.workload.Workload;
import org.edgecdn.loadtest.workload.WorkloadSettings;
import org.edgecdn.predictor.synth.SyntheticSite;

/**
 * The clickstream of {@code cdn loadtest}: visitors walking a graph file when one is given
 * ({@code graph}), else the predictor's {@link SyntheticSite} of {@code pages} pages (default
 * {@value #DEFAULT_PAGES}), seeded with the run's seed. The synthetic visits are the site's own
 * walk, the one {@code cdn bench prefetch} replays, so both see the same visitors for the same
 * seed and size; loadtest itself never learns of the predictor.
 *
 * <p><b>Note:</b> the synthetic site's pages are {@code /p/0} ... {@code /p/(pages-1)}; an origin
 * must serve them (the prefetch bench's origin does, the demo shop does not: for it give a
 * graph file of its pages).
 */
final class SiteClickstream {

  static final int DEFAULT_PAGES = 200;

  private SiteClickstream() {}

  /** Settings: those of loadtest's clickstream, or pages instead of graph. */
  static Workload create(WorkloadSettings settings, long seed) throws IOException {
    if (settings.text("graph", null) != null) {
      return ClickstreamWorkload.create(settings, seed);
    }
    int pages = (int) settings.integer("pages", DEFAULT_PAGES, 10, 1_000_000);
    int maxViews = (int) settings.integer("max-views", ClickstreamWorkload.DEFAULT_MAX_VIEWS,
        1, 10_000);
    SyntheticSite site = new SyntheticSite(SyntheticSite.Options.defaults(seed)
        .withPages(pages));
    return new ClickstreamWorkload(() -> {
      List<String> visit = site.visit();
      return visit.subList(0, Math.min(visit.size(), maxViews)).iterator();
    }, "synthetic site /p/0../p/" + (pages - 1) + " (seed " + seed + ")",
        ClickstreamWorkload.Options.of(settings), seed);
  }
}
