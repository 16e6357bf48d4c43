package org.edgecdn.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a Vert.x future from a test thread (never from an event loop), with a bound, so a
 * broken server fails the test instead of hanging the build.
 */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT);
  }

  public static <T> T result(Future<T> future, Duration limit) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + limit, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until {@code condition} holds, checking every 20 ms, for state that changes in the
   * background (a cluster view, a health probe); fails the test when {@code limit} passes first.
   */
  public static void until(String what, BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not true within " + limit + ": " + what);
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  /** The failure of {@code future}, or an AssertionError if it succeeded. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = result(future);
      throw new AssertionError("expected a failure, got " + value);
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
