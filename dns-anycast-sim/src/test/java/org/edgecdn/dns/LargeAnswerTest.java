package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.ServerClients.query;
import static org.edgecdn.dns.ServerClients.resolver;
import static org.edgecdn.dns.ServerClients.udpUntil;
import static org.edgecdn.dns.ServerClients.wire;
import static org.edgecdn.dns.ServerClients.withEdns;

import java.util.List;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A UDP answer larger than the client can take comes back truncated (TC set), and the same
 * question over TCP gets it whole (RFC 1035 §4.2.1, RFC 2181 §9, RFC 7766).
 *
 * <p>No demo answer comes near 512 bytes, and an advertised EDNS size below 512 counts as 512,
 * so the answer is made large with long names: a network zone and a customer domain of about 240
 * characters each, with no common suffix to compress. The CNAME answer then carries the question
 * name (about 250 bytes), the CNAME target {@code shop.<zone>} (about 245 bytes) and the address:
 * some 540 bytes, over 512 and well under our 1232.
 */
class LargeAnswerTest {

  private static final String ZONE = label('z', 63) + "." + label('y', 63) + "." + label('x', 63)
      + "." + label('w', 40) + ".test";
  private static final String APEX = label('v', 63) + "." + label('u', 63) + "." + label('t', 63)
      + "." + label('s', 41) + ".example";
  private static final String NAME = "www." + APEX;

  private static RunningServer server;

  @BeforeAll
  static void start() {
    DnsOptions options = new DnsOptions("dns", "127.0.0.1", 0, ZONE, DnsOptions.DEFAULT_TTL,
        List.of(DemoNetwork.US, DemoNetwork.EU, DemoNetwork.AP),
        List.of(new SiteNames("shop", List.of(APEX, NAME))), DemoNetwork.LOCATIONS,
        RrlOptions.defaults(), 1);
    server = RunningServer.start(options);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void answer_isLargerThan512() throws Exception {
    Message whole = resolver(server.port(), "127.0.2.10", true).send(query(NAME, Type.A));

    assertThat(whole.toWire().length).isGreaterThan(512);
  }

  @Test
  void udpWithoutEdns_truncatedWithinItsLimit_thenTcpGetsTheWholeAnswer() throws Exception {
    byte[] sent = udpReply(wire(query(NAME, Type.A), 1));

    assertTruncated(sent, 512);
    assertWhole(resolver(server.port(), "127.0.2.10", true).send(query(NAME, Type.A)));
  }

  @Test
  void udpWithEdnsBelow512_countsAs512_truncated() throws Exception {
    byte[] sent = udpReply(wire(withEdns(query(NAME, Type.A), 300, 0), 1));

    assertTruncated(sent, 512);
    assertThat(new Message(sent).getOPT()).as("RFC 6891 §7: OPT stays").isNotNull();
  }

  @Test
  void udpWithEdns1232_fitsWhole() throws Exception {
    byte[] sent = udpReply(wire(withEdns(query(NAME, Type.A), 1232, 0), 1));

    assertWhole(new Message(sent));
  }

  /** What a stub resolver does with the TC reply: ask again over TCP, and get the answer. */
  @Test
  void resolverOverUdp_retriesOverTcpOnTc_getsTheWholeAnswer() throws Exception {
    SimpleResolver udp = resolver(server.port(), "127.0.2.10", false);
    udp.setEDNS(0, 512, 0, List.of());

    assertWhole(udp.send(query(NAME, Type.A)));
  }

  private static byte[] udpReply(byte[] query) throws Exception {
    return udpUntil(server.port(), "127.0.2.10", 1, query).get(1).toWire();
  }

  private static void assertTruncated(byte[] sent, int limit) throws Exception {
    assertThat(sent.length).isLessThanOrEqualTo(limit);
    Message reply = new Message(sent);
    assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  private static void assertWhole(Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).hasSize(2);
    assertThat(answer.get(0)).isInstanceOfSatisfying(CNAMERecord.class,
        c -> assertThat(c.getTarget().toString()).isEqualTo("shop." + ZONE + "."));
    assertThat(answer.get(1)).isInstanceOfSatisfying(ARecord.class,
        a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.2.1"));
  }

  private static String label(char c, int length) {
    return String.valueOf(c).repeat(length);
  }
}
