package org.edgecdn.http.forward;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.edgecdn.http.HostPort;

/** The HTTP client a node forwards with: keep-alive pooled connections to its upstreams. */
public final class UpstreamClients {

  /** Connections kept per upstream address. */
  public static final int MAX_CONNECTIONS_PER_UPSTREAM = 256;

  private UpstreamClients() {}

  /**
   * @param source when given and a specific address, outgoing connections leave from it, so the
   *     next tier can recognise this node by its source address
   */
  public static HttpClientAgent create(Vertx vertx, long connectTimeoutMillis, HostPort source) {
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setKeepAliveTimeout(30)
        .setConnectTimeout((int) connectTimeoutMillis);
    if (source != null && !source.host().equals("0.0.0.0") && !source.host().equals("::")) {
      options.setLocalAddress(source.host());
    }
    return vertx.createHttpClient(options,
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_UPSTREAM));
  }
}
