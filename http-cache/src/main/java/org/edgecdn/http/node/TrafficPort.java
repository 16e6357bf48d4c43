package org.edgecdn.http.node;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.PortProbe;

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
   * How often, and how far apart, a stop looks whether its address can be bound again before
   * it reports the port stopped (see {@link #released}): long enough for the JDK transport's
   * late close, short enough that a stop is not held up by another process taking the port.
   */
  static final int RELEASE_PROBES = 20;
  static final long RELEASE_PROBE_MILLIS = 25;

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
  /** Whether the address can be bound now ({@link PortProbe}; a fake in tests). */
  private final Predicate<InetSocketAddress> canBind;
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
      long graceMillis, Predicate<InetSocketAddress> canBind) {
    this.label = label;
    this.ports = ports;
    this.listening = listening;
    this.current = current;
    this.address = address;
    this.graceMillis = graceMillis;
    this.canBind = canBind;
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
    return open(label, listen, ports, listening, graceMillis, PortProbe::canBind);
  }

  /** As above, with {@code canBind} telling whether a stopped port's address is free again. */
  static Future<TrafficPort> open(String label, HostPort listen, Supplier<TrafficLoops> ports,
      Function<HttpServer, Future<Void>> listening, long graceMillis,
      Predicate<InetSocketAddress> canBind) {
    return listen(label, ports.get(), listen, listening)
        .map(bound -> new TrafficPort(label, ports, listening, bound,
            listen.withPort(bound.port()), graceMillis, canBind));
  }

  /** Serving while servers listen and no stop has been asked for since they were started. */
  public State state() {
    return !stopAsked && current != null ? State.SERVING : State.STOPPED;
  }

  /** The bound port; it stays the same across stops and starts. */
  public int port() {
    return address.port();
  }

  /**
   * Stops taking traffic; completes once open connections have ended (or the grace is over)
   * and the address can be bound again, so that a start right after it finds the port free.
   */
  public synchronized Future<State> stop() {
    stopAsked = true;
    last = last.transform(ignored -> {
      TrafficLoops serving = current;
      if (serving == null) {
        return Future.succeededFuture(State.STOPPED);
      }
      current = null;
      return serving.shutdown(graceMillis, TimeUnit.MILLISECONDS)
          .transform(done -> released(serving, probeAddress(), RELEASE_PROBES))
          .map(State.STOPPED);
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
      return listen(label, ports.get(), address, listening)
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
   * Completes once a probe can bind {@code probed} (at once when it is null: a name), or after
   * {@code probesLeft} probes {@link #RELEASE_PROBE_MILLIS} apart, whichever comes first.
   * Vert.x reports a server closed before the JDK's NIO selector has let go of its listening
   * socket (it closes a registered channel's descriptor at the selector's next select), so
   * without this a start right after a stop could meet the node's own old socket. Native
   * epoll, which nodes prefer, closes at once; the JDK transport is their fallback, and the
   * tests'. Only an IP literal is probed: a name would be resolved here, on an event loop.
   */
  private Future<Void> released(TrafficLoops timers, InetSocketAddress probed,
      int probesLeft) {
    if (probed == null || probesLeft <= 0 || canBind.test(probed)) {
      return Future.succeededFuture();
    }
    return timers.after(RELEASE_PROBE_MILLIS)
        .compose(ignored -> released(timers, probed, probesLeft - 1));
  }

  /** The port's address to probe, or null when its host is a name rather than an IP literal. */
  private InetSocketAddress probeAddress() {
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(address.host());
    if (ip == null) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), address.port());
    } catch (UnknownHostException notAnAddress) {
      throw new IllegalStateException("not an IP address: " + address.host(), notAnAddress);
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
