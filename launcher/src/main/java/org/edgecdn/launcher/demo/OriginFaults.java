package org.edgecdn.launcher.demo;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.edgecdn.loadtest.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A switch that makes the demo origin slow or failing, so a user can watch the network answer
 * a bad origin (stale-if-error, shield failover, prefetch yielding to real traffic, the
 * origin-down alert) and so {@code cdn loadtest --fault AT:http:POST:URL} can break the origin
 * at a moment of a run (issue 6, "faults during a run: slow or fail the origin").
 *
 * <ul>
 *   <li>{@code POST /_demo/fault?delay=300ms} holds every other answer that long (at most
 *       {@link #MAX_DELAY});</li>
 *   <li>{@code POST /_demo/fault?status=503} answers every other request with that status (500
 *       to 599), {@code no-store};</li>
 *   <li>both together: the failure after the delay; {@code DELETE /_demo/fault} clears both;
 *       {@code GET} shows them.</li>
 * </ul>
 * The switch answers only requests made to the origin itself: one that came through the
 * network (an edge or shield adds {@code Via} and {@code X-Forwarded-For}, as any proxy does)
 * gets a 403, or any visitor of the site could break it for everyone. It is never delayed or
 * failed, or nothing could turn it off. A held request is
 * paused, routed when its time is up and only then resumed, so a route that reads the body
 * (the chat endpoint) finds all of it. Setting it is logged at WARN with the client's address:
 * it is loud on purpose, since a slow origin otherwise looks like a bug of the network.
 */
final class OriginFaults {

  static final String PATH = "/_demo/fault";
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(OriginFaults.class);

  /**
   * What the origin does to every answer now.
   *
   * @param delay how long each answer is held ({@link Duration#ZERO}: not held)
   * @param status the status every request gets instead of its answer (0: its own answer)
   */
  record State(Duration delay, int status) {
    static final State NONE = new State(Duration.ZERO, 0);

    boolean active() {
      return !delay.isZero() || status != 0;
    }

    JsonObject toJson() {
      return new JsonObject().put("delay_ms", delay.toMillis()).put("status", status);
    }
  }

  private volatile State state = State.NONE;

  State state() {
    return state;
  }

  /** {@code GET}, {@code POST} or {@code DELETE} of {@link #PATH}. */
  void handle(HttpServerRequest request) {
    HttpMethod method = request.method();
    if (method == HttpMethod.DELETE) {
      state = State.NONE;
      LOG.warn("demo origin: faults cleared by {}", client(request));
    } else if (method == HttpMethod.POST) {
      State next;
      try {
        next = parse(request.getParam("delay"), request.getParam("status"));
      } catch (IllegalArgumentException e) {
        Responses.text(request, 400, CachePolicy.NO_STORE, e.getMessage() + "\n");
        return;
      }
      state = next;
      LOG.warn("demo origin: every answer now {} (set by {})", describe(next), client(request));
    } else if (method != HttpMethod.GET) {
      Responses.methodNotAllowed(request, "GET, POST, DELETE");
      return;
    }
    request.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", CachePolicy.NO_STORE)
        .end(state.toJson().encode() + "\n");
  }

  /**
   * The state {@code delay} and {@code status} (either may be null: not changed from none)
   * ask for.
   *
   * @throws IllegalArgumentException a delay that is not a duration within
   *     {@link #MAX_DELAY}, or a status outside 500-599, with what was expected
   */
  static State parse(String delay, String status) {
    Duration held = Duration.ZERO;
    if (delay != null) {
      try {
        held = Durations.parse(delay);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("delay " + delay + ": a duration such as 300ms or 2s");
      }
      if (held.isNegative() || held.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException("delay " + delay + ": from 0 to "
            + Durations.format(MAX_DELAY));
      }
    }
    int failing = 0;
    if (status != null) {
      try {
        failing = Integer.parseInt(status);
      } catch (NumberFormatException e) {
        failing = -1;
      }
      if (failing != 0 && (failing < 500 || failing > 599)) {
        throw new IllegalArgumentException("status " + status + ": 500 to 599, or 0 for none");
      }
    }
    return new State(held, failing);
  }

  private static String describe(State state) {
    if (!state.active()) {
      return "as usual";
    }
    String held = state.delay().isZero() ? "" : "held " + Durations.format(state.delay());
    String failed = state.status() == 0 ? "" : "answered " + state.status();
    return held.isEmpty() || failed.isEmpty() ? held + failed : held + ", then " + failed;
  }

  /** Whether {@code request} was forwarded by a proxy, such as an edge or shield. */
  static boolean cameThroughANetwork(HttpServerRequest request) {
    return request.headers().contains("Via") || request.headers().contains("X-Forwarded-For")
        || request.headers().contains("Forwarded");
  }

  private static String client(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
