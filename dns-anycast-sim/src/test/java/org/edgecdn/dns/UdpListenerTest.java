package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both UDP listeners, epoll (batched) and NIO, with a stand-in answerer: bursts from several
 * client sockets, datagrams that get no reply or make the answerer throw, a datagram far larger
 * than a DNS query, and a close that frees the port.
 */
class UdpListenerTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int CLIENTS = 4;
  /** Small enough that the bursts of all clients fit in the default socket receive buffer. */
  private static final int BURST = 30;

  /** Echoes the query with the first byte set to 1; no reply to 1 byte; throws on 2 bytes. */
  private static final UdpListener.Answerer ECHO = (query, sender) -> {
    if (query.length == 1) {
      return null;
    }
    if (query.length == 2) {
      throw new IllegalStateException("a bug in the answerer");
    }
    byte[] reply = query.clone();
    reply[0] = 1;
    return reply;
  };

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void burstsFromSeveralClients_eachAnsweredToItsSender_othersUnharmed(String transport)
      throws Exception {
    AtomicInteger answered = new AtomicInteger();
    try (UdpListener listener = bind(transport, 2)) {
      listener.start((query, sender) -> {
        answered.incrementAndGet();
        return ECHO.answer(query, sender);
      });
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Callable<Set<Integer>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.add(() -> burst(listener.port(), client));
        }
        for (var result : pool.invokeAll(clients, 30, TimeUnit.SECONDS)) {
          assertThat(result.get()).hasSize(BURST);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    // Per client: the burst, one datagram without reply, one that throws, the closing probe.
    assertThat(answered).hasValue(CLIENTS * (BURST + 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void largeDatagram_reachesTheAnswererWhole(String transport) throws Exception {
    int[] seen = new int[1];
    try (UdpListener listener = bind(transport, 1);
        DatagramChannel client = DatagramChannel.open()) {
      listener.start((query, sender) -> {
        seen[0] = query.length;
        return new byte[] {7};
      });
      client.bind(new InetSocketAddress(LOOPBACK, 0));
      client.socket().setSoTimeout(5_000);
      byte[] large = new byte[60_000];
      large[0] = 9;
      client.send(ByteBuffer.wrap(large), new InetSocketAddress(LOOPBACK, listener.port()));
      ByteBuffer in = ByteBuffer.allocate(16);
      receive(client, in);
      assertThat(in.flip().get()).isEqualTo((byte) 7);
    }
    assertThat(seen[0]).isEqualTo(60_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void close_freesThePortOfEverySocket_andEndsTheThreads(String transport) throws Exception {
    UdpListener listener = bind(transport, 3);
    listener.start(ECHO);
    int port = listener.port();

    listener.close();

    // A socket without SO_REUSEPORT binds only if none of the listener's sockets is left.
    try (DatagramChannel rebound = DatagramChannel.open()) {
      rebound.bind(new InetSocketAddress(LOOPBACK, port));
      assertThat(((InetSocketAddress) rebound.getLocalAddress()).getPort()).isEqualTo(port);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("dns-test-" + transport + "-udp-") && t.isAlive());
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void bind_portServedByAnotherListener_inUseRatherThanShared(String transport)
      throws Exception {
    try (UdpListener first = bind(transport, 2)) {
      InetSocketAddress taken = new InetSocketAddress(LOOPBACK, first.port());

      assertThatThrownBy(() -> bind(transport, taken, 2).close())
          .isInstanceOf(BindException.class);
    }
  }

  /**
   * Sends {@value #BURST} numbered datagrams without waiting, then one that gets no reply and
   * one that makes the answerer throw, then reads; returns the numbers answered. A last
   * datagram, sent once the burst is in, must be the next reply: nothing came for the two.
   */
  private static Set<Integer> burst(int port, int client) throws IOException {
    InetSocketAddress server = new InetSocketAddress(LOOPBACK, port);
    Set<Integer> answered = new HashSet<>();
    try (DatagramChannel socket = DatagramChannel.open()) {
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      socket.socket().setSoTimeout(5_000);
      for (int i = 0; i < BURST; i++) {
        socket.send(message(client, i), server);
      }
      socket.send(ByteBuffer.wrap(new byte[1]), server);
      socket.send(ByteBuffer.wrap(new byte[2]), server);
      ByteBuffer in = ByteBuffer.allocate(64);
      while (answered.size() < BURST) {
        in.clear();
        receive(socket, in);
        in.flip();
        assertThat(in.get()).as("answered").isEqualTo((byte) 1);
        assertThat(in.get()).as("sent back to its own client").isEqualTo((byte) client);
        assertThat(answered.add(in.getInt())).as("answered once").isTrue();
      }
      socket.send(message(client, BURST), server);
      in.clear();
      receive(socket, in);
      in.flip().position(2);
      assertThat(in.getInt()).as("the reply after the burst").isEqualTo(BURST);
    }
    return answered;
  }

  private static ByteBuffer message(int client, int number) {
    return ByteBuffer.allocate(12).put((byte) 0).put((byte) client).putInt(number).flip();
  }

  private static void receive(DatagramChannel socket, ByteBuffer in) throws IOException {
    // A blocking DatagramChannel ignores SO_TIMEOUT; its socket adapter honours it.
    java.net.DatagramPacket packet = new java.net.DatagramPacket(in.array(), in.capacity());
    try {
      socket.socket().receive(packet);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no reply within 5 s", e);
    }
    in.position(packet.getLength());
  }

  private static UdpListener bind(String transport, int threads) throws IOException {
    return bind(transport, new InetSocketAddress(LOOPBACK, 0), threads);
  }

  private static UdpListener bind(String transport, InetSocketAddress address, int threads)
      throws IOException {
    if (transport.equals("epoll")) {
      assumeTrue(EpollUdpListener.isAvailable(), "native epoll is not available here");
      return EpollUdpListener.bind("test-epoll", address, threads);
    }
    return NioUdpListener.bind("test-nio", address, threads);
  }
}
