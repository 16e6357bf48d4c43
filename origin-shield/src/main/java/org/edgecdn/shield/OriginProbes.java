package org.edgecdn.shield;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.edgecdn.http.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: for each site with a configured check, GET its path on every origin at
 * the configured interval. A 2xx or 3xx within the interval marks the origin up; anything else
 * marks it down until the next probe succeeds. Transitions are logged, once each.
 */
final class OriginProbes {

  private static final Logger LOG = LoggerFactory.getLogger(OriginProbes.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final String shieldName;
  private final List<Long> timers = new ArrayList<>();

  OriginProbes(Vertx vertx, HttpClient client, String shieldName) {
    this.vertx = vertx;
    this.client = client;
    this.shieldName = shieldName;
  }

  void watch(OriginPool pool) {
    Site site = pool.site();
    site.healthCheck().ifPresent(check -> {
      for (OriginPool.OriginState origin : pool.origins()) {
        timers.add(vertx.setPeriodic(0, check.intervalMillis(),
            id -> probe(pool, origin, check)));
      }
    });
  }

  private void probe(OriginPool pool, OriginPool.OriginState origin, Site.HealthCheck check) {
    var address = origin.upstream.address();
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(address.port(), address.host()))
        .setHost(pool.site().domains().isEmpty() ? address.host() : pool.site().domains().get(0))
        .setSsl(origin.upstream.tls())
        .setURI(check.path())
        .setConnectTimeout(check.intervalMillis())
        .setIdleTimeout(check.intervalMillis());
    client.request(request)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(ignored -> resp.statusCode()))
        .onComplete(result -> {
          boolean healthy = result.succeeded() && result.result() < 400;
          if (healthy != origin.probeHealthy) {
            String why = result.succeeded() ? "status " + result.result()
                : result.cause().getMessage();
            if (healthy) {
              LOG.info("shield {} site {}: origin {} is healthy again", shieldName,
                  pool.site().name(), address);
            } else {
              LOG.warn("shield {} site {}: origin {} failed its health check {} ({})", shieldName,
                  pool.site().name(), address, check.path(), why);
            }
          }
          pool.probed(origin.upstream, healthy);
        });
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
  }
}
