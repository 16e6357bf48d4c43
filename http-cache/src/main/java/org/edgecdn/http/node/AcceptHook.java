package org.edgecdn.http.node;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Puts a handler of ours first in the pipeline of every connection a Vert.x HTTP server
 * accepts, before Vert.x's own.
 *
 * <p>Vert.x 5 has no such hook: its connection handler runs only once a connection has shown
 * itself HTTP/1 (its first whole head decoded) or HTTP/2 (preface and SETTINGS read), too late
 * for a head that never completes. So this reaches, once at start, the listening Netty channel
 * behind the server ({@code HttpServerImpl.tcpServer}, {@code NetServerImpl.actualServer} and
 * {@code bindFuture}) and adds a handler before its acceptor, which sees each accepted channel
 * before it is registered. Those are private fields of Vert.x 5.0: an upgrade that renames
 * them makes {@link #install} fail, and the node's tests say so.
 */
final class AcceptHook {

  private static final String NAME = "edgecdn-accept";

  private AcceptHook() {}

  /**
   * Adds {@code perConnection.get()} first to each connection {@code server} accepts. The hook
   * is added on the listening channel's own event loop (the acceptor's); the future completes
   * once it is in place, so a client told the port is open meets it. Connections accepted
   * between the bind and then are not hooked.
   */
  static Future<Void> install(HttpServer server, Supplier<ChannelHandler> perConnection)
      throws ReflectiveOperationException {
    Object tcpServer = field(server, "tcpServer");
    // Servers of several event loops on one port share the first one's socket: whichever
    // server is given, that socket is the one hooked (once per listen, by the caller).
    Object actual = field(tcpServer, "actualServer");
    Future<?> bound = (Future<?>) field(actual == null ? tcpServer : actual, "bindFuture");
    Channel listening = (Channel) bound.result();
    Promise<Void> installed = Promise.promise();
    // Completed back on the caller's context, so what the caller chains on runs where it did.
    Context caller = Vertx.currentContext();
    listening.eventLoop().execute(() -> {
      listening.pipeline().addFirst(NAME, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof Channel accepted) {
            accepted.pipeline().addFirst("edgecdn-head-deadline", perConnection.get());
          }
          ctx.fireChannelRead(msg);
        }
      });
      complete(caller, installed);
    });
    return installed.future();
  }

  /** Completes {@code done} on {@code caller}'s context, if there is one. */
  private static void complete(Context caller, Promise<Void> done) {
    if (caller == null) {
      done.complete();
    } else {
      caller.runOnContext(ignored -> done.complete());
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException e) {
        // look further up
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }
}
