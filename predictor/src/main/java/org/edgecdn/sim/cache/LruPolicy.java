package org.edgecdn.sim.cache;

/** Least recently used: a hit moves the object to the tail; the head is evicted first. */
final class LruPolicy extends LinkedMapPolicy {
  LruPolicy(long budget) {
    super(budget, true);
  }
}
