package org.edgecdn.launcher.bench;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark drives its servers from its own thread, which may wait for what their Vert.x
 * side does; never from an event loop. Each bench bounds the wait by what its steps can take.
 */
final class BenchFutures {

  private BenchFutures() {}

  /** {@code future}'s result, waited for at most {@code limit}. */
  static <T> T await(Future<T> future, Duration limit) throws Exception {
    return future.toCompletionStage().toCompletableFuture()
        .get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }
}
