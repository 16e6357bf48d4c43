package org.edgecdn.dns.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.dns.PopHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health of the PoPs: every interval, {@code GET /healthz} on each edge's admin address;
 * the steering asks {@link #isHealthy} and gets the last verdict from memory.
 *
 * <h2>1. What counts</h2>
 * A 200 is a success. Anything else is a failure: a 503 (an edge cut off from its cluster
 * answers {@code "status":"isolated"} and should not get new clients, since its cache can no
 * longer be trusted to have seen every purge), any other status, a refused connection, or no
 * complete answer within {@link ProbeOptions#timeoutMillis()}. Each probe opens its own
 * connection (no keep-alive), so a success also proves the edge still accepts connections, which
 * is what its clients need.
 *
 * <h2>2. Hysteresis</h2>
 * A PoP goes down after {@link ProbeOptions#downAfter()} consecutive failures and comes back up
 * after {@link ProbeOptions#upAfter()} consecutive successes, as gdnsd and Route 53 health checks
 * do: one lost probe must not move clients, and a flapping edge must not pull them back and forth.
 * Every PoP starts up, so a network that has just started answers at once; a dead edge is found
 * {@code downAfter} probes later. A transition is logged once, naming the PoP and the reason;
 * the gauges {@code cdn_dns_pop_up{pop}} and {@code cdn_pop_healthy{pop}} show 1 or 0, and each
 * fall counts in {@code cdn_dns_failovers_total{pop}}.
 *
 * <h2>3. Threads</h2>
 * One periodic Vert.x timer starts the probes; the HTTP client never blocks and the responses
 * arrive on the timer's event loop. The DNS threads (UDP threads, TCP event loops) read the state
 * concurrently: each PoP's counters change under its own lock, and its up flag is volatile. A
 * PoP whose previous probe is still running is skipped, so a slow edge never has two probes in
 * flight. A PoP without a probe (not in the list) is always healthy.
 *
 * <p><b>Note:</b> the edge's own fail-safe state reaches the DNS through this probe: it is the
 * 503 of its {@code /healthz}.
 */
public final class EdgeProbes implements PopHealth {

  private static final Logger log = LoggerFactory.getLogger(EdgeProbes.class);

  /** The path every edge's admin server answers. */
  public static final String HEALTH_PATH = "/healthz";

  static final String GAUGE = "cdn.dns.pop.up";
  static final String HEALTHY_GAUGE = "cdn.pop.healthy";
  static final String FAILOVERS = "cdn.dns.failovers";

  private final ProbeOptions options;
  private final Map<String, PopState> states;
  private Vertx vertx;
  private HttpClientAgent client;
  private long timer = -1;

  /** A PoP's verdict and the run of equal probe outcomes that may change it. */
  private static final class PopState {
    final String pop;
    volatile boolean up = true;
    Counter failovers;
    int failures;
    int successes;
    boolean inFlight;

    PopState(String pop) {
      this.pop = pop;
    }
  }

  /** Probes nothing by itself: tests drive it through {@link #record}. */
  EdgeProbes(List<String> pops, ProbeOptions options, MeterRegistry registry) {
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(registry, "registry");
    Map<String, PopState> byName = new LinkedHashMap<>();
    for (String pop : pops) {
      if (byName.putIfAbsent(pop, new PopState(pop)) != null) {
        throw new IllegalArgumentException("PoP '" + pop + "' is probed twice");
      }
    }
    this.states = Map.copyOf(byName);
    for (PopState state : byName.values()) {
      Gauge.builder(GAUGE, state, s -> s.up ? 1 : 0)
          .description("1 while DNS hands out the PoP (its health probes pass), else 0")
          .tag("pop", state.pop)
          .strongReference(true) // the registry may outlive whoever holds this object
          .register(registry);
      // The same verdict under the name the dashboards and alerts use across the network.
      Gauge.builder(HEALTHY_GAUGE, state, s -> s.up ? 1 : 0)
          .description("1 while the DNS sees the PoP as healthy and names it in answers, else 0")
          .tag("pop", state.pop)
          .strongReference(true)
          .register(registry);
      state.failovers = Counter.builder(FAILOVERS)
          .description("Times the DNS took the PoP out of its answers, moving its clients to"
              + " the next nearest PoP")
          .tag("pop", state.pop)
          .register(registry);
    }
  }

  /**
   * Starts probing every PoP in {@code probes} now and then every
   * {@link ProbeOptions#intervalMillis()}, until {@link #close()}.
   */
  public static EdgeProbes start(
      Vertx vertx, List<PopProbe> probes, ProbeOptions options, MeterRegistry registry) {
    Objects.requireNonNull(vertx, "vertx");
    EdgeProbes health =
        new EdgeProbes(probes.stream().map(PopProbe::pop).toList(), options, registry);
    health.vertx = vertx;
    health.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMillis())));
    List<PopProbe> targets = List.copyOf(probes);
    health.timer =
        vertx.setPeriodic(1, options.intervalMillis(), id -> targets.forEach(health::probe));
    log.info(
        "DNS health: probing {} PoPs every {} ms (down after {} failures, up after {} successes)",
        targets.size(),
        options.intervalMillis(),
        options.downAfter(),
        options.upAfter());
    return health;
  }

  @Override
  public boolean isHealthy(String pop) {
    PopState state = states.get(pop);
    return state == null || state.up;
  }

  /** Stops probing; the verdicts stay as they were. */
  public Future<Void> close() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    return client.close();
  }

  /** Counts one probe outcome of {@code pop}; the seam the probes and the tests share. */
  void record(String pop, boolean ok) {
    record(pop, ok, ok ? "probe passed" : "probe failed");
  }

  void record(String pop, boolean ok, String reason) {
    PopState state = states.get(pop);
    if (state == null) {
      throw new IllegalArgumentException("PoP '" + pop + "' is not probed");
    }
    synchronized (state) {
      if (ok) {
        state.failures = 0;
        state.successes++;
        if (!state.up && state.successes >= options.upAfter()) {
          state.up = true;
          log.info(
              "DNS health: PoP {} is up after {} passed probes ({}); clients go to it again",
              pop,
              state.successes,
              reason);
        }
      } else {
        state.successes = 0;
        state.failures++;
        if (state.up && state.failures >= options.downAfter()) {
          state.up = false;
          state.failovers.increment();
          log.warn(
              "DNS health: PoP {} is down after {} failed probes ({}); its clients move to the"
                  + " next nearest PoP",
              pop,
              state.failures,
              reason);
        }
      }
    }
  }

  private void probe(PopProbe target) {
    PopState state = states.get(target.pop());
    synchronized (state) {
      if (state.inFlight) {
        return;
      }
      state.inFlight = true;
    }
    Promise<String> outcome = Promise.promise(); // a failure reason, or null for a success
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    long guard =
        vertx.setTimer(options.timeoutMillis(), id -> {
          if (outcome.tryComplete("no answer within " + options.timeoutMillis() + " ms")) {
            HttpClientRequest sent = request.get();
            if (sent != null) {
              sent.reset();
            }
          }
        });
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host())
                .setPort(target.port())
                .setURI(HEALTH_PATH)
                .setConnectTimeout(options.timeoutMillis())
                .setIdleTimeout(options.timeoutMillis()))
        .compose(req -> {
          request.set(req);
          return req.send();
        })
        .compose(response -> response.body().map(body -> verdict(response, body.toString())))
        .onComplete(ar -> outcome.tryComplete(ar.succeeded() ? ar.result() : describe(ar.cause())));
    outcome.future().onComplete(ar -> {
      vertx.cancelTimer(guard);
      synchronized (state) {
        state.inFlight = false;
      }
      String failure = ar.result();
      record(target.pop(), failure == null, failure == null ? "200 from " + target.where()
          : failure + " from " + target.where());
    });
  }

  /** Null for a success, else why the answer is a failure. */
  private static String verdict(HttpClientResponse response, String body) {
    int status = response.statusCode();
    if (status == 200) {
      return null;
    }
    return body.contains("isolated") ? "status " + status + " (isolated)" : "status " + status;
  }

  private static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      // Netty's connect timeout is a ConnectException too; only the message tells them apart.
      if (t instanceof ConnectException && String.valueOf(t.getMessage()).contains("refused")) {
        return "connection refused";
      }
    }
    String message = error.getMessage();
    return message == null ? error.getClass().getSimpleName() : message;
  }
}
