package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The demo network served with a latency matrix and a drained PoP, queried over real UDP and TCP
 * by dnsjava's {@link SimpleResolver}: the matrix says Paris (region eu-west) reaches us faster
 * than eu, against the map; ap is drained, so Tokyo goes to the next best; New York, whose region
 * has no matrix row, still goes by distance.
 */
class SteeredServerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final SteeringOptions STEERING = new SteeringOptions(
      Map.of("eu-west", Map.of("us", 5.0, "eu", 50.0)), Map.of("ap", 0.0));

  private static Vertx vertx;
  private static GeoDnsServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = Await.result(GeoDnsServer.start(vertx, DemoNetwork.options().withSteering(STEERING),
        PopHealth.allHealthy(), new SimpleMeterRegistry()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      Await.result(server.close());
    }
    Await.result(vertx.close());
  }

  @Test
  void udp_parisClient_matrixSendsItToUs() throws Exception {
    assertThat(addressFor("127.0.2.10", false, query("shop.cdn.test"))).isEqualTo("127.0.1.1");
  }

  @Test
  void tcp_parisClientAskingForTheCustomerName_matrixSendsItToUs() throws Exception {
    Message reply = resolver("127.0.2.10", true).send(query("www.shop.example"));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer.get(answer.size() - 1)).isInstanceOfSatisfying(ARecord.class,
        a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.1.1"));
  }

  @Test
  void udp_tokyoClient_apDrained_nextNearestEu() throws Exception {
    assertThat(addressFor("127.0.3.10", false, query("shop.cdn.test"))).isEqualTo("127.0.2.1");
  }

  @Test
  void udp_newYorkClient_regionWithoutRow_nearestByDistance() throws Exception {
    assertThat(addressFor("127.0.1.10", false, query("shop.cdn.test"))).isEqualTo("127.0.1.1");
  }

  @Test
  void udp_clientSubnetInParis_fromTokyo_steeredByTheSubnetsRow() throws Exception {
    Message query = query("shop.cdn.test");
    query.addRecord(new OPTRecord(1232, 0, 0, 0,
        List.of(new ClientSubnetOption(24, InetAddress.getByName("127.0.2.0")))),
        Section.ADDITIONAL);

    Message reply = resolver("127.0.3.10", false).send(query);

    assertThat(address(reply)).isEqualTo("127.0.1.1");
    assertThat(reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET)).singleElement()
        .isInstanceOfSatisfying(ClientSubnetOption.class,
            ecs -> assertThat(ecs.getScopePrefixLength()).isEqualTo(24));
  }

  private static String addressFor(String client, boolean tcp, Message query) throws Exception {
    return address(resolver(client, tcp).send(query));
  }

  private static String address(Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  private static SimpleResolver resolver(String localAddress, boolean tcp) {
    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
    resolver.setLocalAddress(new InetSocketAddress(localAddress, 0));
    resolver.setTCP(tcp);
    resolver.setTimeout(TIMEOUT);
    return resolver;
  }

  private static Message query(String name) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
  }
}
