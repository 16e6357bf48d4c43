package org.edgecdn.sim.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A byte-bounded queue on a {@link LinkedHashMap}: admits every miss, then evicts from the head
 * until the budget holds again. The map's order makes the policy: access order is LRU,
 * insertion order is FIFO.
 */
abstract class LinkedMapPolicy implements CachePolicy {

  private final long budget;
  private final LinkedHashMap<Integer, Long> entries;
  private long used;

  LinkedMapPolicy(long budget, boolean accessOrder) {
    this.budget = budget;
    this.entries = new LinkedHashMap<>(16, 0.75f, accessOrder);
  }

  @Override
  public boolean access(int index, int object, long size) {
    if (entries.get(object) != null) { // in access order, get moves it to the tail
      return true;
    }
    entries.put(object, size);
    used += size;
    Iterator<Map.Entry<Integer, Long>> oldest = entries.entrySet().iterator();
    while (used > budget) { // never evicts the newcomer: it is at the tail and fits alone
      used -= oldest.next().getValue();
      oldest.remove();
    }
    return false;
  }

  @Override
  public long weightedBytes() {
    return used;
  }
}
