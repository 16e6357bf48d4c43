package org.edgecdn.http.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.admin.AdminServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ports of an HTTP node: traffic and admin. Opens both or neither: if the second cannot
 * be bound the first is closed again, and the failure names the node and the port. The traffic
 * port may be served from several event loops ({@link TrafficLoops}), and can be stopped and
 * started while the node runs ({@link TrafficPort}); the admin port is served from one loop and
 * stays open throughout, since that is where the traffic port is started again.
 */
public final class NodeServers {

  private static final Logger LOG = LoggerFactory.getLogger(NodeServers.class);

  /**
   * Time a client has to deliver a request head (or to go on with a body that stopped): Apache's
   * mod_reqtimeout starts at 20 s, nginx at 60 s.
   */
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(20);

  private final TrafficPort traffic;
  private final AdminServer admin;

  private NodeServers(TrafficPort traffic, AdminServer admin) {
    this.traffic = traffic;
    this.admin = admin;
  }

  /** As below, with the default head timeout, served from one event loop. */
  public static Future<NodeServers> start(Vertx vertx, String label, HostPort listen,
      HostPort adminAddress, Handler<HttpServerRequest> handler, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health, Optional<Handler<HttpServerRequest>> api, Tags tags) {
    return start(vertx, label, listen, adminAddress, handler, registry, health, api, tags,
        DEFAULT_HEAD_TIMEOUT, 1);
  }

  /**
   * @param label the node as operators name it ({@code edge eu}, {@code shield shield})
   * @param api the node's admin API ({@code /api/...}), if it has one
   * @param tags the node's tags ({@code pop}, {@code tier}) for the connection gauge
   * @param headTimeout see {@link #DEFAULT_HEAD_TIMEOUT}; zero for none
   * @param loops how many event loops serve the traffic port ({@link TrafficLoops})
   */
  public static Future<NodeServers> start(Vertx vertx, String label, HostPort listen,
      HostPort adminAddress, Handler<HttpServerRequest> handler, PrometheusMeterRegistry registry,
      Supplier<JsonObject> health, Optional<Handler<HttpServerRequest>> api, Tags tags,
      Duration headTimeout, int loops) {
    // Counted per connection, not per request: Vert.x's own HTTP meters, which also counted
    // connections, are off for what they cost every request (docs/performance.md). One gauge
    // and one counter for all the loops' servers.
    AtomicInteger open = new AtomicInteger();
    Gauge.builder("cdn.client.connections", open, AtomicInteger::get)
        .description("Client connections open on the traffic port").tags(tags).register(registry);
    boolean deadlines = !headTimeout.isZero();
    Function<HttpServer, Future<Void>> listening = deadlines
        ? deadlineHook(label, headTimeout, registry, tags)
        : server -> Future.succeededFuture();
    HttpServerOptions options = trafficOptions();
    // A node's request handler that can answer some requests on the channel (the cache's
    // plain hits) is offered them there first.
    DirectAnswers direct = handler instanceof DirectAnswers answers && DirectAnswers.enabled()
        ? answers : null;
    // Where one loop listens from, at boot and at every operator start.
    Context home = vertx.getOrCreateContext();
    Supplier<TrafficLoops> ports = () -> new TrafficLoops(vertx, home, loops,
        () -> trafficServer(vertx, label, options, handler, open, deadlines, direct));
    return TrafficPort.open(label, listen, ports, listening, TrafficPort.GRACE_MILLIS)
        .compose(traffic -> {
          Gauge.builder("cdn.node.serving", traffic,
                  t -> t.state() == TrafficPort.State.SERVING ? 1 : 0)
              .description("1 while the traffic port takes traffic, 0 while an operator has"
                  + " stopped it (POST /api/v1/node/stop)")
              .tags(tags).register(registry);
          return AdminServer.start(vertx, label, adminAddress, registry,
                  () -> withTraffic(health.get(), traffic.state()), api)
              .recover(error -> traffic.close().transform(ignored -> Future.failedFuture(error)))
              .map(admin -> new NodeServers(traffic, admin));
        });
  }

  private static HttpServerOptions trafficOptions() {
    return new HttpServerOptions()
        // Idle keep-alive connections are closed after 75 s, as nginx does.
        .setIdleTimeout(75)
        // Tell clients sending Expect: 100-continue to go ahead; the body is streamed upstream.
        .setHandle100ContinueAutomatically(true)
        // WebSocket upgrades are tunnelled to the origin as bytes: the server must not negotiate
        // compression extensions of its own (and their handler no longer inspects every
        // request and response on the way).
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Every response is written from its connection's event loop, so Vert.x may hand
        // writes to the channel directly instead of through its cross-thread outbound queue.
        .setStrictThreadMode(true);
  }

  /** One event loop's server of the traffic port, its handlers set. */
  private static HttpServer trafficServer(Vertx vertx, String label, HttpServerOptions options,
      Handler<HttpServerRequest> handler, AtomicInteger open, boolean deadlines,
      DirectAnswers direct) {
    HttpServer traffic = vertx.createHttpServer(options);
    traffic.requestHandler(handler);
    traffic.connectionHandler(connection -> {
      open.incrementAndGet();
      // On the channel, not the connection's close handler: a connection turned into a tunnel
      // (a WebSocket) leaves Vert.x's HTTP handler, whose close handler then never runs.
      if (connection instanceof ConnectionBase base) {
        base.channel().closeFuture().addListener(closed -> open.decrementAndGet());
      } else {
        connection.closeHandler(closed -> open.decrementAndGet());
      }
      if (deadlines) {
        observe(connection);
      }
      if (direct != null) {
        answerDirectly(label, connection, direct);
      }
    });
    return traffic;
  }

