package org.edgecdn.predictor.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns whole visits (one list of pages each) into the request stream an edge sees: up to
 * {@code concurrency} visits in progress at once, each step one of them (chosen at random,
 * seeded) viewing its next page, a new visit starting when one ends. Without this a visit's
 * next page would always follow it at once, which flatters prefetching: in real traffic other
 * visitors' requests come between and compete for the cache.
 */
public final class VisitInterleaver {

  /** Sizes of pages, when a format gives none. */
  public interface PageSizes {
    long bytes(String page);
  }

  private VisitInterleaver() {}

  public static Clickstream interleave(List<List<String>> visits, int concurrency, long seed,
      PageSizes sizes) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> active = new ArrayList<>();
    List<PageRequest> out = new ArrayList<>();
    int started = 0;
    long time = 0;
    while (started < visits.size() || !active.isEmpty()) {
      while (active.size() < concurrency && started < visits.size()) {
        if (!visits.get(started).isEmpty()) {
          active.add(new int[] {started, 0});
        }
        started++;
      }
      if (active.isEmpty()) {
        break;
      }
      int pick = random.nextInt(active.size());
      int[] cursor = active.get(pick);
      String page = visits.get(cursor[0]).get(cursor[1]++);
      out.add(new PageRequest(cursor[0], page, sizes.bytes(page), time));
      time += 1000;
      if (cursor[1] >= visits.get(cursor[0]).size()) {
        active.set(pick, active.get(active.size() - 1));
        active.remove(active.size() - 1);
      }
    }
    return new Clickstream(out);
  }
}
