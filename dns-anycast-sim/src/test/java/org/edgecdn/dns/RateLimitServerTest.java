package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.dns.rrl.RrlOptions;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Response rate limiting over real sockets. The limiter's clock is frozen, so exactly
 * {@value #RATE} answers per /24 pass and the rest are limited, however slow the machine.
 */
class RateLimitServerTest {

  private static final int RATE = 2;

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong frozen = new AtomicLong(42);
  private GeoDnsServer server;

  @BeforeEach
  void start() {
    // One UDP thread: these tests check which query of a burst gets which decision, and rely on
    // replies leaving in the order the queries came (two threads may reorder them).
    DnsOptions options = DemoNetwork.options().withRrl(new RrlOptions(true, RATE, RATE, 2))
        .withUdpThreads(1);
    server = Await.result(
        GeoDnsServer.start(vertx, options, PopHealth.allHealthy(), registry, frozen::get));
  }

  @AfterEach
  void stop() {
    Await.result(server.close());
    Await.result(vertx.close());
  }

  @Test
  void udp_overAnswerRate_passThenDropAndSlipAlternate() throws Exception {
    Map<Integer, Message> replies = floodFrom("127.0.2.10", 6);

    assertThat(replies.keySet()).containsExactly(1, 2, 4, 6, 99);
    assertFull(replies.get(1));
    assertFull(replies.get(2));
    assertSlipped(replies.get(4));
    assertSlipped(replies.get(6));
    assertThat(replies.get(99).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(limited("drop")).isEqualTo(2);
    assertThat(limited("slip")).isEqualTo(2);
  }

  @Test
  void udp_slippedAnswer_resolverRetriesOverTcpAndGetsAnswer() throws Exception {
    floodFrom("127.0.2.10", 3); // 2 sent, 1 dropped: the next limited answer slips

    Message reply = resolver("127.0.2.11", false).send(query("www.shop.example", Type.A));

    assertFull(reply);
    assertThat(limited("slip")).isEqualTo(1);
  }

  @Test
  void udp_otherSlash24_unaffected() throws Exception {
    floodFrom("127.0.2.10", 6);

    SimpleResolver fromNewYork = resolver("127.0.1.10", false);
    fromNewYork.setIgnoreTruncation(true); // a TC reply would show, not be retried
    Message reply = fromNewYork.send(query("www.shop.example", Type.A));

    assertFull(reply);
  }

  @Test
  void tcp_limitedSlash24_alwaysAnswered() throws Exception {
    floodFrom("127.0.2.10", 6);

    for (int i = 0; i < 5; i++) {
      assertFull(resolver("127.0.2.10", true).send(query("www.shop.example", Type.A)));
    }
  }

  /**
   * Sends {@code count} answerable queries (IDs 1..count) from {@code address}, then an
   * NXDOMAIN query (ID 99) that draws from the untouched error bucket. The server's one UDP
   * thread handles a socket's datagrams in order, so when the reply to 99 arrives every earlier
   * reply has too.
   */
  private Map<Integer, Message> floodFrom(String address, int count) throws Exception {
    Map<Integer, Message> replies = new LinkedHashMap<>();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
      socket.setSoTimeout(5_000);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
      for (int id = 1; id <= count; id++) {
        send(socket, to, query("www.shop.example", Type.A), id);
      }
      send(socket, to, query("nope.cdn.test", Type.A), 99);
      while (!replies.containsKey(99)) {
        DatagramPacket packet = new DatagramPacket(new byte[1232], 1232);
        socket.receive(packet);
        Message reply = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        replies.put(reply.getHeader().getID(), reply);
      }
    }
    return replies;
  }

  private static void send(DatagramSocket socket, InetSocketAddress to, Message query, int id)
      throws Exception {
    query.getHeader().setID(id);
    byte[] wire = query.toWire();
    socket.send(new DatagramPacket(wire, wire.length, to));
  }

  private static void assertFull(Message reply) {
    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).hasSize(2);
  }

  private static void assertSlipped(Message reply) {
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.QUESTION)).hasSize(1);
  }

  private double limited(String action) {
    Counter counter = registry.find("cdn.dns.rrl.limited").tag("action", action).counter();
    return counter == null ? 0 : counter.count();
  }

  private SimpleResolver resolver(String localAddress, boolean tcp) {
    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    resolver.setLocalAddress(new InetSocketAddress(localAddress, 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver;
  }

  private static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
  }
}
