package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Custom domains onboarded while the server runs: real UDP queries from a Paris address before,
 * after and after removal. Each test has its own server, since each changes what it serves.
 */
class CustomDomainServingTest {

  private Vertx vertx;
  private GeoDnsServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = GeoDnsServer.start(vertx, DemoNetwork.options(), PopHealth.allHealthy(),
            new SimpleMeterRegistry())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void onboardedName_isAnsweredWithTheSitesCnameAndSteeredAddress() throws Exception {
    assertThat(ask("www.their-site.top").getRcode()).isEqualTo(Rcode.REFUSED);

    // With its apex onboarded too, www is a name in that zone: a CNAME, as www.shop.example.
    Map<String, String> skipped = server.replaceCustomDomains(
        Map.of("www.their-site.top", "shop", "their-site.top", "shop"));

    assertThat(skipped).isEmpty();
    Message reply = ask("www.their-site.top");
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer.get(0)).isInstanceOfSatisfying(CNAMERecord.class,
        c -> assertThat(c.getTarget().toString()).isEqualTo("shop.cdn.test."));
    assertThat(answer.get(1)).isInstanceOfSatisfying(ARecord.class,
        a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.2.1"));
  }

  /** A name alone is the apex of its own zone (delegated to us): no CNAME beside SOA and NS. */
  @Test
  void onboardedApex_getsTheSteeredAddressDirectly() throws Exception {
    server.replaceCustomDomains(Map.of("their-site.top", "shop"));

    List<Record> answer = ask("their-site.top").getSection(Section.ANSWER);

    assertThat(answer).singleElement().isInstanceOfSatisfying(ARecord.class,
        a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.2.1"));
  }

  @Test
  void removedName_isRefusedAgain_evenRightAfterACachedAnswer() throws Exception {
    server.replaceCustomDomains(Map.of("www.their-site.top", "shop", "a.example", "shop"));
    assertThat(ask("www.their-site.top").getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("www.their-site.top").getRcode()).isEqualTo(Rcode.NOERROR);

    server.replaceCustomDomains(Map.of("a.example", "shop"));

    assertThat(ask("www.their-site.top").getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(ask("a.example").getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void unknownSiteOrAConfiguredName_isLeftOutWithAReason_andTheRestIsServed()
      throws Exception {
    Map<String, String> skipped = server.replaceCustomDomains(Map.of(
        "www.blog.example", "blog",
        "www.shop.example", "shop",
        "www.their-site.top", "shop"));

    assertThat(skipped).containsOnlyKeys("www.blog.example", "www.shop.example");
    assertThat(skipped.get("www.blog.example")).contains("site blog is not served");
    assertThat(ask("www.their-site.top").getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("www.shop.example").getRcode()).isEqualTo(Rcode.NOERROR);
  }

  private Message ask(String name) throws Exception {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1",
        server.port()));
    resolver.setLocalAddress(new InetSocketAddress("127.0.2.10", 0));
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver.send(Message.newQuery(
        Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
  }
}
