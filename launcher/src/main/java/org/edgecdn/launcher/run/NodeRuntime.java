package org.edgecdn.launcher.run;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import org.edgecdn.http.metrics.ProcessMeters;
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

  /** Vert.x's switch for keeping the rendered bytes of read-only response fields. */
  static final String CACHE_RENDERED_HEADERS = "vertx.cacheImmutableHttpResponseHeaders";

  private NodeRuntime() {}

  /**
   * A Vert.x instance preferring the native transport, with Vert.x's own meters (pools, event
   * bus, TCP sockets) in a process registry that every node's {@code /metrics} appends ({@link
   * ProcessMeters}); logs which transport it got. Labels stay bounded: local address and pool,
   * never the remote address or a path.
   *
   * <p>Its HTTP server and client meters are off: they look their meters up in the registry on
   * every request and response, which measured about a sixth of a 1 KiB hit's CPU
   * (docs/performance.md), and the nodes' own {@code cdn_*} metrics count the same requests per
   * site and PoP.
   *
   * @param httpLoops the event loops each node serves its traffic port from: the instance has
   *     at least that many (Vert.x's default is two per processor)
   */
  public static Vertx create(int httpLoops) {
    // A plain hit's fields are one read-only map per entry and second (HitHeads): Vert.x then
    // writes its bytes as rendered the first time instead of encoding every field per response.
    System.setProperty(CACHE_RENDERED_HEADERS, "true");
    PrometheusMeterRegistry processRegistry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMeters.set(processRegistry);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true)
            .setEventLoopPoolSize(
                Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, httpLoops))
            .setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(false)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                .setLabels(EnumSet.of(Label.LOCAL, Label.POOL_TYPE, Label.POOL_NAME))))
        .withMetrics(new MicrometerMetricsFactory(processRegistry))
        .build();
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
