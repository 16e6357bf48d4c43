package org.edgecdn.loadtest;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.edgecdn.loadtest.workload.Workload;

/**
 * One event loop's share of a stream: a fixed set of slots, each at most one request in flight
 * on a keep-alive connection of its own, and the pacing that fills them. Everything here runs
 * on the lane's event loop, so it needs no locks; figures go to the stream's shared
 * {@link StreamStats}.
 *
 * <p><b>Open model.</b> The stream's requests are numbered; request {@code n} is due at
 * {@code start + n / rate}, and lane {@code i} of {@code L} owns the numbers {@code n ≡ i mod L},
 * so the lanes together keep the exact schedule. Whenever a slot is free and a request is due,
 * it is sent; when no slot is free the due requests wait (a queue that is only a counter), and
 * their latency, counted from the intended time, includes the wait. That is what removes
 * coordinated omission: a stall of the target delays every request due during it, and each of
 * them is recorded as late. Requests still waiting when the run ends are recorded with the time
 * they had waited, a lower bound. A timer wakes the lane for the next due request; timers have
 * millisecond resolution, so at low rates a request may leave up to about 1 ms after its time
 * (the service time, from the actual send, excludes that).
 *
 * <p><b>Closed model.</b> A free slot sends at once; latency is the service time.
 *
 * <p><b>Bounds.</b> No request is sent after the end or beyond the shared request budget; a
 * sweep every 50 ms times out requests older than the timeout (and resets them), so the lane
 * finishes at most a timeout after the end. A slot whose connection was refused rests 10 ms
 * before it tries again, so a dead target is not hammered in a tight loop.
 *
 * <p><b>Following DNS.</b> The connections of one source address form a route. When the
 * stream follows the target's name ({@link SourceResolver}), a route checks its source's
 * address before each request; when it changed, new requests go through a new client to the
 * new address and the old client is shut down: its idle connections close at once, the busy
 * ones after their request in flight, so the load moves as a real client's would.
 */
final class Lane extends VerticleBase {

  private static final long SWEEP_MILLIS = 50;
  private static final long REFUSED_REST_MILLIS = 10;
  private static final CharSequence HOST = HttpHeaders.createOptimized("host");

  private final StreamOptions stream;
  private final StreamStats stats;
  private final Workload workload;
  private final AtomicLong budget;
  private final int laneIndex;
  private final int laneCount;
  private final long timeoutNanos;
  private final Promise<Void> finished = Promise.promise();

  private final Map<String, SourceResolver> resolvers;
  private final List<HttpClientAgent> clients = new ArrayList<>();
  private final List<Future<Void>> retiring = new ArrayList<>();
  private final List<Slot> slots = new ArrayList<>();
  private final ArrayDeque<Slot> idle = new ArrayDeque<>();
  private int busy;

  private long start;
  private long end;
  private boolean open;
  private double nanosPerRequest;
  private long nextIndex;
  private boolean sending;
  private boolean timerArmed;
  private long sweepTimer = -1;
  private boolean pumping;
  private boolean pumpAgain;
  /** The target's Host as HTTP/2's :authority, parsed once. */
  private HostAndPort authority;

  /**
   * @param resolvers by source address ({@link StreamOptions#DEFAULT_SOURCE} for unbound
   *     connections), the addresses to follow during the run; empty when the stream's
   *     addresses are fixed
   */
  Lane(StreamOptions stream, StreamStats stats, Workload workload, AtomicLong budget,
      int laneIndex, long timeoutNanos, Map<String, SourceResolver> resolvers) {
    this.resolvers = resolvers;
    this.stream = stream;
    this.stats = stats;
    this.workload = workload;
    this.budget = budget;
    this.laneIndex = laneIndex;
    this.laneCount = stream.lanes();
    this.timeoutNanos = timeoutNanos;
  }

  /** Completes when the lane has stopped sending and nothing of it is in flight. */
  Future<Void> finished() {
    return finished.future();
  }

