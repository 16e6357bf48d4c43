package org.edgecdn.sim.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgecdn.sim.workload.Trace;

/** Hand-made traces for tests: objects named by letters, written as a string. */
final class Traces {

  private Traces() {}

  /**
   * A trace of the letters in {@code sequence} (spaces ignored), each object of the size that
   * {@code sizes} gives for its letter, else {@code defaultSize}.
   */
  static Trace letters(String sequence, long defaultSize, Map<Character, Long> sizes) {
    Map<Character, Integer> ids = new LinkedHashMap<>();
    List<Integer> requests = new ArrayList<>();
    for (char c : sequence.replace(" ", "").toCharArray()) {
      requests.add(ids.computeIfAbsent(c, k -> ids.size()));
    }
    long[] objectSizes = new long[ids.size()];
    ids.forEach((letter, id) -> objectSizes[id] = sizes.getOrDefault(letter, defaultSize));
    return Trace.of(sequence, requests.stream().mapToInt(Integer::intValue).toArray(),
        objectSizes);
  }

  static Trace letters(String sequence, long size) {
    return letters(sequence, size, Map.of());
  }

  /** Whether each request hit, as a string of {@code h} and {@code .}. */
  static String hits(CachePolicy policy, Trace trace) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < trace.length(); i++) {
      out.append(policy.access(i, trace.object(i), trace.size(trace.object(i))) ? 'h' : '.');
    }
    return out.toString();
  }
}
