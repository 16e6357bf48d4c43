package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.ServerClients.query;
import static org.edgecdn.dns.ServerClients.resolver;
import static org.edgecdn.dns.ServerClients.udpUntil;
import static org.edgecdn.dns.ServerClients.wire;
import static org.edgecdn.dns.ServerClients.withEdns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answers issue 5 lists under "Tests that must exist", asked of the running server over real
 * UDP and TCP sockets on 127.0.0.1 (the resolver-level cases are in {@code QueryResolverTest}):
 * compression loops, NODATA, minimal ANY, BADVERS, Client Subnet steering per region. The server
 * has one UDP thread, so a socket's datagrams are answered in the order sent: once the reply to
 * the last one is in, any reply to the earlier ones is too, and no test waits for a timeout.
 * Truncation and the TCP retry are in {@link LargeAnswerTest}.
 */
class ServerConformanceTest {

  private static final int GOOD_ID = 7;

  private static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start(DemoNetwork.options().withUdpThreads(1));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A question name that never ends (RFC 1035 §4.1.4 pointers): a pointer to itself, two
   * pointers to each other, a label then a pointer back to it.
   */
  @ParameterizedTest(name = "question name {0}")
  @ValueSource(strings = {"c00c", "c00ec00c", "0161c00c"})
  void compressionLoop_formerrOrDropped_nextQueryAnswered(String questionName) throws Exception {
    ByteArrayOutputStream loop = new ByteArrayOutputStream();
    loop.writeBytes(HexFormat.of().parseHex("0bad00000001000000000000")); // ID 0x0bad, QD 1
    loop.writeBytes(HexFormat.of().parseHex(questionName));
    loop.writeBytes(HexFormat.of().parseHex("00010001")); // type A, class IN

    Map<Integer, Message> replies = udpUntil(server.port(), "127.0.2.10", GOOD_ID,
        loop.toByteArray(), wire(query("www.shop.example", Type.A), GOOD_ID));

    Message toLoop = replies.get(0x0bad);
    if (toLoop != null) {
      assertThat(toLoop.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(toLoop.getSection(Section.ANSWER)).isEmpty();
    }
    assertThat(replies.keySet()).isSubsetOf(0x0bad, GOOD_ID);
    assertSteeredTo(replies.get(GOOD_ID), "127.0.2.1");
  }

  @ParameterizedTest(name = "tcp {0}")
  @ValueSource(booleans = {false, true})
  void nodata_existingNameOtherType_noerrorEmptyAnswerSoaInAuthority(boolean tcp)
      throws Exception {
    Message reply = resolver(server.port(), "127.0.2.10", tcp).send(query("shop.cdn.test",
        Type.TXT));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).singleElement()
        .isInstanceOfSatisfying(SOARecord.class, soa -> {
          assertThat(soa.getName().toString()).isEqualTo("cdn.test.");
          assertThat(soa.getMinimum()).as("negative TTL, RFC 2308").isEqualTo(20);
        });
  }

  /** RFC 8482 §4.1: one RRset, never all of them; at the apex a synthesized HINFO. */
  @ParameterizedTest(name = "{0} ANY over tcp {2} -> {1}")
  @CsvSource({"shop.cdn.test, A, false", "www.shop.example, CNAME, false",
      "cdn.test, HINFO, true"})
  void any_answeredWithOneRrsetOnly(String name, String type, boolean tcp) throws Exception {
    Message reply = resolver(server.port(), "127.0.3.10", tcp).send(query(name, Type.ANY));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).singleElement()
        .satisfies(r -> assertThat(Type.string(r.getType())).isEqualTo(type));
    if (answer.get(0) instanceof HINFORecord hinfo) {
      assertThat(hinfo.getCPU()).isEqualTo("RFC8482");
    }
  }

  @Test
  void edns_version1_badversWithOptVersion0AndNoAnswer() throws Exception {
    Message query = withEdns(query("shop.cdn.test", Type.A), 1232, 1);

    Message reply = udpUntil(server.port(), "127.0.2.10", GOOD_ID, wire(query, GOOD_ID))
        .get(GOOD_ID);

    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getVersion()).isZero();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  /** The client asks from 127.0.0.1, which the table does not place: only the subnet can. */
  @ParameterizedTest(name = "subnet {0}/24 -> {1}")
  @CsvSource({"127.0.1.0, 127.0.1.1", "127.0.2.0, 127.0.2.1", "127.0.3.0, 127.0.3.1"})
  void clientSubnet_eachDemoRegion_steeredToItsPopWithScopeEchoed(String subnet, String pop)
      throws Exception {
    ClientSubnetOption ecs = new ClientSubnetOption(24, InetAddress.getByName(subnet));
    Message query = withEdns(query("shop.cdn.test", Type.A), 1232, 0, ecs);

    Message reply = resolver(server.port(), "127.0.0.1", false).send(query);

    assertSteeredTo(reply, pop);
    List<EDNSOption> echo = reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertThat(echo).singleElement().isInstanceOfSatisfying(ClientSubnetOption.class, back -> {
      assertThat(back.getAddress().getHostAddress()).isEqualTo(subnet);
      assertThat(back.getSourcePrefixLength()).isEqualTo(24);
      assertThat(back.getScopePrefixLength()).isEqualTo(24);
    });
  }

  private static void assertSteeredTo(Message reply, String address) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer.get(answer.size() - 1)).isInstanceOfSatisfying(ARecord.class,
        a -> assertThat(a.getAddress().getHostAddress()).isEqualTo(address));
  }
}
