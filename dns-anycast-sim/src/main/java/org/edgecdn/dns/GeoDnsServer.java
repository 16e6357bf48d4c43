package org.edgecdn.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.resolve.Outcome;
import org.edgecdn.dns.resolve.QueryResolver;
import org.edgecdn.dns.resolve.ResponseWire;
import org.edgecdn.dns.rrl.Action;
import org.edgecdn.dns.rrl.ResponseKind;
import org.edgecdn.dns.rrl.ResponseRateLimiter;
import org.edgecdn.dns.zone.ZoneSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative geo-DNS server: answers for the network's zone and the customers' domains,
 * and steers every client to the nearest healthy PoP (DESIGN §6).
 *
 * <h2>1. What it answers</h2>
 * For zone {@code cdn.test} and a site {@code shop} with domains {@code www.shop.example} and
 * {@code shop.example}:
 * <pre>
 *   cdn.test.          SOA ns1.cdn.test. hostmaster.cdn.test. 1 ... minimum=ttl;  NS ns1.cdn.test.
 *   ns1.cdn.test.      A   the listen address if IPv4, else 127.0.0.1
 *   shop.cdn.test.     A   the chosen PoP                         (AAAA for an IPv6 PoP)
 *   shop.example.      SOA, NS as above; A the chosen PoP         (a zone apex cannot be a CNAME)
 *   www.shop.example.  CNAME shop.cdn.test.                       (followed in the same answer)
 * </pre>
 * Which customer domains are zone apexes is explained in {@link org.edgecdn.dns.zone.ZoneSet}.
 *
 * <h2>2. How a query is answered</h2>
 * A message goes through {@link QueryResolver#handle}, which needs no socket and is unit-tested
 * directly: header checks (drop, NOTIMP, FORMERR), then the lookup after RFC 1034 §4.3.2 (REFUSED
 * outside our zones, NXDOMAIN/NODATA with the SOA per RFC 2308, CNAME then the target's records,
 * RFC 8482 minimal ANY), then EDNS (RFC 6891: OPT back with payload 1232; RFC 7871: the Client
 * Subnet option echoed with a scope), then the size limit of the transport with TC set when the
 * reply does not fit (see {@link org.edgecdn.dns.resolve.ResponseWire}). Encoded NOERROR and
 * NXDOMAIN replies are kept and sent again, patched with the query's ID, question case and
 * Client Subnet address, to later queries that would get the same reply (same question, flags,
 * EDNS, size limit, subnet prefix and PoP); a health change changes the PoP and so the entry.
 *
 * <h2>3. How steering works</h2>
 * The client's location is the Client Subnet address if the query carries one, else the packet's
 * source address, looked up in the CIDR table (longest prefix match) to a latitude and longitude.
 * Among the PoPs that {@link PopHealth} calls healthy, the one of lowest effective cost wins:
 * the RTT from the client's region in the latency matrix ({@link DnsOptions#steering()}) when
 * that region has a row (a PoP the row leaves out priced by an RTT estimated from its distance),
 * else the great-circle (haversine) distance, divided by the PoP's weight; weight 0 drains a
 * PoP. A client with no known location gets the first healthy, undrained PoP in configuration
 * order. If no PoP is healthy, the choice is made among all of them (fail open) and a warning is
 * logged once per outage. The choice is computed once per location row and set of healthy PoPs
 * and then served from memory, with no distance, matrix lookup or division per query. See
 * {@link org.edgecdn.dns.geo.NearestPopSelector}.
 *
 * <h2>4. Transports and threads</h2>
 * UDP is served by {@link DnsOptions#udpThreads()} threads of its own, never a Vert.x event loop
 * (a Vert.x datagram socket halved throughput: a host name resolved and a promise made per
 * packet). By default a blocking NIO {@code DatagramChannel} is read and written one datagram
 * at a time, replying to the address {@code receive} returned. With the system property
 * {@value UdpListener#TRANSPORT_PROPERTY}{@code =epoll} on Linux, Netty's native epoll transport
 * runs in an event loop group that the server owns: each read takes up to
 * {@value EpollUdpListener#BATCH} datagrams with one {@code recvmmsg}, each is answered on that
 * thread, the replies of a read leave with one {@code sendmmsg}, and each thread has a socket of
 * its own ({@code SO_REUSEPORT}); it is not the default because it did not measure faster (see
 * {@link UdpListener}). TCP is a Vert.x {@link NetServer} (two-byte length prefix, several
 * queries per connection) on the event loop, where nothing blocks; see section 5 for its idle
 * timeout and per-client cap. Both
 * share one host and port, and both call the same resolver at once, so everything a query
 * touches is immutable or thread-safe: the zones and the location table are immutable maps, the
 * selector asks {@link PopHealth} from memory and caches its choice per location row, rate
 * limiting takes a lock, counters are concurrent. Addresses are parsed as literals and never
 * resolved. With port 0 UDP binds first to a free port and TCP then takes the same number,
 * starting over with a new port if TCP finds it taken. {@link #close()} closes the UDP sockets
 * and waits for their threads to end.
 *
 * <p><b>Note:</b> Vert.x shares a TCP listening socket among {@code NetServer}s of one
 * {@code Vertx} that listen on the same host and port. Two DNS servers cannot end up sharing it,
 * since each binds UDP first and a second UDP bind fails (the epoll listener checks the port
 * without {@code SO_REUSEPORT} before its sockets join on it).
 *
 * <h2>5. Abuse: response rate limiting</h2>
 * Every UDP reply, once built, goes past a {@link ResponseRateLimiter} keyed by the source's
 * /24 (/56): within the limit it is sent, over it it is dropped or, every
 * {@link org.edgecdn.dns.rrl.RrlOptions#slip() slip}-th time, replaced by its truncated form (TC
 * set) so a real resolver retries over TCP. TCP replies are never limited. See
 * {@link ResponseRateLimiter} and {@link DnsOptions#rrl()}.
 *
 * <p>TCP connections cost a file descriptor each, so they are bounded ({@link DnsOptions#tcp()},
 * RFC 7766 §6.2.3): a connection idle for {@link TcpOptions#idleTimeout()} (10 s) is closed, and
 * a client (an IPv4 address, an IPv6 /64) that already has
 * {@link TcpOptions#connectionsPerClient()} (16) open has its next connection closed as soon as
 * it is accepted, before anything is read from it. The count per client is kept in a concurrent
 * map ({@link ClientConnections}) and drops when a connection closes, whoever closes it.
 *
 * <h2>6. What it reports</h2>
 * {@code cdn_dns_queries_total{rcode,pop,transport}}, {@code cdn_dns_rrl_limited_total{action}}
 * and {@code cdn_dns_tcp_connections_refused_total} on the given registry; at debug level one log
 * line per refused, malformed or dropped message and per TCP connection refused, with the
 * reason. Health is reported by the {@link PopHealth} given, e.g.
 * {@link org.edgecdn.dns.health.EdgeProbes} ({@code cdn_dns_pop_up{pop}}).
 *
 * <h2>7. Not yet</h2>
 * DNSSEC, zone transfers, TSIG; see DESIGN §6.
 *
 * <h2>References</h2>
 * [1] RFC 1034, 1035: the DNS. [2] RFC 2181 §9 (TC), §10.1 (CNAME). [3] RFC 2308: negative
 * caching. [4] RFC 6891: EDNS(0). [5] RFC 7766: DNS over TCP. [6] RFC 7871: Client Subnet.
 * [7] RFC 8482: minimal ANY. [8] RFC 8020: NXDOMAIN means nothing below.
 */
public final class GeoDnsServer {

  private static final Logger log = LoggerFactory.getLogger(GeoDnsServer.class);

  /** With port 0: how often to try a new free port when TCP cannot take UDP's port. */
  static final int BIND_ATTEMPTS = 5;

  private final Vertx vertx;
  private final DnsOptions options;
  private final QueryResolver resolver;
  private final QueryMetrics metrics;
  private final ResponseRateLimiter limiter;
  private final ClientConnections tcpClients;
  private UdpListener udp;
  private NetServer tcp;
  private int port;

  private GeoDnsServer(
      Vertx vertx,
      DnsOptions options,
      QueryResolver resolver,
      QueryMetrics metrics,
      ResponseRateLimiter limiter) {
    this.vertx = vertx;
    this.options = options;
    this.resolver = resolver;
    this.metrics = metrics;
    this.limiter = limiter;
    this.tcpClients = new ClientConnections(options.tcp().connectionsPerClient());
  }

  /**
   * Starts a server listening on {@code options.host():options.port()} over UDP and TCP. The
   * future fails if either cannot bind, with a message such as {@code DNS dns: 127.0.0.1:5353/udp
   * is already in use}.
   */
  public static Future<GeoDnsServer> start(
      Vertx vertx, DnsOptions options, PopHealth health, MeterRegistry registry) {
    return start(vertx, options, health, registry, System::nanoTime);
  }

  /** As above, with the clock of rate limiting given: tests advance it instead of sleeping. */
  static Future<GeoDnsServer> start(
      Vertx vertx,
      DnsOptions options,
      PopHealth health,
      MeterRegistry registry,
      LongSupplier nanos) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(registry, "registry");
    GeoDnsServer server;
    try {
      server =
          new GeoDnsServer(
              vertx,
              options,
              QueryResolver.create(options, health),
              new QueryMetrics(registry),
              new ResponseRateLimiter(options.rrl(), nanos));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return server.bind(BIND_ATTEMPTS).map(v -> {
      log.info(
          "DNS {} listening on {} (udp on {} x {}, tcp): zone {}, {} PoPs, {} sites, {} location "
              + "rows, {}",
          options.name(),
          server.where(server.port),
          server.udp.transport(),
          options.udpThreads(),
          options.zone(),
          options.pops().size(),
          options.sites().size(),
          options.locations().size(),
          options.rrl().enabled()
              ? "rate limits " + options.rrl().answersPerSecond() + " answers/s, "
                  + options.rrl().errorsPerSecond() + " errors/s per network, slip "
                  + options.rrl().slip()
              : "no rate limits");
      return server;
    });
  }

  /**
   * Serves the custom domains {@code domainToSite} (domain → site), onboarded while the network
   * runs, beside the domains of the options; replaces the previous custom set. Takes effect for
   * the next query; replies kept for reuse are dropped.
   *
   * @return the custom domains left out, with the reason (also logged)
   */
  public Map<String, String> replaceCustomDomains(Map<String, String> domainToSite) {
    ZoneSet.WithCustom built = ZoneSet.withCustomDomains(options, domainToSite);
    resolver.replaceZones(built.zones());
    built.skipped().forEach((domain, reason) ->
        log.warn("DNS {}: custom domain {} is not served: {}", options.name(), domain, reason));
    log.info("DNS {}: serving {} custom domains", options.name(),
        domainToSite.size() - built.skipped().size());
    return built.skipped();
  }

  /** The bound port, the same for UDP and TCP. */
  public int port() {
    return port;
  }

  /** The TCP connections {@code clientAddress} (e.g. {@code 127.0.2.10}) has open now. */
  int tcpConnections(String clientAddress) {
    return tcpClients.open(clientAddress);
  }

  /** How UDP is served: {@code epoll} (batched, Linux) or {@code nio}; see {@link UdpListener}. */
  public String udpTransport() {
    return udp.transport();
  }

  /** Stops listening on both transports; open TCP connections are closed. */
  public Future<Void> close() {
    Future<Void> udpClosed =
        vertx.executeBlocking(() -> {
          udp.close();
          return null;
        }, false);
    return Future.join(udpClosed, tcp.close()).mapEmpty();
  }

  private Future<Void> bind(int attemptsLeft) {
    UdpListener bound;
    try {
      bound = UdpListener.bind(options.name(), udpAddress(), options.udpThreads());
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(bindFailure(e, options.port(), Transport.UDP));
    }
    return listenTcp(bound, attemptsLeft);
  }

  private Future<Void> listenTcp(UdpListener bound, int attemptsLeft) {
    int udpPort = bound.port();
    NetServer server =
        vertx
            .createNetServer(
                new NetServerOptions()
                    .setIdleTimeout((int) options.tcp().idleTimeout().toMillis())
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
            .connectHandler(this::onConnection);
    return server
        .listen(udpPort, options.host())
        .transform(ar -> {
          if (ar.succeeded()) {
            udp = bound;
            tcp = ar.result();
            port = udpPort;
            bound.start(this::onDatagram);
            return Future.succeededFuture();
          }
          Throwable error = ar.cause();
          bound.close();
          if (options.port() == 0 && attemptsLeft > 1 && inUse(error)) {
            log.debug("DNS {}: tcp port {} is taken, trying another", options.name(), udpPort);
            return bind(attemptsLeft - 1);
          }
          return Future.failedFuture(bindFailure(error, udpPort, Transport.TCP));
        });
  }

  /** The UDP address: the host parsed as a literal, resolved only if it is a name. */
  private InetSocketAddress udpAddress() {
    return IpLiteral.tryParse(options.host())
        .map(a -> new InetSocketAddress(a, options.port()))
        .orElseGet(() -> new InetSocketAddress(options.host(), options.port()));
  }

  /** Runs on a {@link UdpListener} thread: the reply to send, or null. */
  private byte[] onDatagram(byte[] query, InetSocketAddress sender) {
    return answer(query, sender.getAddress(), sender, Transport.UDP).orElse(null);
  }

  private void onConnection(NetSocket socket) {
    SocketAddress peer = socket.remoteAddress();
    Optional<InetAddress> source = IpLiteral.tryParse(peer.hostAddress());
    String client = source.map(ClientConnections::clientOf)
        .orElse(Objects.requireNonNullElse(peer.hostAddress(), peer.toString()));
    if (!tcpClients.tryOpen(client)) {
      log.debug("DNS {}: closing tcp connection from {}: {} connections from {} already open",
          options.name(), peer, tcpClients.cap(), client);
      metrics.tcpRefused();
      socket.close();
      return;
    }
    socket.closeHandler(v -> tcpClients.closed(client));
    socket.exceptionHandler(e -> log.debug("DNS tcp error from {}: {}", peer, e.toString()));
    TcpSession.serve(socket, query -> {
      if (source.isEmpty()) {
        log.debug("DNS dropped message from {}: not an IP peer", peer);
        metrics.dropped(Transport.TCP);
        return Optional.empty();
      }
      return answer(query, source.get(), peer, Transport.TCP);
    });
  }

  /**
   * The reply to send, or empty to send nothing; counts the message either way. Called on the
   * UDP threads and the TCP event loops at once: everything it touches is thread-safe.
   */
  private Optional<byte[]> answer(
      byte[] query, InetAddress source, Object peer, Transport transport) {
    try {
      Outcome outcome = resolver.handle(query, source, transport);
      if (outcome instanceof Outcome.Reply reply) {
        Action action =
            transport == Transport.UDP
                ? limiter.check(source, ResponseKind.of(reply.rcode()))
                : Action.SEND;
        if (action == Action.DROP) {
          metrics.limited(action);
          metrics.dropped(transport);
          return Optional.empty();
        }
        metrics.answered(reply.rcodeName(), reply.pop(), transport);
        if (action == Action.SLIP) {
          metrics.limited(action);
          return Optional.of(ResponseWire.truncate(reply.message()).wire());
        }
        return Optional.of(reply.wire());
      }
      metrics.dropped(transport);
      return Optional.empty();
    } catch (RuntimeException e) {
      // QueryResolver.handle does not throw; this guards the transports against a future bug.
      log.error("DNS {}: failed to handle a message from {}", options.name(), peer, e);
      return Optional.empty();
    }
  }

  private RuntimeException bindFailure(Throwable cause, int boundPort, Transport transport) {
    String where = where(boundPort) + "/" + transport.wireName();
    String message =
        inUse(cause)
            ? "DNS " + options.name() + ": " + where + " is already in use"
            : "DNS " + options.name() + ": cannot listen on " + where + ": " + cause.getMessage();
    return new IllegalStateException(message, cause);
  }

  private String where(int boundPort) {
    String host = options.host();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
  }

  private static boolean inUse(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
