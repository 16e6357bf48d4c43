package org.edgecdn.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.util.AsciiString;

/**
 * One shared copy of each frequent header name and value among stored responses.
 *
 * <p>Why: a stored response keeps every field as a pair of {@link AsciiString}s
 * ({@link StoredHeaders}), and most of them repeat from one response to the next: the names
 * always, many values too ({@code Content-Type}, {@code Cache-Control}, {@code Vary},
 * {@code Server}). A heap histogram of an edge filled with 135,000 objects of 1 KiB found
 * 2.8 KB of heap per entry, more than half of it copies of such fields. Every stored byte
 * lives until eviction, so each fill's copies are copied again by the collector as they age;
 * an edge filling fast paused for 100-250 ms at a time (docs/performance.md, "Misses").
 *
 * <p>Bounded: at most {@value #MAX_FIELDS} distinct strings, kept by Caffeine's frequency-based
 * admission, so values seen once (an {@code ETag}, a {@code Date}) pass through without
 * displacing the frequent ones; strings longer than {@value #MAX_LENGTH} characters are never
 * shared. A string that is not kept is simply a copy of its own, as before.
 */
final class FieldInterner {

  /** How many distinct names and values are shared at most (under a MiB of heap in all). */
  static final int MAX_FIELDS = 4096;

  /** Longer strings are rarely repeated exactly, and would make the table large. */
  static final int MAX_LENGTH = 128;

  /** The one every store's entries share. */
  static final FieldInterner SHARED = new FieldInterner(MAX_FIELDS);

  private final Cache<String, AsciiString> strings;

  FieldInterner(int maxFields) {
    this.strings = Caffeine.newBuilder()
        .maximumSize(maxFields)
        // Maintenance on the calling thread: a fill's thread, never a pool's.
        .executor(Runnable::run)
        .build();
  }

  /** {@code text} as an AsciiString, the shared copy when it is one worth sharing. */
  AsciiString intern(String text) {
    if (text.length() > MAX_LENGTH) {
      return new AsciiString(text);
    }
    return strings.get(text, AsciiString::new);
  }
}
