package org.edgecdn.sim.cache;

/** First in, first out: hits change nothing; the oldest admitted object is evicted first. */
final class FifoPolicy extends LinkedMapPolicy {
  FifoPolicy(long budget) {
    super(budget, false);
  }
}
