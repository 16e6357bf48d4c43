package org.edgecdn.predictor.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * At most {@code capacity} successor tables, one per context. While there is room every new
 * context is admitted. When full, a new context must have been seen at least twice recently
 * (its {@link FrequencySketch} estimate) and more often than a victim chosen as the lightest of
 * a few sampled tables (sampled eviction, as Redis does, so eviction is O(1)); otherwise it is
 * not kept. So memory never grows with random URLs, and a page that becomes popular displaces
 * one that stopped being visited. Not thread-safe: its model locks.
 */
final class BoundedTables {

  private static final int SAMPLE = 8;

  private final int capacity;
  private final int successors;
  private final Map<String, Integer> index;
  private final List<String> keys = new ArrayList<>();
  private final List<SuccessorTable> tables = new ArrayList<>();
  private final FrequencySketch sketch;
  private final SplittableRandom random = new SplittableRandom(0x5eed);

  BoundedTables(int capacity, int successors) {
    this.capacity = capacity;
    this.successors = successors;
    this.index = new HashMap<>(Math.min(capacity, 1 << 16) * 2);
    this.sketch = new FrequencySketch(Math.max(1, capacity));
  }

  SuccessorTable get(String key) {
    Integer slot = index.get(key);
    return slot == null ? null : tables.get(slot);
  }

  /** The table of {@code key}, created if admitted; null when refused. */
  SuccessorTable getOrAdmit(String key) {
    if (capacity == 0) {
      return null;
    }
    sketch.increment(key);
    Integer slot = index.get(key);
    if (slot != null) {
      return tables.get(slot);
    }
    if (keys.size() < capacity) {
      keys.add(null);
      tables.add(null);
      return put(keys.size() - 1, key);
    }
    int candidateFrequency = sketch.frequency(key);
    if (candidateFrequency < 2) {
      return null;
    }
    int victim = random.nextInt(keys.size());
    for (int i = 1; i < SAMPLE; i++) {
      int other = random.nextInt(keys.size());
      if (tables.get(other).total() < tables.get(victim).total()) {
        victim = other;
      }
    }
    if (candidateFrequency <= sketch.frequency(keys.get(victim))) {
      return null;
    }
    index.remove(keys.get(victim));
    return put(victim, key);
  }

  private SuccessorTable put(int slot, String key) {
    SuccessorTable table = new SuccessorTable(successors);
    keys.set(slot, key);
    tables.set(slot, table);
    index.put(key, slot);
    return table;
  }

  void scale(double factor) {
    tables.forEach(table -> table.scale(factor));
  }

  void forEach(BiConsumer<String, SuccessorTable> action) {
    for (int i = 0; i < keys.size(); i++) {
      action.accept(keys.get(i), tables.get(i));
    }
  }

  int size() {
    return keys.size();
  }

  /** Approximate heap bytes of the tables, their keys, the index and the sketch. */
  long footprintBytes() {
    long bytes = 64 + 8L * keys.size() + sketch.footprintBytes();
    for (int i = 0; i < keys.size(); i++) {
      bytes += Footprint.stringBytes(keys.get(i)) + tables.get(i).footprintBytes()
          + Footprint.MAP_ENTRY_BYTES + 16;
    }
    return bytes;
  }
}
