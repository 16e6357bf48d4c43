package org.edgecdn.predictor.trace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Page views in the order they reached the edge, several visits interleaved, with each view's
 * successor in its own visit precomputed (what an oracle would know).
 */
public final class Clickstream {

  private final List<PageRequest> requests;
  private final int[] next;
  private final Map<String, Long> pageBytes = new HashMap<>();
  private final int visits;

  public Clickstream(List<PageRequest> requests) {
    this.requests = List.copyOf(requests);
    this.next = new int[requests.size()];
    Arrays.fill(next, -1);
    Map<Integer, Integer> lastOfVisit = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      PageRequest r = requests.get(i);
      pageBytes.put(r.page(), r.bytes());
      Integer last = lastOfVisit.put(r.visit(), i);
      if (last != null) {
        next[last] = i;
      }
    }
    this.visits = lastOfVisit.size();
  }

  public List<PageRequest> requests() {
    return requests;
  }

  /** The next view of the same visit after view {@code i}, or null when the visit ends. */
  public PageRequest nextInVisit(int i) {
    return next[i] < 0 ? null : requests.get(next[i]);
  }

  public int distinctPages() {
    return pageBytes.size();
  }

  /** The size of {@code page} as the trace last saw it, empty for a page it never saw. */
  public Optional<Long> bytesOf(String page) {
    return Optional.ofNullable(pageBytes.get(page));
  }

  public int visits() {
    return visits;
  }

  public int size() {
    return requests.size();
  }
}
