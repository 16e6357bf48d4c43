package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The UDP transport as the server runs it (NIO by default; epoll when asked for): many clients
 * at once, bursts with malformed messages among them, and a close that frees the port.
 */
class UdpTransportTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void close_udpPortReleasedPromptly() throws Exception {
    GeoDnsServer server = startServer(DemoNetwork.options());
    int port = server.port();
    try (DatagramSocket client = new DatagramSocket()) {
      assertThat(ask(client, port, "shop.cdn.test", 7).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    long started = System.nanoTime();
    await(server.close());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(millis).as("close took %d ms", millis).isLessThan(1_000);
    try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("dns-dns-udp-") && t.isAlive());
  }

  @Test
  void udp_concurrentClientsFromThreeRegions_eachSteeredToItsPop() throws Exception {
    // Rate limiting off: 400 answers to one /24 within a second would be over its limit.
    GeoDnsServer server =
        startServer(DemoNetwork.options().withRrl(RrlOptions.off()).withUdpThreads(2));
    String[][] clients = {
      {"127.0.1.21", "127.0.1.1"}, {"127.0.1.22", "127.0.1.1"},
      {"127.0.2.21", "127.0.2.1"}, {"127.0.2.22", "127.0.2.1"},
      {"127.0.3.21", "127.0.3.1"}, {"127.0.3.22", "127.0.3.1"},
    };
    try {
      eachClientAtOnce(clients, 200, (socket, pop) -> {
        int answered = 0;
        for (int id = 1; id <= 200; id++) {
          String name = id % 2 == 0 ? "shop.cdn.test" : "www.shop.example";
          Message reply = ask(socket, server.port(), name, id);
          assertThat(reply.getHeader().getID()).isEqualTo(id);
          List<Record> answer = reply.getSection(Section.ANSWER);
          assertThat(((ARecord) answer.get(answer.size() - 1)).getAddress().getHostAddress())
              .isEqualTo(pop);
          answered++;
        }
        return answered;
      });
    } finally {
      await(server.close());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nio", "epoll"})
  void udp_burstsWithMalformedMessages_everyQueryAnswered_malformedFormerrOrDropped(
      String transport) throws Exception {
    if (transport.equals("epoll")) {
      assumeTrue(EpollUdpListener.isAvailable(), "native epoll is not available here");
    }
    GeoDnsServer server;
    System.setProperty(UdpListener.TRANSPORT_PROPERTY, transport);
    try {
      server = startServer(DemoNetwork.options().withRrl(RrlOptions.off()).withUdpThreads(2));
    } finally {
      System.clearProperty(UdpListener.TRANSPORT_PROPERTY);
    }
    assertThat(server.udpTransport()).isEqualTo(transport);
    String[][] clients = {
      {"127.0.1.31", "127.0.1.1"}, {"127.0.2.31", "127.0.2.1"},
      {"127.0.3.31", "127.0.3.1"}, {"127.0.2.32", "127.0.2.1"},
    };
    int burst = 30; // all bursts together fit in the default socket receive buffer
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
    // A header that promises one question, then a label of 63 bytes that has only 3.
    byte[] unparseable = {0x03, (byte) 0xe7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'a', 'b', 'c'};
    try {
      eachClientAtOnce(clients, burst, (socket, pop) -> {
        socket.setSoTimeout(5_000);
        // Sent back to back, so that the server reads many of them in one batch.
        for (int id = 1; id <= burst; id++) {
          byte[] wire = query(id % 2 == 0 ? "shop.cdn.test" : "www.shop.example", id);
          socket.send(new DatagramPacket(wire, wire.length, to));
          if (id == burst / 2) {
            socket.send(new DatagramPacket(unparseable, unparseable.length, to));
            socket.send(new DatagramPacket(new byte[5], 5, to)); // shorter than a header
          }
        }
        int answered = 0;
        boolean formerr = false;
        for (int i = 0; i < burst + 1; i++) {
          Message reply = receive(socket);
          if (reply.getHeader().getID() == 999) {
            assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
            formerr = true;
            continue;
          }
          assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
          List<Record> answer = reply.getSection(Section.ANSWER);
          assertThat(((ARecord) answer.get(answer.size() - 1)).getAddress().getHostAddress())
              .isEqualTo(pop);
          answered++;
        }
        assertThat(formerr).as("FORMERR for the unparseable query").isTrue();
        // Nothing came for the 5-byte message: the next reply is the one to this query.
        assertThat(ask(socket, server.port(), "shop.cdn.test", 1000).getHeader().getID())
            .isEqualTo(1000);
        return answered;
      });
    } finally {
      await(server.close());
    }
  }

  /** What one client does on its socket: returns how many queries were answered. */
  @FunctionalInterface
  private interface Client {
    int run(DatagramSocket socket, String expectedPop) throws Exception;
  }

  /**
   * Runs {@code client} for each {@code {source address, expected PoP}} at once, each on a
   * thread and socket of its own, and checks that each had {@code answered} answers.
   */
  private static void eachClientAtOnce(String[][] clients, int answered, Client client)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients.length);
    try {
      List<Callable<Integer>> work = new ArrayList<>();
      for (String[] c : clients) {
        work.add(() -> {
          try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(c[0], 0))) {
            return client.run(socket, c[1]);
          }
        });
      }
      for (var result : pool.invokeAll(work, 30, TimeUnit.SECONDS)) {
        assertThat(result.get()).isEqualTo(answered);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] query(String name, int id) throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
    query.getHeader().setID(id);
    return query.toWire();
  }

  private static Message receive(DatagramSocket socket) throws Exception {
    DatagramPacket received = new DatagramPacket(new byte[1232], 1232);
    socket.receive(received);
    return new Message(Arrays.copyOf(received.getData(), received.getLength()));
  }

  private static Message ask(DatagramSocket socket, int port, String name, int id)
      throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
    query.getHeader().setID(id);
    byte[] wire = query.toWire();
    socket.setSoTimeout(5_000);
    socket.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", port)));
    DatagramPacket received = new DatagramPacket(new byte[1232], 1232);
    socket.receive(received);
    return new Message(Arrays.copyOf(received.getData(), received.getLength()));
  }

  private static GeoDnsServer startServer(DnsOptions options) throws Exception {
    return await(
        GeoDnsServer.start(vertx, options, PopHealth.allHealthy(), new SimpleMeterRegistry()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
