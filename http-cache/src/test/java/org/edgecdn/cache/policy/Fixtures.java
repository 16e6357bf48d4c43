package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;

/** Headers and times for the policy tests: a fixed epoch, never the real clock. */
final class Fixtures {

  /** 2023-11-14T22:13:20Z; every test time is an offset from it. */
  static final long T0 = 1_700_000_000_000L;

  private Fixtures() {}

  /** Headers from name, value pairs; a name may repeat for several lines. */
  static MultiMap headers(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must pair up");
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /** The IMF-fixdate {@code seconds} after {@link #T0} (negative: before). */
  static String date(long seconds) {
    return HttpDates.format(T0 + seconds * 1000);
  }

  /** Epoch millis {@code seconds} after {@link #T0}. */
  static long at(long seconds) {
    return T0 + seconds * 1000;
  }
}
