package org.edgecdn.purge;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Accepts purges and reports on them. The API layer (HTTP, CLI) talks to this; the cluster
 * implements it.
 */
public interface PurgeService {

  /** Accepts {@code command} and answers at once, before nodes have applied it. */
  Future<PurgeReceipt> submit(PurgeCommand command);

  /** The state of purge {@code id} on every node, or empty if no such purge is known. */
  Future<Optional<PurgeStatus>> status(String id);
}
