package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DnsLookupTest {

  @Test
  void lookup_followsTheCnameInTheAnswer() {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger queries = new AtomicInteger();
      DatagramSocket server = vertx.createDatagramSocket();
      server.handler(packet -> {
        queries.incrementAndGet();
        server.send(answer(packet.data()), packet.sender().port(), packet.sender().host());
      });
      TestServer.await(server.listen(0, "127.0.0.1"));
      String at = "127.0.0.1:" + server.localAddress().port();

      String address = TestServer.await(DnsLookup.ipv4(vertx, at, "www.shop.example",
          Duration.ofSeconds(2)));

      assertThat(address).isEqualTo("127.0.2.1");
      assertThat(queries.get()).isPositive();
      assertThat(TestServer.await(DnsLookup.answer(vertx, at, "www.shop.example", null,
          Duration.ofSeconds(2))).ttl()).as("the chain's shortest TTL: the CNAME's")
          .isEqualTo(Duration.ofSeconds(20));
    } finally {
      TestServer.await(vertx.close());
    }
  }

  @Test
  void roundRobinAnswer_keepsEveryAddress_inTheServersOrder() {
    Vertx vertx = Vertx.vertx();
    try {
      FakeDns dns = FakeDns.start(vertx, 20, query -> "127.0.0.5,127.0.0.1");

      DnsLookup.Answer answer = TestServer.await(DnsLookup.answer(vertx, dns.address(),
          "www.shop.example", null, Duration.ofSeconds(2)));

      assertThat(answer.address()).isEqualTo("127.0.0.5");
      assertThat(answer.addresses()).containsExactly("127.0.0.5", "127.0.0.1");
    } finally {
      TestServer.await(vertx.close());
    }
  }

  @Test
  void serverAddress_isReadWithOrWithoutPort() {
    assertThat(DnsLookup.HostAndPortText.parse("127.0.0.1:5353", 53))
        .isEqualTo(new DnsLookup.HostAndPortText("127.0.0.1", 5353));
    assertThat(DnsLookup.HostAndPortText.parse("127.0.0.1", 53))
        .isEqualTo(new DnsLookup.HostAndPortText("127.0.0.1", 53));
    assertThat(DnsLookup.HostAndPortText.parse("[::1]:5353", 53))
        .isEqualTo(new DnsLookup.HostAndPortText("::1", 5353));
    assertThatThrownBy(() -> DnsLookup.HostAndPortText.parse("127.0.0.1:x", 53))
        .hasMessageContaining("host:port");
  }

  /**
   * An authoritative answer to an A query: {@code name CNAME shop.cdn.test.} then
   * {@code shop.cdn.test. A 127.0.2.1}, as a geo DNS answers a customer's name; the CNAME with
   * a TTL of 20 s, the A record 60 s.
   */
  private static Buffer answer(Buffer query) {
    int questionEnd = 12;
    while (query.getByte(questionEnd) != 0) {
      questionEnd += query.getByte(questionEnd) + 1;
    }
    questionEnd += 1 + 4;
    Buffer out = Buffer.buffer();
    out.appendShort(query.getShort(0));
    out.appendShort((short) 0x8500);
    out.appendShort((short) 1).appendShort((short) 2).appendShort((short) 0)
        .appendShort((short) 0);
    out.appendBuffer(query.getBuffer(12, questionEnd));
    byte[] target = encodeName("shop.cdn.test");
    out.appendShort((short) 0xC00C).appendShort((short) 5).appendShort((short) 1)
        .appendInt(20).appendShort((short) target.length);
    int targetOffset = out.length();
    out.appendBytes(target);
    out.appendShort((short) (0xC000 | targetOffset)).appendShort((short) 1)
        .appendShort((short) 1).appendInt(60).appendShort((short) 4)
        .appendBytes(new byte[] {127, 0, 2, 1});
    return out;
  }

  private static byte[] encodeName(String name) {
    Buffer out = Buffer.buffer();
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.appendByte((byte) bytes.length).appendBytes(bytes);
    }
    return out.appendByte((byte) 0).getBytes();
  }
}
