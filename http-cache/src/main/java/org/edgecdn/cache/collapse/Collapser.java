package org.edgecdn.cache.collapse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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

  /** Another caller is fetching; {@code outcome} completes when it finishes. */
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
      return new Waiter<>(existing.future());
    }
    return new Leader<>(this, key, mine);
  }

  /** Keys being fetched now. */
  public int inFlight() {
    return inFlight.size();
  }
}
