package org.edgecdn.http.node;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.HostPort;

/**
 * A node's traffic listener, which an operator can take out of service and bring back while the
 * node itself (admin port, cache, cluster member) keeps running.
 *
 * <p>Stopped, the node looks to its clients as a stopped process would: the listening socket is
 * closed, so new connections are refused. Open connections end gracefully (Vert.x's server
 * shutdown): an idle keep-alive connection is closed at once, one with a response in flight is
 * closed when that response has been sent, and whatever is still open after {@link #GRACE_MILLIS}
 * is cut. Its state is {@code stopped} from the moment the stop is asked for, so the node's
 * {@code /healthz} turns 503 at once and the DNS moves its clients on.
 *
 * <p>Started again, it listens on the address it had (the bound port, also when the configured
 * one was 0). A Vert.x server is not reopened after a shutdown, so each start listens with new
 * ones ({@link TrafficLoops}: one server per event loop), built as the first were. Stops and
 * starts run one after the other, in the order asked, so concurrent requests cannot interleave a
 * listen with a shutdown; both are idempotent.
 */
public final class TrafficPort {

  /** How long open connections may finish their responses once the port is stopped. */
  public static final long GRACE_MILLIS = 5_000;
  /**
   * How often, and how far apart, a start looks again at an address in use: long enough for
   * the node's own old socket to be released (see {@link #relisten}), short enough that an
   * operator whose port something else took hears so within half a second.
   */
  static final int START_ATTEMPTS = 20;
  static final long START_RETRY_MILLIS = 25;

  /** Whether the port takes traffic. Wire names as in {@code /healthz} and the control API. */
  public enum State {
    SERVING("serving"),
    STOPPED("stopped");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final String label;
  private final Supplier<TrafficLoops> ports;
  private final Function<HttpServer, Future<Void>> listening;
  private final HostPort address;
  private final long graceMillis;
  /** The listening servers, null while stopped; changed only by the serialized steps. */
  private volatile TrafficLoops current;
  /**
   * A stop (or the close) was asked for after the last start. Set at once, before the stop's
   * turn comes, so the port reports stopped from the moment it is asked.
   */
  private volatile boolean stopAsked;
  /** The last stop or start asked for; the next one runs after it. */
  private Future<State> last;

  private TrafficPort(String label, Supplier<TrafficLoops> ports,
      Function<HttpServer, Future<Void>> listening, TrafficLoops current, HostPort address,
      long graceMillis) {
    this.label = label;
    this.ports = ports;
    this.listening = listening;
    this.current = current;
    this.address = address;
    this.graceMillis = graceMillis;
    this.last = Future.succeededFuture(State.SERVING);
  }

  /**
   * Listens on {@code listen} with servers from {@code ports}.
   *
   * @param label the node as operators name it ({@code edge eu}), for bind failures
   * @param ports makes the configured servers (handlers set), once per start
   * @param listening told of the port's servers once they listen (one of them: they share one
   *     socket), so it may hook that socket's accepts; the port is reported open once what it
   *     returns completes
   */
  static Future<TrafficPort> open(String label, HostPort listen, Supplier<TrafficLoops> ports,
      Function<HttpServer, Future<Void>> listening, long graceMillis) {
    return listen(label, ports.get(), listen, listening)
        .map(bound -> new TrafficPort(label, ports, listening, bound,
            listen.withPort(bound.port()), graceMillis));
  }

  /** Serving while servers listen and no stop has been asked for since they were started. */
  public State state() {
    return !stopAsked && current != null ? State.SERVING : State.STOPPED;
  }

  /** The bound port; it stays the same across stops and starts. */
  public int port() {
    return address.port();
  }

  /** Stops taking traffic; completes once open connections have ended (or the grace is over). */
  public synchronized Future<State> stop() {
    stopAsked = true;
    last = last.transform(ignored -> {
      TrafficLoops serving = current;
      if (serving == null) {
        return Future.succeededFuture(State.STOPPED);
      }
      current = null;
      return serving.shutdown(graceMillis, TimeUnit.MILLISECONDS)
          .transform(done -> Future.succeededFuture(State.STOPPED));
    });
    return last;
  }

  /**
   * Listens again on the same address. Fails with a {@link BindFailure} ("is already in use")
   * when something else has taken it meanwhile; the port then stays stopped.
   */
  public synchronized Future<State> start() {
    stopAsked = false;
    Future<State> started = last.transform(ignored -> {
      if (current != null) {
        return Future.succeededFuture(State.SERVING);
      }
      return relisten()
          .map(bound -> {
            current = bound;
            return State.SERVING;
          });
    });
    // A failed start must not fail the steps queued after it.
    last = started.otherwise(error -> state());
    return started;
  }

  /** Closes the port for good (the node is closing). */
  synchronized Future<Void> close() {
    stopAsked = true;
    Future<State> closed = last.transform(ignored -> {
      TrafficLoops serving = current;
      current = null;
      return serving == null ? Future.succeededFuture(State.STOPPED)
          : serving.close().map(State.STOPPED);
    });
    last = closed;
    return closed.mapEmpty();
  }

  /**
   * Listens again on the port's address. Vert.x reports a server closed before Java's NIO
   * selector has let go of its listening socket (the JDK closes a registered channel's
   * descriptor at the selector's next select), so a start right after a stop can meet the
   * node's own old socket. An address in use is therefore watched for a few
   * {@link #START_RETRY_MILLIS} steps before it counts as taken. The watching is a bare bind
   * probe, not new servers: Vert.x keeps a server whose listen failed until Vert.x itself
   * closes. Native epoll, which nodes prefer, closes at once; the JDK's transport is their
   * fallback, and the tests'.
   */
  private Future<TrafficLoops> relisten() {
    TrafficLoops first = ports.get();
    return listen(label, first, address, listening).recover(error -> {
      if (!(error instanceof BindFailure failure && failure.inUse())) {
        return Future.failedFuture(error);
      }
      return whenReleased(first, START_ATTEMPTS - 1).compose(released -> released
          ? listen(label, ports.get(), address, listening)
          : Future.failedFuture(error));
    });
  }

  /** True once a probe could bind the address, false after {@code probesLeft} refusals. */
  private Future<Boolean> whenReleased(TrafficLoops timers, int probesLeft) {
    if (probesLeft <= 0) {
      return Future.succeededFuture(false);
    }
    return timers.after(START_RETRY_MILLIS).compose(ignored -> couldBind(address)
        ? Future.succeededFuture(true)
        : whenReleased(timers, probesLeft - 1));
  }

  /**
   * Whether a bind to {@code address} succeeds now, with {@code SO_REUSEADDR} as Vert.x binds.
   * Only an IP literal is probed: a name would be resolved here, on an event loop, so it is
   * taken as free and the listen itself tells.
   */
  private static boolean couldBind(HostPort address) {
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(address.host());
    if (ip == null) {
      return true;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByAddress(ip), address.port()));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** Listens with {@code loops}, then lets {@code listening} see their socket. */
  private static Future<TrafficLoops> listen(String label, TrafficLoops loops, HostPort address,
      Function<HttpServer, Future<Void>> listening) {
    return loops.listen(address)
        .recover(error -> Future.failedFuture(
            BindFailure.describe(label, "traffic", address, error)))
        .compose(bound -> listening.apply(loops.servers().get(0)).map(loops));
  }
}
