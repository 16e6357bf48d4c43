package org.edgecdn.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import java.time.Duration;

/**
 * Resolves a target's host name through a given DNS server before a run, with Vert.x's
 * asynchronous {@link DnsClient}, so the run connects to the address that server answers (a geo
 * DNS's choice of edge) while sending the original Host header.
 *
 * <p><b>Note:</b> Vert.x's DnsClient cannot bind a local address, so the query leaves from the
 * default source address for the server (127.0.0.1 for a server on loopback), not from a
 * {@code --source} address, and carries no EDNS Client Subnet. A DNS that steers by source
 * address answers for the default address.
 */
public final class DnsLookup {

  private DnsLookup() {}

  /**
   * The first IPv4 address {@code server} gives for {@code name}, following a CNAME in the
   * answer.
   *
   * @param server {@code host:port}, e.g. {@code 127.0.0.1:5353}; the port defaults to 53
   */
  public static Future<String> ipv4(Vertx vertx, String server, String name, Duration timeout) {
    HostAndPortText at = HostAndPortText.parse(server, 53);
    DnsClient client = vertx.createDnsClient(new DnsClientOptions()
        .setHost(at.host()).setPort(at.port()).setQueryTimeout(timeout.toMillis())
        .setRecursionDesired(false));
    return client.lookup4(name)
        .compose(address -> address == null
            ? Future.failedFuture("no A record for " + name + " from " + server)
            : Future.succeededFuture(address))
        .eventually(client::close);
  }

  /** A DNS server's address: {@code host:port}, {@code [v6]:port} or a bare host. */
  public record HostAndPortText(String host, int port) {
    public static HostAndPortText parse(String text, int defaultPort) {
      String host = text;
      int port = defaultPort;
      int colon = text.lastIndexOf(':');
      boolean bracketed = text.startsWith("[");
      if (colon > 0 && (!bracketed || text.charAt(colon - 1) == ']')
          && (bracketed || text.indexOf(':') == colon)) {
        host = text.substring(0, colon);
        try {
          port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad DNS server " + text + ": use host:port");
        }
      }
      if (bracketed) {
        host = host.substring(1, host.length() - 1);
      }
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw new IllegalArgumentException("bad DNS server " + text + ": use host:port");
      }
      return new HostAndPortText(host, port);
    }
  }
}
