package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsFloorTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static byte[] reply(String name, int rcode, String address) throws IOException {
    Message reply = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    reply.getHeader().setID(7);
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.getHeader().unsetFlag(Flags.RD);
    reply.getHeader().setRcode(rcode);
    if (address != null) {
      reply.addRecord(new ARecord(Name.fromString(name), DClass.IN, 20,
          InetAddress.getByName(address)), Section.ANSWER);
    }
    return reply.toWire();
  }

  private static SimpleResolver resolver(DnsFloor floor) throws IOException {
    SimpleResolver resolver = new SimpleResolver(LOOPBACK);
    resolver.setPort(floor.port());
    resolver.setTimeout(Duration.ofMillis(500));
    return resolver;
  }

  private static Message query(String name) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
  }

  @Test
  void answersEachKnownQuestionWithItsReplyUnderTheQuerysIdAndRecursionFlag() throws Exception {
    try (DnsFloor floor = DnsFloor.start(List.of(reply("shop.cdn.test.", Rcode.NOERROR,
        "127.0.2.1"), reply("nope.cdn.test.", Rcode.NXDOMAIN, null)), 2)) {
      SimpleResolver resolver = resolver(floor);

      Message shop = query("shop.cdn.test.");
      Message answer = resolver.send(shop);
      Message nope = resolver.send(query("nope.cdn.test."));

      assertThat(answer.getHeader().getID()).isEqualTo(shop.getHeader().getID());
      assertThat(answer.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(answer.getSection(Section.ANSWER)).singleElement()
          .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("127.0.2.1"));
      assertThat(nope.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(nope.getSection(Section.ANSWER)).isEmpty();
    }
  }

  @Test
  void dropsAQuestionItHasNoReplyFor() throws Exception {
    try (DnsFloor floor = DnsFloor.start(List.of(reply("shop.cdn.test.", Rcode.NOERROR,
        "127.0.2.1")), 1)) {
      SimpleResolver resolver = resolver(floor);

      assertThatThrownBy(() -> resolver.send(query("www.shop.example.")))
          .isInstanceOf(IOException.class).hasMessageContaining("Timed out");
      assertThat(resolver.send(query("shop.cdn.test.")).getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void questionEnd_plainNamesOnly() {
    byte[] plain = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, 's', 'h', 'o', 'p', 0, 0, 1, 0, 1};
    byte[] pointer = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};

    assertThat(DnsFloor.questionEnd(ByteBuffer.wrap(plain), plain.length)).isEqualTo(22);
    assertThat(DnsFloor.questionEnd(ByteBuffer.wrap(plain), plain.length - 1)).isEqualTo(-1);
    assertThat(DnsFloor.questionEnd(ByteBuffer.wrap(plain), 12)).isEqualTo(-1);
    assertThat(DnsFloor.questionEnd(ByteBuffer.wrap(pointer), pointer.length)).isEqualTo(-1);
  }

  @Test
  void start_refusesNoRepliesOrOneWithoutAQuestion() {
    assertThatThrownBy(() -> DnsFloor.start(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsFloor.start(List.of(new byte[12]), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
