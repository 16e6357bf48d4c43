package org.edgecdn.sim.cache;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Least frequently used, counting hits only while an object is cached (in-cache LFU: an evicted
 * object starts again from one). Among equal counts the least recently counted goes first. Admits
 * every miss: unlike W-TinyLFU it has no history of objects it does not hold, so it cannot tell
 * a newcomer worth keeping from a one-off.
 */
final class LfuPolicy implements CachePolicy {

  private static final class Entry {
    final long size;
    int count = 1;

    Entry(long size) {
      this.size = size;
    }
  }

  private final long budget;
  private final Map<Integer, Entry> entries = new HashMap<>();
  /** Count to the objects at that count, least recently counted first. */
  private final TreeMap<Integer, LinkedHashSet<Integer>> byCount = new TreeMap<>();
  private long used;

  LfuPolicy(long budget) {
    this.budget = budget;
  }

  @Override
  public boolean access(int index, int object, long size) {
    Entry entry = entries.get(object);
    if (entry != null) {
      bucket(entry.count).remove(object);
      dropIfEmpty(entry.count);
      entry.count++;
      bucket(entry.count).add(object);
      return true;
    }
    // Evict first, so that the newcomer (count 1, the lowest) is not its own victim.
    while (used + size > budget) {
      Map.Entry<Integer, LinkedHashSet<Integer>> lowest = byCount.firstEntry();
      Iterator<Integer> oldest = lowest.getValue().iterator();
      used -= entries.remove(oldest.next()).size;
      oldest.remove();
      dropIfEmpty(lowest.getKey());
    }
    entries.put(object, new Entry(size));
    bucket(1).add(object);
    used += size;
    return false;
  }

  @Override
  public long weightedBytes() {
    return used;
  }

  private LinkedHashSet<Integer> bucket(int count) {
    return byCount.computeIfAbsent(count, c -> new LinkedHashSet<>());
  }

  private void dropIfEmpty(int count) {
    LinkedHashSet<Integer> bucket = byCount.get(count);
    if (bucket != null && bucket.isEmpty()) {
      byCount.remove(count);
    }
  }
}
