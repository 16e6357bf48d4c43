package org.edgecdn.http.node;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.edgecdn.http.HostPort;

/**
 * One traffic port served from {@code loops} event loops, as nginx runs a worker per core.
 *
 * <p>Each loop is one instance of a deployment, so it has an event-loop context of its own, and
 * listens with its own {@link HttpServer} on the same address. Vert.x shares one bound socket
 * among the servers of a Vertx instance that listen on the same host and port: the first binds,
 * each later one adds its event loop as a worker, and accepted connections are handed to the
 * workers in turn (Vert.x 5 {@code NetServerImpl.listen}, {@code ServerChannelLoadBalancer}). A
 * connection then stays on its loop, and so does every request on it.
 *
 * <p><b>Note:</b> port 0 is not shared (each listen would pick its own port): it is replaced by
 * a shared random port ({@link SocketAddress#sharedRandomPort}) with an id of this process's
 * own, which Vert.x binds once, on a free port, for all the servers naming that id.
 *
 * <p>Undeploying closes the servers, so {@link #close} stops every loop's; {@link #shutdown}
 * first lets each server's open connections finish their responses.
 *
 * <p>One loop is one server listening from the node's starting context ({@code home}), without
 * a deployment, as a node listened before it had several: that loop serves it, also when an
 * operator starts the port again from the admin port's loop. (A test's client and node then
 * share one loop, so a response's end handlers run before the client reads it.)
 */
final class TrafficLoops {

  /** Ids of shared random ports, unique in the process so two nodes never share one. */
  private static final AtomicInteger SHARED_PORT_IDS = new AtomicInteger();

  private final Vertx vertx;
  private final Context home;
  private final int loops;
  private final Supplier<HttpServer> servers;
  private final List<HttpServer> listening = new CopyOnWriteArrayList<>();
  /** The deployment of several loops' servers, or null (one loop, or not listening). */
  private volatile String deployment;

  /**
   * @param home the context one loop listens from
   * @param servers makes one loop's server, with its handlers set
   */
  TrafficLoops(Vertx vertx, Context home, int loops, Supplier<HttpServer> servers) {
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1, not " + loops);
    }
    this.vertx = vertx;
    this.home = home;
    this.loops = loops;
    this.servers = servers;
  }

  /** Listens on {@code address} from every loop; fails, having closed all, if one cannot. */
  Future<Void> listen(HostPort address) {
    SocketAddress at = address.port() == 0
        ? SocketAddress.sharedRandomPort(SHARED_PORT_IDS.incrementAndGet(), address.host())
        : SocketAddress.inetSocketAddress(address.port(), address.host());
    listening.clear();
    if (loops == 1) {
      HttpServer server = servers.get();
      listening.add(server);
      if (Vertx.currentContext() == home) {
        return server.listen(at).mapEmpty();
      }
      Promise<HttpServer> bound = Promise.promise();
      home.runOnContext(ignored -> server.listen(at).onComplete(bound));
      return bound.future().mapEmpty();
    }
    return vertx.deployVerticle(() -> new Loop(at), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> deployment = id)
        .mapEmpty();
  }

  /** Completes after {@code millis}, from a timer of the node's Vert.x. */
  Future<Void> after(long millis) {
    return vertx.timer(millis, TimeUnit.MILLISECONDS).mapEmpty();
  }

  /** The bound port (the one picked when the address said 0). */
  int port() {
    return listening.get(0).actualPort();
  }

  /** Every loop's server, once {@link #listen} has succeeded. */
  List<HttpServer> servers() {
    return List.copyOf(listening);
  }

  /**
   * Stops listening at once, lets open connections finish their responses for up to
   * {@code timeout}, then closes what is left (Vert.x's graceful shutdown, on every loop's
   * server).
   */
  Future<Void> shutdown(long timeout, TimeUnit unit) {
    List<Future<Void>> down = new ArrayList<>();
    for (HttpServer server : listening) {
      down.add(server.shutdown(timeout, unit));
    }
    return Future.join(down).transform(ignored -> close());
  }

  /** Closes every loop's server: undeploys them, or closes the one loop's. */
  Future<Void> close() {
    String id = deployment;
    deployment = null;
    if (id != null) {
      return vertx.undeploy(id);
    }
    return Future.join(listening.stream().map(HttpServer::close).toList()).mapEmpty();
  }

  /** One event loop's server: deployed on that loop's context, so it listens from there. */
  private final class Loop implements Deployable {
    private final SocketAddress address;
    private HttpServer server;

    Loop(SocketAddress address) {
      this.address = address;
    }

    @Override
    public Future<?> deploy(Context context) {
      server = servers.get();
      listening.add(server);
      return server.listen(address);
    }

    @Override
    public Future<?> undeploy(Context context) {
      return server.close();
    }
  }
}
