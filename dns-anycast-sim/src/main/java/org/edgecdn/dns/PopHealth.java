package org.edgecdn.dns;

/**
 * Tells the steering which PoPs may receive clients.
 *
 * <p><b>Note:</b> it is asked for every steered query, by the UDP threads and the TCP event loops
 * at once (the selector caches choices per health snapshot, not verdicts), so an implementation
 * answers from memory (for instance a map that active probes update) and never blocks.
 */
@FunctionalInterface
public interface PopHealth {

  /** Whether the PoP with this name may be handed out now. */
  boolean isHealthy(String pop);

  /** Every PoP healthy: the default until a later issue adds active probes. */
  static PopHealth allHealthy() {
    return pop -> true;
  }
}
