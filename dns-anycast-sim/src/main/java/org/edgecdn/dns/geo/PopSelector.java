package org.edgecdn.dns.geo;

import java.util.Optional;

/**
 * Chooses the PoP for a client. Called for every steered query, from several threads at once (the
 * UDP threads and the TCP event loops): it must answer from memory and be thread-safe.
 */
@FunctionalInterface
public interface PopSelector {

  /** The PoP for a client at {@code location}, or with no known location when empty. */
  PopChoice select(Optional<ClientLocation> location);
}
