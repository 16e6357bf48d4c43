package org.edgecdn.dns.geo;

import java.util.Optional;

/**
 * Chooses the PoP for a client. Called on the event loop for every steered query: it must answer
 * from memory.
 */
@FunctionalInterface
public interface PopSelector {

  /** The PoP for a client at {@code location}, or with no known location when empty. */
  PopChoice select(Optional<ClientLocation> location);
}
