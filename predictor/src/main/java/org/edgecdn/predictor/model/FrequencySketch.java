package org.edgecdn.predictor.model;

/**
 * A count-min sketch of how often keys were seen recently, with 4-bit-like saturating counters
 * (capped at 15) in four rows, halved every {@code 10 * capacity} additions so old popularity
 * fades: the admission filter of TinyLFU [Einziger, Friedman, Manes, "TinyLFU: a highly
 * efficient cache admission policy", ACM ToS 2017], as Caffeine's {@code FrequencySketch} uses
 * it. Here it keeps random, never-repeated URLs out of a full page table.
 */
final class FrequencySketch {

  private static final int ROWS = 4;
  private static final int MAX = 15;
  private static final int[] SEEDS = {0x97cb3127, 0xc2b2ae35, 0x85ebca6b, 0x27d4eb2f};

  private final byte[] counters;
  private final int mask;
  private final int sampleSize;
  private int additions;

  FrequencySketch(int capacity) {
    int width = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
    this.counters = new byte[ROWS * width];
    this.mask = width - 1;
    this.sampleSize = 10 * Math.max(1, capacity);
  }

  void increment(String key) {
    int hash = spread(key.hashCode());
    for (int row = 0; row < ROWS; row++) {
      int i = row * (mask + 1) + index(hash, row);
      if (counters[i] < MAX) {
        counters[i]++;
      }
    }
    if (++additions >= sampleSize) {
      reset();
    }
  }

  int frequency(String key) {
    int hash = spread(key.hashCode());
    int min = MAX;
    for (int row = 0; row < ROWS; row++) {
      min = Math.min(min, counters[row * (mask + 1) + index(hash, row)]);
    }
    return min;
  }

  private void reset() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = (byte) (counters[i] >>> 1);
    }
    additions /= 2;
  }

  private int index(int hash, int row) {
    int h = (hash ^ SEEDS[row]) * SEEDS[(row + 1) & 3];
    return (h ^ (h >>> 16)) & mask;
  }

  private static int spread(int x) {
    x = ((x >>> 16) ^ x) * 0x45d9f3b;
    return (x >>> 16) ^ x;
  }

  long footprintBytes() {
    return 16 + counters.length + 32;
  }
}