  /**
   * The node's health report with the traffic port's state: a stopped node reports
   * {@code "status":"stopped"} (503), whatever else it would say, so probes move its clients.
   */
  static JsonObject withTraffic(JsonObject report, TrafficPort.State state) {
    report.put("traffic", state.wireName());
    if (state == TrafficPort.State.STOPPED) {
      report.put("status", "stopped");
    }
    return report;
  }

  /**
   * What to do once the traffic port listens (at boot, and at each operator start): hook the
   * head deadline into the connections its socket accepts. The counters are made once.
   */
  private static Function<HttpServer, Future<Void>> deadlineHook(String label, Duration timeout,
      PrometheusMeterRegistry registry, Tags tags) {
    Map<HeadDeadline.Cut, Counter> cuts = new EnumMap<>(HeadDeadline.Cut.class);
    for (HeadDeadline.Cut cut : HeadDeadline.Cut.values()) {
      cuts.put(cut, Counter.builder("cdn.client.timeouts")
          .description("Client connections closed for a request head or body not delivered "
              + "in time")
          .tags(tags).tag("phase", cut.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
    HeadDeadline.Listener listener = (cut, ctx) -> {
      cuts.get(cut).increment();
      LOG.debug("{}: closed the connection of {}: no complete request {} in {} ms", label,
          ctx.channel().remoteAddress(), cut == HeadDeadline.Cut.HEAD ? "head" : "body",
          timeout.toMillis());
    };
    long nanos = timeout.toNanos();
    return server -> {
      try {
        return AcceptHook.install(server, () -> new HeadDeadline(nanos, listener));
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.error("{}: request head deadlines are off, Vert.x's server could not be hooked: {}",
            label, e.toString());
        return Future.succeededFuture();
      }
    };
  }

  /**
   * Lets a connection's deadline see its HTTP/1 heads and ends, or turns it off for HTTP/2.
   * Runs on the connection's event loop, before its first request is handed on.
   */
  private static void observe(io.vertx.core.http.HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    Channel channel = base.channel();
    HeadDeadline deadline = channel.pipeline().get(HeadDeadline.class);
    if (deadline == null) {
      return;
    }
    if (connection instanceof Http1xServerConnection) {
      channel.pipeline().addBefore("handler", "edgecdn-head-observer", deadline.observer());
    } else {
      // HTTP/2: Netty bounds its frames and Vert.x its streams; a stream's head is one HEADERS
      // frame sequence, not a trickle this clock could see.
      deadline.off();
    }
  }

  /**
   * Puts a {@link DirectAnswerHandler} in front of Vert.x's handler of an HTTP/1 connection,
   * behind the head deadline's observer, and moves the idle timeout where it sees direct
   * answers ({@link #idleTimeoutBeforeDecoder}). Runs, as {@link #observe}, before the first
   * request.
   */
  private static void answerDirectly(String label, io.vertx.core.http.HttpConnection connection,
      DirectAnswers direct) {
    if (!(connection instanceof Http1xServerConnection base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(DirectAnswerHandler.ENCODER) == null || pipeline.get("httpDecoder") == null
        || pipeline.get("handler") == null) {
      // Vert.x named its HTTP/1 handlers otherwise (an upgrade): hits go through Vert.x.
      if (!pipelineUnknown) {
        pipelineUnknown = true;
        LOG.warn("{}: Vert.x's HTTP/1 pipeline is not the one direct hits know ({}); hits are "
            + "answered through Vert.x", label, pipeline.names());
      }
      return;
    }
    idleTimeoutBeforeDecoder(pipeline);
    pipeline.addBefore("handler", "edgecdn-direct-answers",
        new DirectAnswerHandler(label, direct, pipeline.get(HeadDeadline.class)));
  }

  /**
   * Vert.x's idle timeout ({@code IdleStateHandler}, behind the encoder) counts a connection
   * idle from its last read or write passing it, and direct answers are written below the
   * encoder: it is moved in front of the decoder, where it sees every read and every write.
   * There it becomes an {@link IdleTimeout} of the same time, which costs a hit a flag rather
   * than a clock read and a promise per write (a connection with read or write timeouts of its
   * own keeps Netty's handler).
   */
  private static void idleTimeoutBeforeDecoder(ChannelPipeline pipeline) {
    if (!(pipeline.get(IDLE) instanceof IdleStateHandler idle)
        || idle.getClass() != IdleStateHandler.class) {
      return;
    }
    pipeline.remove(IDLE);
    boolean allIdleOnly = idle.getReaderIdleTimeInMillis() == 0
        && idle.getWriterIdleTimeInMillis() == 0 && idle.getAllIdleTimeInMillis() > 0;
    pipeline.addBefore("httpDecoder", IDLE, allIdleOnly
        ? new IdleTimeout(idle.getAllIdleTimeInMillis(), TimeUnit.MILLISECONDS)
        : new IdleStateHandler(idle.getReaderIdleTimeInMillis(),
            idle.getWriterIdleTimeInMillis(), idle.getAllIdleTimeInMillis(),
            TimeUnit.MILLISECONDS));
  }

  /** Vert.x's name for a server connection's idle-timeout handler. */
  private static final String IDLE = "idle";

  /** Said once per process: the pipeline lacked a handler direct hits need. */
  private static volatile boolean pipelineUnknown;

  /** Serves {@code prefix} and below on the admin port with {@code handler}. */
  public void mountAdmin(String prefix, Handler<HttpServerRequest> handler) {
    admin.mount(prefix, handler);
  }

  public int port() {
    return traffic.port();
  }

  /** The traffic port, which an operator may stop and start ({@link NodeControlApi}). */
  public TrafficPort traffic() {
    return traffic;
  }

  public int adminPort() {
    return admin.port();
  }

  public Future<Void> close() {
    return Future.join(traffic.close(), admin.close()).mapEmpty();
  }
}
