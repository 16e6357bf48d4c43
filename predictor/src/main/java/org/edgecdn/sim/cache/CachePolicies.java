package org.edgecdn.sim.cache;

import java.util.List;
import org.edgecdn.sim.Registry;
import org.edgecdn.sim.Registry.Entry;

/** The cache policies the simulator knows, in report order; {@code belady} is the bound. */
public final class CachePolicies {

  private static final Registry<CacheSetting, CachePolicy> REGISTRY = Registry.of(List.of(
      new Entry<>("caffeine", "Caffeine W-TinyLFU (the edge's store)", false,
          s -> new CaffeinePolicy(s.budgetBytes())),
      new Entry<>("lru", "LRU", false, s -> new LruPolicy(s.budgetBytes())),
      new Entry<>("fifo", "FIFO", false, s -> new FifoPolicy(s.budgetBytes())),
      new Entry<>("lfu", "LFU (in-cache counts)", false, s -> new LfuPolicy(s.budgetBytes())),
      new Entry<>("belady", "Belady clairvoyant (bound)", true,
          s -> new BeladyPolicy(s.trace(), s.budgetBytes()))));

  private CachePolicies() {}

  public static Registry<CacheSetting, CachePolicy> registry() {
    return REGISTRY;
  }
}