  @Override
  public Future<?> start() {
    if (stream.protocol() == Protocol.H2C) {
      authority = HostAndPort.parseAuthority(stream.target().hostHeader(), -1);
      if (authority == null) {
        return Future.failedFuture(new IllegalArgumentException("the Host '"
            + stream.target().hostHeader() + "' is not a valid HTTP/2 :authority"));
      }
    }
    // Global slot g belongs to lane g mod L and binds source g mod S: round robin overall.
    Map<String, List<Integer>> slotsBySource = new LinkedHashMap<>();
    List<String> sources = stream.sources();
    for (int g = laneIndex; g < stream.connections(); g += laneCount) {
      String source = sources.isEmpty() ? StreamOptions.DEFAULT_SOURCE
          : sources.get(g % sources.size());
      slotsBySource.computeIfAbsent(source, s -> new ArrayList<>()).add(g);
    }
    int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000));
    for (Map.Entry<String, List<Integer>> entry : slotsBySource.entrySet()) {
      HttpClientOptions options = new HttpClientOptions()
          .setKeepAlive(true)
          .setPipelining(false)
          .setTcpNoDelay(true)
          .setConnectTimeout(connectMillis)
          .setMetricsName("loadtest-" + stream.name());
      if (!entry.getKey().isEmpty()) {
        options.setLocalAddress(entry.getKey());
      }
      int inFlight = entry.getValue().size();
      if (stream.protocol() == Protocol.H2C) {
        // Prior knowledge: the first bytes are HTTP/2's preface, no Upgrade round trip.
        options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
      }
      PoolOptions pool = new PoolOptions().setHttp1MaxSize(inFlight)
          .setHttp2MaxSize(Protocol.H2C.connectionsFor(inFlight));
      Route route = new Route(options, pool, resolvers.get(entry.getKey()),
          stream.connectHost(entry.getKey()));
      for (int ignored : entry.getValue()) {
        Slot slot = new Slot(route);
        slots.add(slot);
        idle.add(slot);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    for (HttpClientAgent client : clients) {
      closing.add(client.close());
    }
    closing.addAll(retiring);
    return Future.join(closing);
  }

  /** Starts sending at {@code start} (nanoTime) and stops at {@code end}. */
  void beginOnLoop(long start, long end) {
    context.runOnContext(ignored -> begin(start, end));
  }

  /** Gives up on whatever is still in flight: the run's safety stop. */
  void abortOnLoop() {
    context.runOnContext(ignored -> abort());
  }

  private void begin(long start, long end) {
    this.start = start;
    this.end = end;
    this.sending = true;
    if (stream.pacing() instanceof Pacing.Open rate) {
      open = true;
      nanosPerRequest = 1e9 / rate.perSecond();
    }
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    long wait = start - System.nanoTime();
    if (wait > 0) {
      armTimer(wait);
    } else {
      pump();
    }
  }

  private void abort() {
    for (Slot slot : slots) {
      if (slot.busy) {
        timeOut(slot);
      }
    }
    stopSending(System.nanoTime());
    finishIfDone();
  }

  // ---- Sending ----

  private void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        fillSlots();
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    finishIfDone();
  }

  private void fillSlots() {
    if (!sending) {
      return;
    }
    long now = System.nanoTime();
    if (now - end >= 0) {
      stopSending(now);
      return;
    }
    while (!idle.isEmpty()) {
      long intended = now;
      if (open) {
        intended = intendedTime(nextIndex);
        if (intended - end >= 0) {
          stopSending(now);
          return;
        }
        if (intended - now > 0) {
          armTimer(intended - now);
          return;
        }
      }
      if (budget.getAndDecrement() <= 0) {
        stopSending(now);
        return;
      }
      nextIndex++;
      send(idle.poll(), workload.next(), intended);
      now = System.nanoTime();
    }
  }

  private long intendedTime(long index) {
    return start + (long) ((index * laneCount + laneIndex) * nanosPerRequest);
  }

  private void send(Slot slot, LoadRequest request, long intended) {
    slot.busy = true;
    slot.request = null;
    slot.bytes = 0;
    int generation = ++slot.generation;
    busy++;
    MultiMap headers = HttpHeaders.headers();
    boolean h2 = stream.protocol() == Protocol.H2C;
    if (!h2) {
      headers.set(HOST, stream.target().hostHeader());
    }
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      if (!h2 || !header.getKey().equalsIgnoreCase("Host")) {
        headers.set(header.getKey(), header.getValue());
      }
    }
    // Before taking the route's client: a changed answer replaces it.
    String host = slot.route.follow();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setHost(host)
        .setPort(stream.target().port())
        .setURI(stream.target().requestUri(request.uri()))
        .setHeaders(headers)
        .setFollowRedirects(false)
        .setIdleTimeout(timeoutNanos / 1_000_000)
        .setConnectTimeout(timeoutNanos / 1_000_000);
    slot.intended = intended;
    slot.sentAt = System.nanoTime();
    stats.sent.increment();
    // Nested, not chained: the response's handlers must be set as it arrives, on this loop.
    slot.route.client.request(options).compose(req -> {
      if (slot.generation == generation) {
        slot.request = req;
      }
      if (h2) {
        // HTTP/2 carries the host as :authority; a Host field would be a second, conflicting
        // one, which servers refuse (RFC 9113 §8.3.1).
        req.authority(authority);
      }
      Future<HttpClientResponse> response =
          request.body() == null ? req.send() : req.send(request.body());
      return response.compose(resp -> {
        int status = resp.statusCode();
        resp.handler(chunk -> slot.bytes += chunk.length());
        return resp.end().map(ignored -> status);
      });
    }).onComplete(result -> {
      if (result.succeeded()) {
        answered(slot, generation, result.result());
      } else {
        failed(slot, generation, result.cause());
      }
    });
  }

  private void answered(Slot slot, int generation, int status) {
    if (!release(slot, generation)) {
      return;
    }
    long now = System.nanoTime();
    stats.bytes.add(slot.bytes);
    stats.answered(status, now - slot.intended, now - slot.sentAt);
    idle.add(slot);
    pump();
  }

  private void failed(Slot slot, int generation, Throwable failure) {
    if (!release(slot, generation)) {
      return;
    }
    ErrorCause cause = ErrorCause.of(failure);
    stats.failed(cause, failure);
    if (cause == ErrorCause.CONNECT_REFUSED) {
      vertx.setTimer(REFUSED_REST_MILLIS, id -> {
        idle.add(slot);
        pump();
      });
      finishIfDone();
    } else {
      idle.add(slot);
      pump();
    }
  }

  /** Frees the slot if this answer is still the one it waits for (not timed out meanwhile). */
  private boolean release(Slot slot, int generation) {
    if (!slot.busy || slot.generation != generation) {
      return false;
    }
    slot.busy = false;
    slot.request = null;
    busy--;
    return true;
  }

  // ---- Time ----

  private void armTimer(long delayNanos) {
    if (timerArmed) {
      return;
    }
    timerArmed = true;
    long millis = Math.max(1, (delayNanos + 999_999) / 1_000_000);
    vertx.setTimer(millis, id -> {
      timerArmed = false;
      pump();
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Slot slot : slots) {
      if (slot.busy && now - slot.sentAt > timeoutNanos) {
        timeOut(slot);
        idle.add(slot);
      }
    }
    if (sending && now - end >= 0) {
      stopSending(now);
    }
    pump();
  }

  private void timeOut(Slot slot) {
    HttpClientRequest request = slot.request;
    slot.generation++;
    slot.busy = false;
    slot.request = null;
    busy--;
    stats.failed(ErrorCause.TIMEOUT, null);
    if (request != null) {
      request.reset();
    }
  }

  private void stopSending(long now) {
    if (!sending) {
      return;
    }
    sending = false;
    stats.stoppedSending(Math.min(now, end));
    if (open) {
      // Due before the end but never sent: every slot was busy. Bounded by the budget.
      long left = budget.get();
      for (long n = nextIndex; left > 0; n++, left--) {
        long intended = intendedTime(n);
        if (intended - Math.min(now, end) >= 0) {
          break;
        }
        stats.unsent(end - intended);
      }
    }
  }

  private void finishIfDone() {
    if (!sending && busy == 0 && !finished.future().isComplete()) {
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
      }
      finished.tryComplete();
    }
  }

  /**
   * The connections of one source address on this lane, and where they go: a client for the
   * current address; clients for earlier ones are shut down.
   */
  private final class Route {
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** The source's resolver, or null when its address is fixed. */
    private final SourceResolver resolver;
    String host;
    HttpClientAgent client;

    Route(HttpClientOptions options, PoolOptions pool, SourceResolver resolver, String host) {
      this.options = options;
      this.pool = pool;
      this.resolver = resolver;
      this.host = host;
      this.client = build();
    }

    /**
     * The address the next request goes to. When the source's answer changed since the last
     * request, a new client is built for it and the old one shut down gracefully: its
     * requests in flight finish (or time out), then its connections close.
     */
    String follow() {
      if (resolver != null) {
        String now = resolver.address();
        if (!now.equals(host)) {
          HttpClientAgent old = client;
          clients.remove(old);
          retiring.add(old.shutdown(timeoutNanos, TimeUnit.NANOSECONDS));
          host = now;
          client = build();
        }
      }
      return host;
    }

    private HttpClientAgent build() {
      HttpClientAgent built = vertx.httpClientBuilder().with(options).with(pool).build();
      clients.add(built);
      return built;
    }
  }

  /** One connection's worth of requests: at most one in flight. */
  private static final class Slot {
    /** Its source address's connections. */
    final Route route;
    boolean busy;
    int generation;
    long intended;
    long sentAt;
    long bytes;
    HttpClientRequest request;

    Slot(Route route) {
      this.route = route;
    }
  }
}
