package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.ServerClients.framed;
import static org.edgecdn.dns.ServerClients.query;
import static org.edgecdn.dns.ServerClients.wire;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * What bounds DNS-over-TCP connections (RFC 7766 §6.2.3), over real sockets on loopback: the
 * per-client cap ({@value #CAP} here) and the idle timeout ({@value #IDLE_MILLIS} ms here, so the
 * test waits well under a second).
 */
class TcpConnectionsTest {

  private static final int CAP = 2;
  private static final long IDLE_MILLIS = 300;

  private final List<Socket> sockets = new ArrayList<>();
  private RunningServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void cap_oneMoreConnectionFromTheSameAddress_closedBeforeAnswering() throws Exception {
    start(new TcpOptions(TcpOptions.DEFAULT_IDLE_TIMEOUT, CAP));
    for (int i = 0; i < CAP; i++) {
      assertAnswered(open("127.0.2.10"), 10 + i);
    }

    Socket extra = open("127.0.2.10");

    assertThat(extra.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    assertThat(refused()).isEqualTo(1);
    assertThat(server.server().tcpConnections("127.0.2.10")).isEqualTo(CAP);
  }

  @Test
  void cap_oneAddressAtItsCap_anotherAddressStillServed() throws Exception {
    start(new TcpOptions(TcpOptions.DEFAULT_IDLE_TIMEOUT, CAP));
    for (int i = 0; i < CAP; i++) {
      assertAnswered(open("127.0.2.10"), 10 + i);
    }

    assertAnswered(open("127.0.1.10"), 20);
    assertThat(refused()).isZero();
  }

  @Test
  void cap_connectionClosedByTheClient_itsPlaceFreed() throws Exception {
    start(new TcpOptions(TcpOptions.DEFAULT_IDLE_TIMEOUT, CAP));
    Socket first = open("127.0.2.10");
    assertAnswered(first, 10);
    assertAnswered(open("127.0.2.10"), 11);

    first.close();
    Await.until("the server saw the close", () -> server.server().tcpConnections("127.0.2.10") == 1,
        ServerClients.TIMEOUT);

    assertAnswered(open("127.0.2.10"), 12);
  }

  @Test
  void idleTimeout_connectionThatSendsNothing_closedAfterTheTimeout() throws Exception {
    start(new TcpOptions(Duration.ofMillis(IDLE_MILLIS), CAP));
    Socket idle = open("127.0.2.10");
    assertAnswered(idle, 10);
    long sent = System.nanoTime();

    int read = idle.getInputStream().read(); // blocks at most ServerClients.TIMEOUT

    long waitedMillis = (System.nanoTime() - sent) / 1_000_000;
    assertThat(read).as("closed by the server").isEqualTo(-1);
    // Not before the idle timeout; the upper bound only keeps a busy machine from failing it
    // (the read gives up at ServerClients.TIMEOUT, and then read is not -1).
    assertThat(waitedMillis).isBetween(IDLE_MILLIS - 50, ServerClients.TIMEOUT.toMillis());
    Await.until("its place freed", () -> server.server().tcpConnections("127.0.2.10") == 0,
        ServerClients.TIMEOUT);
  }

  private double refused() {
    return server.registry.get("cdn.dns.tcp.connections.refused").counter().count();
  }

  private void start(TcpOptions tcp) {
    server = RunningServer.start(DemoNetwork.options().withTcp(tcp));
  }

  private Socket open(String localAddress) throws IOException {
    Socket socket = ServerClients.tcp(server.port(), localAddress);
    sockets.add(socket);
    return socket;
  }

  /** One query on {@code socket}, answered: the server accepted and serves the connection. */
  private static void assertAnswered(Socket socket, int id) throws IOException {
    socket.getOutputStream().write(framed(wire(query("shop.cdn.test", Type.A), id)));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    Message message = new Message(reply);
    assertThat(message.getHeader().getID()).isEqualTo(id);
    assertThat(message.getRcode()).isEqualTo(Rcode.NOERROR);
  }
}
