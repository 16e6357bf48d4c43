package org.edgecdn.sim.cache;

/**
 * An eviction policy at a byte budget, fed one request at a time. Objects larger than the
 * budget never reach a policy: the simulation counts them as misses for all (the edge streams
 * such objects through without storing them).
 */
public interface CachePolicy {

  /**
   * Looks the object up and, on a miss, admits it if the policy wants to, evicting as needed.
   *
   * @param index the request's position in the trace; only a clairvoyant policy reads it
   * @param object the object asked for
   * @param size its size in bytes, at most the budget
   * @return whether the object was in the cache
   */
  boolean access(int index, int object, long size);

  /** Bytes held now; never above the budget once {@link #access} returns. */
  long weightedBytes();
}
