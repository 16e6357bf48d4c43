package org.edgecdn.purge;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.edgecdn.http.Site;

/**
 * How a node takes part in purging: the generations its cache checks, and (on edges) the purge
 * API on its admin port and the {@code PURGE} method on its traffic port.
 */
public record NodePurging(
    PurgeGenerations generations,
    Optional<Handler<HttpServerRequest>> adminApi,
    Optional<BiConsumer<HttpServerRequest, Site>> purgeMethod) {

  /** A node that takes no purges (running alone, tests of other things). */
  public static NodePurging none() {
    return new NodePurging(PurgeGenerations.NONE, Optional.empty(), Optional.empty());
  }
}
