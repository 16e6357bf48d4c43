package org.edgecdn.cache;

/**
 * The cache's time, in epoch milliseconds. Injected everywhere the cache reads time, so tests
 * advance a fake clock instead of sleeping until something expires.
 */
@FunctionalInterface
public interface CacheClock {

  long millis();

  static CacheClock system() {
    return System::currentTimeMillis;
  }
}
