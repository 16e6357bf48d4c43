package org.edgecdn.predictor.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@link PageCache#lru}: a page-count LRU. */
final class LruPageCache implements PageCache {

  private final Map<String, Boolean> entries;
  private long evictedUnused;

  LruPageCache(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("the cache must hold at least one page");
    }
    this.entries = new LinkedHashMap<>(pages * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        if (size() > pages) {
          if (eldest.getValue()) {
            evictedUnused++;
          }
          return true;
        }
        return false;
      }
    };
  }

  @Override
  public Boolean get(String page) {
    return entries.get(page);
  }

  @Override
  public boolean contains(String page) {
    return entries.containsKey(page);
  }

  @Override
  public void put(String page, long bytes, boolean prefetched) {
    entries.put(page, prefetched);
  }

  @Override
  public long evictedUnused() {
    return evictedUnused;
  }

  @Override
  public long unused() {
    return entries.values().stream().filter(Boolean::booleanValue).count();
  }
}
