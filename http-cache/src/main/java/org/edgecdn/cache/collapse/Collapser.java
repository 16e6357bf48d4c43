package org.edgecdn.cache.collapse;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request collapsing: of many concurrent misses for one key, one (the leader) goes upstream and
 * the others wait for its outcome, so a node makes one upstream fetch per key however many
 * clients ask at once (DESIGN §4 step 5).
 *
 * <p>The outcome says what the waiters do: serve what the leader stored, or go upstream on
 * their own when the response proved uncacheable (the lock releases them all at once rather
 * than one by one, like Pingora's cache lock; see {@link #lead}).
 *
 * <p>A node serves its traffic from several event loops, and the leader and a waiter may be on
 * different ones: a waiter hears of the outcome on its own loop ({@link #onCallersLoop}), as
 * its request, its response and its exchange's counters belong to that loop's thread.
 *
 * @param <K> the key type
 * @param <T> what a fetch ends with
 */
public final class Collapser<K, T> {

  private final Map<K, Promise<T>> inFlight = new ConcurrentHashMap<>();

  /** Either this caller fetches ({@link Leader}) or it waits for the one who does. */
  public sealed interface Ticket<K, T> {}

  /** This caller fetches, and must call {@link #finish} exactly once. */
  public static final class Leader<K, T> implements Ticket<K, T> {
    private final Collapser<K, T> owner;
    private final K key;
    private final Promise<T> promise;

    private Leader(Collapser<K, T> owner, K key, Promise<T> promise) {
      this.owner = owner;
      this.key = key;
      this.promise = promise;
    }

    /** Publishes the outcome to every waiter and lets the next miss lead again. */
    public void finish(T outcome) {
      owner.inFlight.remove(key, promise);
      promise.tryComplete(outcome);
    }
  }

  /**
   * Another caller is fetching; {@code outcome} completes when it finishes, its listeners run
   * on the event loop the caller of {@link #lead} was on.
   */
  public record Waiter<K, T>(Future<T> outcome) implements Ticket<K, T> {}

  /**
   * Joins the fetch of {@code key}: the first caller becomes its leader, the others wait.
   * <b>Note:</b> a leader must finish as soon as the outcome is known (for an uncacheable
   * response, at the response head, not at the end of its body), so waiters are not held up.
   */
  public Ticket<K, T> lead(K key) {
    Promise<T> mine = Promise.promise();
    Promise<T> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      return new Waiter<>(onCallersLoop(existing.future()));
    }
    return new Leader<>(this, key, mine);
  }

  /**
   * {@code future}, with its listeners run on the event loop of this method's caller: at once
   * when it completes on that loop's thread, else handed to the caller's context. A collapse's
   * promise has no context, so without this a waiter's listeners would run on whichever loop
   * completed it (the leader's), touching the waiter's response and exchange from there.
   */
  public static <T> Future<T> onCallersLoop(Future<T> future) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return future;
    }
    Thread thread = Thread.currentThread();
    Promise<T> here = Promise.promise();
    future.onComplete(done -> {
      if (Thread.currentThread() == thread) {
        here.handle(done);
      } else {
        context.runOnContext(v -> here.handle(done));
      }
    });
    return here.future();
  }

  /** Keys being fetched now. */
  public int inFlight() {
    return inFlight.size();
  }
}
