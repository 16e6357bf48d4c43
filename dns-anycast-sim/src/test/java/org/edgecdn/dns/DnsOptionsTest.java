package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.edgecdn.dns.rrl.RrlOptions;
import org.junit.jupiter.api.Test;

class DnsOptionsTest {

  private static DnsOptions with(List<PopAddress> pops, List<SiteNames> sites, Duration ttl) {
    return new DnsOptions("dns", "127.0.0.1", 0, "cdn.test", ttl, pops, sites,
        DemoNetwork.LOCATIONS, RrlOptions.defaults());
  }

  @Test
  void defaultUdpThreads_oneOnASingleProcessorTwoOtherwise() {
    assertThat(DnsOptions.udpThreadsFor(1)).isEqualTo(1);
    assertThat(DnsOptions.udpThreadsFor(2)).isEqualTo(2);
    assertThat(DnsOptions.udpThreadsFor(64)).isEqualTo(2);
    assertThat(DnsOptions.udpThreadsFor(0)).isEqualTo(1);
  }

  @Test
  void rrl_oldConstructor_defaultsOn() {
    DnsOptions options = new DnsOptions("dns", "127.0.0.1", 0, "cdn.test",
        DnsOptions.DEFAULT_TTL, List.of(DemoNetwork.US), List.of(), DemoNetwork.LOCATIONS);

    assertThat(options.rrl()).isEqualTo(RrlOptions.defaults());
    assertThat(options.rrl().enabled()).isTrue();
    assertThat(options.rrl().answersPerSecond()).isEqualTo(100);
    assertThat(options.rrl().errorsPerSecond()).isEqualTo(20);
    assertThat(options.rrl().slip()).isEqualTo(2);
  }

  @Test
  void rrl_withRrlOff_onlyRrlChanges() {
    DnsOptions off = DemoNetwork.options().withRrl(RrlOptions.off());

    assertThat(off.rrl().enabled()).isFalse();
    assertThat(off.withRrl(RrlOptions.defaults())).isEqualTo(DemoNetwork.options());
  }

  @Test
  void rrl_null_rejected() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> new DnsOptions("dns", "127.0.0.1", 0, "cdn.test",
            DnsOptions.DEFAULT_TTL, List.of(DemoNetwork.US), List.of(), DemoNetwork.LOCATIONS,
            null))
        .withMessageContaining("rrl");
  }

  @Test
  void tcp_olderConstructors_defaultsOf10sAnd16() {
    assertThat(DemoNetwork.options().tcp()).isEqualTo(TcpOptions.defaults());
    assertThat(TcpOptions.defaults().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(TcpOptions.defaults().connectionsPerClient()).isEqualTo(16);
  }

  @Test
  void rateLimit_ratesAboveWhatTheNetworkFileAccepts_areRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RrlOptions(true, RrlOptions.MAX_RATE + 1, 20, 2))
        .withMessage("rate limit: answers per second 1000001 is outside 1-1000000");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RrlOptions(true, 100, 0, 2))
        .withMessageContaining("errors per second 0");
  }

  @Test
  void tcp_outOfRange_rejectedNamingTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TcpOptions(Duration.ofSeconds(11), 16))
        .withMessage("tcp: idle timeout PT11S is outside 100ms..10s");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TcpOptions(Duration.ofMillis(99), 16))
        .withMessage("tcp: idle timeout PT0.099S is outside 100ms..10s");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TcpOptions(Duration.ZERO, 16))
        .withMessageContaining("idle timeout PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TcpOptions(Duration.ofSeconds(1), 0))
        .withMessage("tcp: connections per client 0 is outside 1-65535");
  }

  @Test
  void tcp_withTcp_onlyTcpChanges() {
    TcpOptions tight = new TcpOptions(Duration.ofMillis(300), 2);

    assertThat(DemoNetwork.options().withTcp(tight).tcp()).isEqualTo(tight);
    assertThat(DemoNetwork.options().withTcp(tight).withTcp(TcpOptions.defaults()))
        .isEqualTo(DemoNetwork.options());
  }

  @Test
  void demo_valid_ttlInSeconds() {
    assertThat(DemoNetwork.options().ttlSeconds()).isEqualTo(20);
  }

  @Test
  void pops_empty_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with(List.of(), List.of(), DnsOptions.DEFAULT_TTL))
        .withMessageContaining("no PoPs");
  }

  @Test
  void pops_sameNameTwice_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with(List.of(DemoNetwork.US, DemoNetwork.US), List.of(),
            DnsOptions.DEFAULT_TTL))
        .withMessageContaining("PoP 'us' is listed twice");
  }

  @Test
  void sites_sameNameTwice_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with(List.of(DemoNetwork.US),
            List.of(new SiteNames("shop", List.of()), new SiteNames("SHOP", List.of())),
            DnsOptions.DEFAULT_TTL))
        .withMessageContaining("listed twice");
  }

  @Test
  void ttl_negative_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with(List.of(DemoNetwork.US), List.of(), Duration.ofSeconds(-1)))
        .withMessageContaining("ttl");
  }

  @Test
  void pop_hostNameInsteadOfAddress_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PopAddress("eu", "eu.example.net", 50, 8))
        .withMessageContaining("pop eu")
        .withMessageContaining("not an IPv4 or IPv6 literal");
  }

  @Test
  void pop_latitudeOutOfRange_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PopAddress("eu", "127.0.2.1", 91, 8))
        .withMessageContaining("latitude");
  }

  @Test
  void site_nameNotALabel_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SiteNames("my.shop", List.of()))
        .withMessageContaining("one DNS label");
  }

  @Test
  void location_badCidr_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LocationRow("127.0.2.0/99", 0, 0, "FR", "eu"))
        .withMessageContaining("127.0.2.0/99");
  }

  @Test
  void domainCollision_rejectedAtConstruction() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> with(List.of(DemoNetwork.US),
            List.of(new SiteNames("shop", List.of("ns1.cdn.test"))), DnsOptions.DEFAULT_TTL))
        .withMessageContaining("ns1.cdn.test");
  }
}
