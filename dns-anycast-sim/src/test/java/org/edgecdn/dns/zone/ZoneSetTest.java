package org.edgecdn.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.edgecdn.dns.SiteNames;
import org.edgecdn.dns.zone.NameLookup.Found;
import org.edgecdn.dns.zone.NameLookup.NoSuchName;
import org.edgecdn.dns.zone.NameLookup.OutOfZone;
import org.edgecdn.dns.zone.NodeData.Alias;
import org.edgecdn.dns.zone.NodeData.Empty;
import org.edgecdn.dns.zone.NodeData.Host;
import org.edgecdn.dns.zone.NodeData.Steered;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

class ZoneSetTest {

  private static final Duration TTL = Duration.ofSeconds(20);

  private static ZoneSet zones(SiteNames... sites) {
    return ZoneSet.of("cdn.test", "127.0.0.1", TTL, List.of(sites));
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ZoneNode found(ZoneSet zones, String text) {
    NameLookup lookup = zones.lookup(name(text));
    assertThat(lookup).as(text).isInstanceOf(Found.class);
    return ((Found) lookup).node();
  }

  @Test
  void networkZone_apexNameServerAndSite_present() {
    ZoneSet zones = zones(new SiteNames("shop", List.of()));

    assertThat(found(zones, "cdn.test").isApex()).isTrue();
    assertThat(found(zones, "cdn.test").data()).isInstanceOf(Empty.class);
    assertThat(found(zones, "ns1.cdn.test").data()).isInstanceOf(Host.class);
    assertThat(found(zones, "shop.cdn.test").data()).isEqualTo(new Steered("shop"));
    assertThat(zones.siteName("SHOP")).contains(name("shop.cdn.test"));
  }

  @Test
  void customerDomains_parentListed_parentIsApexAndChildAliases() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("www.shop.example", "shop.example")));

    ZoneNode apex = found(zones, "shop.example");
    assertThat(apex.isApex()).isTrue();
    assertThat(apex.data()).isEqualTo(new Steered("shop"));
    ZoneNode www = found(zones, "www.shop.example");
    assertThat(www.isApex()).isFalse();
    assertThat(www.zone().apex()).isEqualTo(name("shop.example"));
    assertThat(www.data()).isEqualTo(new Alias("shop", name("shop.cdn.test")));
  }

  @Test
  void customerDomain_parentNotListed_ownApexWithAddress() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("www.their-site.top")));

    ZoneNode node = found(zones, "www.their-site.top");
    assertThat(node.isApex()).isTrue();
    assertThat(node.data()).isEqualTo(new Steered("shop"));
    assertThat(zones.lookup(name("their-site.top"))).isInstanceOf(OutOfZone.class);
  }

  @Test
  void customerDomain_insideNetworkZone_aliasInNetworkZone() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("www.cdn.test")));

    ZoneNode node = found(zones, "www.cdn.test");
    assertThat(node.zone().apex()).isEqualTo(name("cdn.test"));
    assertThat(node.data()).isInstanceOf(Alias.class);
  }

  @Test
  void nameBetweenListedNameAndApex_emptyNonTerminal() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("shop.example", "a.b.shop.example")));

    assertThat(found(zones, "b.shop.example").data()).isInstanceOf(Empty.class);
    assertThat(zones.lookup(name("c.shop.example"))).isInstanceOf(NoSuchName.class);
  }

  @Test
  void nameBelowExistingName_noSuchNameInItsZone() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("shop.example")));

    NameLookup lookup = zones.lookup(name("x.www.shop.example"));

    assertThat(lookup).isInstanceOfSatisfying(
        NoSuchName.class, n -> assertThat(n.zone().apex()).isEqualTo(name("shop.example")));
  }

  @Test
  void nameOutsideZones_outOfZone() {
    ZoneSet zones = zones(new SiteNames("shop", List.of("shop.example")));

    assertThat(zones.lookup(name("example"))).isInstanceOf(OutOfZone.class);
    assertThat(zones.lookup(name("test"))).isInstanceOf(OutOfZone.class);
    assertThat(zones.lookup(Name.root)).isInstanceOf(OutOfZone.class);
  }

  @Test
  void nameServerAddress_fromListenHostWhenUsableIpv4() {
    assertThat(ZoneSet.of("cdn.test", "10.1.2.3", TTL, List.of()).nameServerAddress()
        .getHostAddress()).isEqualTo("10.1.2.3");
    assertThat(ZoneSet.of("cdn.test", "0.0.0.0", TTL, List.of()).nameServerAddress()
        .getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ZoneSet.of("cdn.test", "::1", TTL, List.of()).nameServerAddress()
        .getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ZoneSet.of("cdn.test", "localhost", TTL, List.of()).nameServerAddress()
        .getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void negativeSoa_ttlIsMinOfSoaTtlAndMinimum() {
    Zone zone = ZoneSet.of("cdn.test", "127.0.0.1", Duration.ofSeconds(7200), List.of())
        .networkZone();

    assertThat(zone.negativeSoa().getTTL()).isEqualTo(ZoneSet.ZONE_TTL);
    assertThat(zone.negativeSoa().getMinimum()).isEqualTo(7200);
  }

  @Test
  void domain_collidesWithSiteName_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(new SiteNames("shop", List.of("shop.cdn.test"))))
        .withMessageContaining("shop.cdn.test");
  }

  @Test
  void site_namedNs1_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(new SiteNames("ns1", List.of())))
        .withMessageContaining("name server");
  }

  @Test
  void domain_listedForTwoSites_rejectedNamingBoth() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(
            new SiteNames("shop", List.of("shop.example")),
            new SiteNames("blog", List.of("Shop.Example"))))
        .withMessageContaining("listed twice")
        .withMessageContaining("shop")
        .withMessageContaining("blog");
  }

  @Test
  void domain_containsNetworkZone_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(new SiteNames("shop", List.of("test"))))
        .withMessageContaining("contains the network zone");
  }

  @Test
  void domain_wildcard_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(new SiteNames("shop", List.of("*.shop.example"))))
        .withMessageContaining("wildcard");
  }

  @Test
  void domain_invalidName_rejectedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> zones(new SiteNames("shop", List.of("a..b"))))
        .withMessageContaining("'a..b'");
  }
}
