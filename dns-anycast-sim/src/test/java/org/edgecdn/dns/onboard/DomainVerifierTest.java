package org.edgecdn.dns.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.edgecdn.dns.onboard.Verification.LookupFailed;
import org.edgecdn.dns.onboard.Verification.NotPointing;
import org.edgecdn.dns.onboard.Verification.Verified;
import org.edgecdn.testkit.ScriptedDns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier against a scripted resolver on loopback: real UDP queries. */
class DomainVerifierTest {

  private ScriptedDns world;
  private DomainVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    world = ScriptedDns.start();
    verifier = new DomainVerifier(world.address(),
        Set.of(InetAddress.getByName("127.0.1.1"), InetAddress.getByName("127.0.2.1")),
        Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws Exception {
    world.close();
  }

  private Verification verify(String domain) throws Exception {
    return verifier.verify(domain, "shop.cdn.test").toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void cnameToTheSiteName_isVerified() throws Exception {
    world.cname("www.their-site.top", "Shop.CDN.test");

    assertThat(verify("WWW.their-site.top")).isInstanceOf(Verified.class)
        .extracting(Verification::found).asString().containsIgnoringCase("shop.cdn.test");
  }

  @Test
  void cnameElsewhere_isRefusedNamingTheTarget() throws Exception {
    world.cname("www.their-site.top", "their-site.herokuapp.com");

    assertThat(verify("www.their-site.top")).isInstanceOf(NotPointing.class)
        .extracting(Verification::found).asString()
        .contains("their-site.herokuapp.com").contains("not shop.cdn.test.");
  }

  @Test
  void cnameToAnotherSiteOfTheNetwork_isRefused() throws Exception {
    world.cname("www.their-site.top", "blog.cdn.test");

    assertThat(verify("www.their-site.top")).isInstanceOf(NotPointing.class);
  }

  @Test
  void apexWithOnlyTheNetworksAddresses_isVerified() throws Exception {
    world.a("their-site.top", "127.0.1.1", "127.0.2.1");

    assertThat(verify("their-site.top")).isInstanceOf(Verified.class);
  }

  @Test
  void apexWithAForeignAddress_isRefusedNamingIt() throws Exception {
    world.a("their-site.top", "127.0.1.1", "203.0.113.7");

    assertThat(verify("their-site.top")).isInstanceOf(NotPointing.class)
        .extracting(Verification::found).asString().contains("203.0.113.7 is not");
  }

  @Test
  void missingName_isRefusedAsNxdomain() throws Exception {
    assertThat(verify("www.their-site.top")).isInstanceOf(NotPointing.class)
        .extracting(Verification::found).asString().contains("NXDOMAIN");
  }

  @Test
  void nameWithoutRecords_isRefused() throws Exception {
    world.exists("www.their-site.top");

    assertThat(verify("www.their-site.top")).isInstanceOf(NotPointing.class)
        .extracting(Verification::found).asString().contains("no CNAME and no address");
  }

  @Test
  void servfail_isALookupFailureNotARefusal() throws Exception {
    world.failing("www.their-site.top");

    assertThat(verify("www.their-site.top")).isInstanceOf(LookupFailed.class)
        .extracting(Verification::found).asString().contains("SERVFAIL");
  }

  @Test
  void silentResolver_failsWithinTheTimeout() throws Exception {
    DomainVerifier deaf;
    try (var socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      deaf = new DomainVerifier(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()),
          Set.of(), Duration.ofMillis(300));
      Verification result = deaf.verify("www.their-site.top", "shop.cdn.test")
          .toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(result).isInstanceOf(LookupFailed.class)
          .extracting(Verification::found).asString().contains("no answer from the resolver");
    }
  }
}
