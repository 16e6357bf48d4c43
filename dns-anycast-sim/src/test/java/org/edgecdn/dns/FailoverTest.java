package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.edgecdn.dns.health.EdgeProbes;
import org.edgecdn.dns.health.PopProbe;
import org.edgecdn.dns.health.ProbeOptions;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Failover end to end: the DNS server steered by real probes of three scripted edge admin
 * servers, queried over UDP by dnsjava from a Paris address.
 */
class FailoverTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    Await.result(vertx.close());
  }

  @Test
  void failover_euEdgeStops_parisAnswersMoveToUsThenBack() throws Exception {
    AtomicBoolean euAlive = new AtomicBoolean(true);
    int us = admin(new AtomicBoolean(true));
    int eu = admin(euAlive);
    int ap = admin(new AtomicBoolean(true));
    EdgeProbes health = EdgeProbes.start(vertx,
        List.of(new PopProbe("us", "127.0.0.1", us), new PopProbe("eu", "127.0.0.1", eu),
            new PopProbe("ap", "127.0.0.1", ap)),
        new ProbeOptions(50, 2, 2, 200), new SimpleMeterRegistry());
    GeoDnsServer server = Await.result(
        GeoDnsServer.start(vertx, DemoNetwork.options(), health, new SimpleMeterRegistry()));
    try {
      assertThat(parisAnswer(server)).isEqualTo("127.0.2.1");

      euAlive.set(false);
      Await.until("Paris sent to us", () -> parisAnswer(server).equals("127.0.1.1"),
          Duration.ofSeconds(5));

      euAlive.set(true);
      Await.until("Paris back on eu", () -> parisAnswer(server).equals("127.0.2.1"),
          Duration.ofSeconds(5));
    } finally {
      Await.result(server.close());
      Await.result(health.close());
    }
  }

  /** An edge admin server: 200 while alive, else the isolated 503. */
  private int admin(AtomicBoolean alive) {
    HttpServer server = Await.result(vertx.createHttpServer()
        .requestHandler(req -> {
          if (alive.get()) {
            req.response().end("{\"status\":\"ok\"}");
          } else {
            req.response().setStatusCode(503).end("{\"status\":\"isolated\"}");
          }
        })
        .listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private static String parisAnswer(GeoDnsServer server) {
    try {
      SimpleResolver resolver =
          new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
      resolver.setLocalAddress(new InetSocketAddress("127.0.2.10", 0));
      resolver.setTimeout(Duration.ofSeconds(2));
      Message reply = resolver.send(Message.newQuery(
          Record.newRecord(Name.fromString("shop.cdn.test."), Type.A, DClass.IN)));
      return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
