package org.edgecdn.launcher.run;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x runtime a node process runs on: Netty's native transport where the platform has
 * one (epoll on Linux, from {@code netty-transport-native-epoll} on the classpath), NIO
 * elsewhere. Native epoll writes a response with fewer copies and system calls than NIO, which
 * shows on the hit path (docs/performance.md).
 */
public final class NodeRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private NodeRuntime() {}

  /** A Vert.x instance preferring the native transport; logs which one it got. */
  public static Vertx create() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("transport: native (epoll on Linux)");
    } else {
      Throwable cause = vertx.unavailableNativeTransportCause();
      LOG.info("transport: NIO (native transport unavailable: {})",
          cause == null ? "unknown" : cause.toString());
    }
    return vertx;
  }
}
