package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The server on 127.0.0.1, port 0, queried over real sockets: dnsjava's {@link SimpleResolver}
 * over UDP and TCP, and raw sockets for what a well-behaved client never sends. Clients bind to
 * 127.0.1.x / 127.0.2.x / 127.0.3.x so that their source address places them in New York, Paris
 * or Tokyo, as in the demo network.
 */
class GeoDnsServerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Vertx vertx;
  private static SimpleMeterRegistry registry;
  private static GeoDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    server =
        await(GeoDnsServer.start(vertx, DemoNetwork.options(), PopHealth.allHealthy(), registry));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      await(server.close());
    }
    await(vertx.close());
  }

  @Test
  void udp_customerNameFromParis_cnameThenEuAddress() throws Exception {
    Message reply = resolver("127.0.2.10", false).send(query("www.shop.example", Type.A));

    assertCnameThen(reply, "127.0.2.1");
  }

  @Test
  void tcp_customerNameFromTokyo_cnameThenApAddress() throws Exception {
    Message reply = resolver("127.0.3.10", true).send(query("www.shop.example", Type.A));

    assertCnameThen(reply, "127.0.3.1");
  }

  @Test
  void udp_clientSubnetInEurope_steersBySubnetAndEchoesScope() throws Exception {
    Message query = query("shop.cdn.test", Type.A);
    query.addRecord(
        new OPTRecord(1232, 0, 0, 0,
            List.of(new ClientSubnetOption(24, InetAddress.getByName("127.0.2.0")))),
        Section.ADDITIONAL);

    Message reply = resolver("127.0.1.10", false).send(query);

    assertThat(((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
        .isEqualTo("127.0.2.1");
    List<EDNSOption> echo = reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertThat(echo).singleElement().isInstanceOfSatisfying(ClientSubnetOption.class, ecs -> {
      assertThat(ecs.getSourcePrefixLength()).isEqualTo(24);
      assertThat(ecs.getScopePrefixLength()).isEqualTo(24);
    });
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1232);
  }

  @Test
  void udp_unknownName_nxdomainWithSoa() throws Exception {
    Message reply = resolver("127.0.2.10", false).send(query("nope.cdn.test", Type.A));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getSection(Section.AUTHORITY)).hasSize(1);
  }

  @Test
  void tcp_pipelinedQueriesOnOneConnection_allAnsweredInOrder() throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.1.10", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      socket.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String[] names = {"shop.cdn.test", "www.shop.example", "nope.cdn.test"};
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      for (int id = 0; id < names.length; id++) {
        Message query = query(names[id], Type.A);
        query.getHeader().setID(100 + id);
        byte[] wire = query.toWire();
        frames.write(wire.length >> 8);
        frames.write(wire.length);
        frames.write(wire);
      }
      out.write(frames.toByteArray()); // all three in one segment
      out.flush();

      int[] rcodes = new int[names.length];
      for (int id = 0; id < names.length; id++) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        Message reply = new Message(wire);
        assertThat(reply.getHeader().getID()).isEqualTo(100 + id);
        rcodes[id] = reply.getRcode();
      }
      assertThat(rcodes).containsExactly(Rcode.NOERROR, Rcode.NOERROR, Rcode.NXDOMAIN);
    }
  }

  @Test
  void udp_malformedDatagrams_serverKeepsAnswering() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.2.10", 0))) {
      socket.setSoTimeout(5_000);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
      socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to)); // no header: dropped
      byte[] garbage = {0x43, 0x21, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
          0x3f, 'n', 'o', 'p', 'e'};
      socket.send(new DatagramPacket(garbage, garbage.length, to));

      DatagramPacket received = new DatagramPacket(new byte[512], 512);
      socket.receive(received);
      Message formErr = new Message(Arrays.copyOf(received.getData(), received.getLength()));
      assertThat(formErr.getHeader().getID()).isEqualTo(0x4321);
      assertThat(formErr.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    Message reply = resolver("127.0.2.10", false).send(query("www.shop.example", Type.A));

    assertCnameThen(reply, "127.0.2.1");
  }

  @Test
  void tcp_unanswerableMessage_connectionClosedServerKeepsAnswering() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(3);
      out.write(new byte[] {1, 2, 3});
      out.flush();

      assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    }

    Message reply = resolver("127.0.3.10", true).send(query("shop.cdn.test", Type.A));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void metrics_eachQuery_countedByRcodePopAndTransport() throws Exception {
    double noerrorEuUdp = count("noerror", "eu", "udp");
    double refusedNoneTcp = count("refused", "none", "tcp");

    resolver("127.0.2.10", false).send(query("shop.cdn.test", Type.A));
    resolver("127.0.2.10", true).send(query("www.example.com", Type.A));

    assertThat(count("noerror", "eu", "udp")).isEqualTo(noerrorEuUdp + 1);
    assertThat(count("refused", "none", "tcp")).isEqualTo(refusedNoneTcp + 1);
  }

  @Test
  void start_udpPortTaken_failsNamingAddressAndPort() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      int port = taken.getLocalPort();

      Future<GeoDnsServer> start = GeoDnsServer.start(
          vertx, DemoNetwork.options("127.0.0.1", port), PopHealth.allHealthy(), registry);

      assertThatThrownBy(() -> await(start))
          .hasMessage("DNS dns: 127.0.0.1:" + port + "/udp is already in use")
          .hasRootCauseInstanceOf(BindException.class);
    }
  }

  @Test
  void start_tcpPortTaken_failsNamingAddressAndPort() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();

      Future<GeoDnsServer> start = GeoDnsServer.start(
          vertx, DemoNetwork.options("127.0.0.1", port), PopHealth.allHealthy(), registry);

      assertThatThrownBy(() -> await(start))
          .hasMessage("DNS dns: 127.0.0.1:" + port + "/tcp is already in use");
    }
  }

  @Test
  void port_zero_boundPortSharedByUdpAndTcp() throws Exception {
    assertThat(server.port()).isPositive();
    try (Socket tcp = new Socket("127.0.0.1", server.port());
        DatagramSocket udp = new DatagramSocket()) {
      assertThat(tcp.isConnected()).isTrue();
      udp.setSoTimeout(5_000);
      byte[] wire = query("shop.cdn.test", Type.A).toWire();
      udp.send(new DatagramPacket(wire, wire.length,
          new InetSocketAddress("127.0.0.1", server.port())));
      DatagramPacket received = new DatagramPacket(new byte[512], 512);
      udp.receive(received);
      assertThat(received.getLength()).isGreaterThan(12);
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static SimpleResolver resolver(String localAddress, boolean tcp) {
    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    resolver.setLocalAddress(new InetSocketAddress(localAddress, 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(TIMEOUT);
    return resolver;
  }

  private static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
  }

  private static void assertCnameThen(Message reply, String address) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).hasSize(2);
    assertThat(answer.get(0)).isInstanceOfSatisfying(CNAMERecord.class,
        c -> assertThat(c.getTarget().toString()).isEqualTo("shop.cdn.test."));
    assertThat(answer.get(1)).isInstanceOfSatisfying(ARecord.class, a -> {
      assertThat(a.getName().toString()).isEqualTo("shop.cdn.test.");
      assertThat(a.getAddress().getHostAddress()).isEqualTo(address);
      assertThat(a.getTTL()).isEqualTo(20);
    });
  }

  private static double count(String rcode, String pop, String transport) {
    Counter counter = registry.find("cdn.dns.queries")
        .tags("rcode", rcode, "pop", pop, "transport", transport).counter();
    return counter == null ? 0 : counter.count();
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
