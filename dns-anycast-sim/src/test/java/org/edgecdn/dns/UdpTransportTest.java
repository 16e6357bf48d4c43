package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The UDP transport's threads: many clients at once, and a close that frees the port. */
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
    ExecutorService pool = Executors.newFixedThreadPool(clients.length);
    try {
      List<Callable<Integer>> work = new ArrayList<>();
      for (String[] client : clients) {
        work.add(() -> {
          int answered = 0;
          try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(client[0], 0))) {
            for (int id = 1; id <= 200; id++) {
              String name = id % 2 == 0 ? "shop.cdn.test" : "www.shop.example";
              Message reply = ask(socket, server.port(), name, id);
              assertThat(reply.getHeader().getID()).isEqualTo(id);
              List<Record> answer = reply.getSection(Section.ANSWER);
              assertThat(((ARecord) answer.get(answer.size() - 1)).getAddress().getHostAddress())
                  .isEqualTo(client[1]);
              answered++;
            }
          }
          return answered;
        });
      }
      for (var result : pool.invokeAll(work, 30, TimeUnit.SECONDS)) {
        assertThat(result.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
      await(server.close());
    }
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
