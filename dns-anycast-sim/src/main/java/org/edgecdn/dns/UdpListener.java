package org.edgecdn.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The UDP side of the DNS server: receives queries on one address, hands each to an
 * {@link Answerer} and sends the reply, if any, to the address the query came from.
 *
 * <p>Two implementations, chosen by {@link #bind}:
 * <ul>
 *   <li>{@link NioUdpListener}, the default: a blocking JDK {@code DatagramChannel}, one system
 *       call per datagram each way.
 *   <li>{@link EpollUdpListener} with the system property {@value #TRANSPORT_PROPERTY} set to
 *       {@code epoll}, on Linux with Netty's native epoll transport: reads many datagrams per
 *       system call ({@code recvmmsg}) and sends the replies of one read together
 *       ({@code sendmmsg}). Not the default: under {@code cdn bench dns} on the shared 2-core
 *       machine it did not serve more queries per second than NIO; see
 *       {@code docs/performance.md}, "DNS". Where epoll is not available it falls back to NIO
 *       with a warning.
 * </ul>
 */
interface UdpListener extends AutoCloseable {

  /** The largest UDP payload over IPv4 or IPv6 without jumbograms. */
  int MAX_DATAGRAM = 65_535;

  /** Names the UDP implementation: {@code epoll} or {@code nio}. */
  String TRANSPORT_PROPERTY = "edgecdn.dns.udp";

  /** Turns a received query into the reply to send, or null to send nothing. */
  @FunctionalInterface
  interface Answerer {
    byte[] answer(byte[] query, InetSocketAddress sender);
  }

  /**
   * Binds to {@code address}, to be served by {@code threads} threads; nothing is received until
   * {@link #start}. Throws {@link java.net.BindException} when the address is taken.
   */
  static UdpListener bind(String name, InetSocketAddress address, int threads)
      throws IOException {
    String asked = System.getProperty(TRANSPORT_PROPERTY, "nio").toLowerCase(Locale.ROOT);
    if (asked.equals("epoll")) {
      if (EpollUdpListener.isAvailable()) {
        return EpollUdpListener.bind(name, address, threads);
      }
      org.slf4j.LoggerFactory.getLogger(UdpListener.class).warn(
          "DNS {}: {}=epoll, but native epoll is not available ({}); using NIO", name,
          TRANSPORT_PROPERTY, EpollUdpListener.unavailabilityCause());
    }
    return NioUdpListener.bind(name, address, threads);
  }

  /** {@code epoll} or {@code nio}, for logs. */
  String transport();

  /** The port the listener is bound to. */
  int port();

  /** Starts receiving; each query is answered by {@code answerer}. */
  void start(Answerer answerer);

  /** Stops receiving, frees the port and waits briefly for the threads to end. */
  @Override
  void close();
}
