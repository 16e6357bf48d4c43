package org.edgecdn.predictor.visit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Splits a stream of page views into visits and visits into transitions.
 *
 * <p>A visit is one visitor's page views with no gap longer than the idle timeout (30 minutes
 * by default, the usual web-analytics session rule; a site may have its own, {@link #idle}).
 * Within a visit the source of a page view is the same-site {@code Referer} when the request has
 * one (it survives back buttons and several tabs), else the visitor's previous page; the
 * second-order context is kept only when the source is the page the tracker already had as
 * current, so a Referer that jumps elsewhere does not invent a two-step history.
 *
 * <p>Memory is bounded: at most {@code maxVisitors} visitors are tracked, the least recently
 * seen forgotten first, so a flood of one-request clients cannot grow it. Thread-safe (one lock:
 * an update is a map lookup and two field writes).
 */
public final class VisitTracker {

  public static final long DEFAULT_IDLE_MILLIS = 30 * 60_000L;
  public static final int DEFAULT_MAX_VISITORS = 100_000;

  private record Key(String site, String visitor) {}

  private static final class State {
    String previous;
    String current;
    long lastMillis;
  }

  private final long idleMillis;
  private final Map<String, Long> idleBySite = new ConcurrentHashMap<>();
  private final Map<Key, State> visitors;

  public VisitTracker(long idleMillis, int maxVisitors) {
    if (idleMillis <= 0 || maxVisitors <= 0) {
      throw new IllegalArgumentException("idle timeout and visitor bound must be positive");
    }
    this.idleMillis = idleMillis;
    this.visitors = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
        return size() > maxVisitors;
      }
    };
  }

  public static VisitTracker defaults() {
    return new VisitTracker(DEFAULT_IDLE_MILLIS, DEFAULT_MAX_VISITORS);
  }

  /** Ends {@code site}'s visits after {@code millis} idle instead of the tracker's timeout. */
  public VisitTracker idle(String site, long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("idle timeout must be positive");
    }
    idleBySite.put(site, millis);
    return this;
  }

  /** How long {@code site}'s visitors may stay idle before their visit ends. */
  public long idleMillis(String site) {
    return idleBySite.getOrDefault(site, idleMillis);
  }

  /** Records {@code view} and says which transition it completes. */
  public synchronized Step observe(PageView view) {
    Key key = new Key(view.site(), view.visitor());
    State state = visitors.get(key);
    if (state == null || view.timeMillis() - state.lastMillis > idleMillis(view.site())) {
      state = new State();
      visitors.put(key, state);
      state.lastMillis = view.timeMillis();
      if (view.referer() == null || view.referer().equals(view.page())) {
        state.current = view.page();
        return new Step(Optional.empty(), null, view.page());
      }
      // A new visit that arrives by a same-site link (a tab kept open past the timeout): the
      // Referer still tells where it came from.
    }
    String source = view.referer() != null ? view.referer() : state.current;
    String previous = source != null && source.equals(state.current) ? state.previous : null;
    state.lastMillis = Math.max(state.lastMillis, view.timeMillis());
    if (source == null || source.equals(view.page())) {
      // A reload, or nothing known before: no transition.
      state.current = view.page();
      return new Step(Optional.empty(), state.previous, view.page());
    }
    state.previous = source;
    state.current = view.page();
    return new Step(Optional.of(new Transition(previous, source, view.page())), source,
        view.page());
  }

  /** Visitors currently tracked. */
  public synchronized int size() {
    return visitors.size();
  }
}
