package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.edgecdn.loadtest.workload.FixedWorkload;
import org.edgecdn.loadtest.workload.LoadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Each source address resolves the target's name for itself, through a fake geo DNS that
 * answers by the query's Client Subnet (else its source address), and sends only to the edge
 * it was given.
 */
class DnsSteeringTest {

  private static final String US = "127.0.1.9";
  private static final String EU = "127.0.2.9";
  /** The second edge listens on another loopback address, on the port the first one got. */
  private static final String EU_EDGE = "127.0.0.4";

  /** What the fake DNS saw of one query. */
  record Query(String from, String subnet) {}

  private Vertx vertx;
  private final Queue<Query> queries = new ConcurrentLinkedQueue<>();
  private String dns;

  @BeforeEach
  void startDns() {
    vertx = Vertx.vertx();
    DatagramSocket socket = vertx.createDatagramSocket();
    socket.handler(packet -> {
      try {
        Message query = new Message(packet.data().getBytes());
        String subnet = null;
        OPTRecord opt = query.getOPT();
        if (opt != null) {
          for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            ClientSubnetOption ecs = (ClientSubnetOption) option;
            subnet = ecs.getAddress().getHostAddress() + "/" + ecs.getSourcePrefixLength();
          }
        }
        String from = packet.sender().host();
        queries.add(new Query(from, subnet));
        // Europe by ECS, else by source: 127.0.2.0/24 is Europe, everything else the US.
        boolean europe = subnet != null ? subnet.startsWith("127.0.2.") : from.startsWith(
            "127.0.2.");
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        answer.addRecord(question, Section.QUESTION);
        answer.addRecord(new ARecord(question.getName(), DClass.IN, 20,
            InetAddress.getByName(europe ? EU_EDGE : "127.0.0.1")), Section.ANSWER);
        socket.send(Buffer.buffer(answer.toWire()), packet.sender().port(),
            packet.sender().host());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    TestServer.await(socket.listen(0, "127.0.0.1"));
    dns = "127.0.0.1:" + socket.localAddress().port();
  }

  @AfterEach
  void stop() {
    TestServer.await(vertx.close());
  }

  @Test
  void perSource_eachSourceAsksFromItsOwnAddress_withItsSubnet() {
    Map<String, String> answers = TestServer.await(DnsLookup.perSource(vertx, dns,
        "www.shop.example", List.of(US, EU), Duration.ofSeconds(2)));

    assertThat(answers).containsExactly(Map.entry(US, "127.0.0.1"), Map.entry(EU, EU_EDGE));
    assertThat(queries).containsExactlyInAnyOrder(new Query(US, "127.0.1.0/24"),
        new Query(EU, "127.0.2.0/24"));
  }

  @Test
  void run_sendsEachSourcesConnectionsToTheEdgeItsDnsAnswerNamed() {
    Queue<String> atUs = new ConcurrentLinkedQueue<>();
    Queue<String> atEu = new ConcurrentLinkedQueue<>();
    HttpServer us = TestServer.await(vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
          atUs.add(request.remoteAddress().host());
          request.response().end("us");
        }).listen());
    int port = us.actualPort();
    TestServer.await(vertx.createHttpServer(new HttpServerOptions().setHost(EU_EDGE)
        .setPort(port)).requestHandler(request -> {
          atEu.add(request.remoteAddress().host());
          request.response().end("eu");
        }).listen());
    Map<String, String> answers = TestServer.await(DnsLookup.perSource(vertx, dns,
        "www.shop.example", List.of(US, EU), Duration.ofSeconds(2)));

    StreamOptions stream = StreamOptions.of("traffic",
        Target.parse("http://www.shop.example:" + port, null),
        new FixedWorkload(LoadRequest.get("/")), new Pacing.Closed(), 4)
        .withSources(List.of(US, EU)).withSourceTargets(answers);
    RunResult result = TestServer.run(TestServer.options(stream, Duration.ofSeconds(5))
        .withMaxRequests(200));

    assertThat(result.main().answered()).isEqualTo(200);
    assertThat(atUs).isNotEmpty().containsOnly(US);
    assertThat(atEu).isNotEmpty().containsOnly(EU);
  }

  @Test
  void sourceTargets_onlyForSources() {
    StreamOptions stream = StreamOptions.of("traffic", Target.parse("http://127.0.0.1:1", null),
        new FixedWorkload(LoadRequest.get("/")), new Pacing.Closed(), 2);
    assertThatThrownBy(() -> stream.withSourceTargets(Map.of(US, "127.0.0.1")))
        .hasMessageContaining("not a source");
  }
}
