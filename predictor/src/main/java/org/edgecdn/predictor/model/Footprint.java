package org.edgecdn.predictor.model;

/** Heap estimates for a 64-bit JVM with compressed references (the default below 32 GiB). */
final class Footprint {

  private Footprint() {}

  /** A String and its byte array (Latin-1 compact strings, JDK 9+). */
  static long stringBytes(String s) {
    return 24 + 16 + ((s.length() + 7) & ~7L);
  }

  /** One HashMap entry (node object and its share of the table). */
  static final long MAP_ENTRY_BYTES = 32 + 8;
}
