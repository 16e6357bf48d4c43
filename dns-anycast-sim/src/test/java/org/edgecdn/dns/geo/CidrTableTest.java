package org.edgecdn.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.edgecdn.dns.LocationRow;
import org.junit.jupiter.api.Test;

class CidrTableTest {

  private static LocationRow row(String cidr, String region) {
    return new LocationRow(cidr, 0, 0, "XX", region);
  }

  private static String regionOf(CidrTable table, String address) {
    return table.locate(IpLiteral.parse(address)).map(ClientLocation::region).orElse("none");
  }

  @Test
  void locate_nestedNetworks_longestPrefixWins() {
    CidrTable table =
        CidrTable.of(List.of(row("10.0.0.0/8", "wide"), row("10.1.0.0/16", "narrow"),
            row("10.1.2.3/32", "host"), row("0.0.0.0/0", "default")));

    assertThat(regionOf(table, "10.1.2.3")).isEqualTo("host");
    assertThat(regionOf(table, "10.1.2.4")).isEqualTo("narrow");
    assertThat(regionOf(table, "10.200.0.1")).isEqualTo("wide");
    assertThat(regionOf(table, "192.0.2.1")).isEqualTo("default");
  }

  @Test
  void locateIpv4_asNumber_sameRowsAsByAddress() {
    CidrTable table =
        CidrTable.of(List.of(row("10.0.0.0/8", "wide"), row("10.1.0.0/16", "narrow"),
            row("10.1.2.3/32", "host"), row("0.0.0.0/0", "default"), row("255.255.255.0/24",
                "top")));

    for (String address : List.of("10.1.2.3", "10.1.2.4", "10.200.0.1", "192.0.2.1",
        "255.255.255.254", "0.0.0.0")) {
      byte[] b = IpLiteral.parse(address).getAddress();
      int number = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
      assertThat(table.locateIpv4(number)).as(address)
          .isEqualTo(table.locate(IpLiteral.parse(address)));
    }
    assertThat(table.locateIpv4(0xffffff01).map(ClientLocation::region)).contains("top");
    assertThat(CidrTable.of(List.of(row("10.0.0.0/8", "wide"))).locateIpv4(0x0b000001))
        .isEmpty();
  }

  @Test
  void locate_noRowContainsAddress_empty() {
    CidrTable table = CidrTable.of(List.of(row("127.0.1.0/24", "us-east")));

    assertThat(table.locate(IpLiteral.parse("127.0.2.1"))).isEmpty();
    assertThat(table.locate(IpLiteral.parse("::1"))).isEmpty();
  }

  @Test
  void locate_ipv6_matchedInItsOwnFamily() {
    CidrTable table =
        CidrTable.of(List.of(row("2001:db8::/32", "doc"), row("2001:db8:1::/48", "doc-1"),
            row("0.0.0.0/0", "v4-default")));

    assertThat(regionOf(table, "2001:db8:1::5")).isEqualTo("doc-1");
    assertThat(regionOf(table, "2001:db8:2::5")).isEqualTo("doc");
    assertThat(regionOf(table, "2001:db9::1")).isEqualTo("none");
  }

  @Test
  void locate_ipv4MappedIpv6_readAsIpv4() {
    CidrTable table = CidrTable.of(List.of(row("127.0.2.0/24", "eu-west")));

    assertThat(regionOf(table, "::ffff:127.0.2.9")).isEqualTo("eu-west");
  }

  @Test
  void of_sameCidrTwice_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CidrTable.of(List.of(row("10.0.0.0/8", "a"), row("10.0.0.0/8", "b"))))
        .withMessageContaining("10.0.0.0/8 is listed twice");
  }

  @Test
  void cidr_hostBitsSet_rejectedWithTheNetwork() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Cidr.parse("127.0.2.7/24"))
        .withMessageContaining("127.0.2.0/24");
  }

  @Test
  void cidr_bareAddress_singleHost() {
    assertThat(Cidr.parse("10.1.2.3").prefixLength()).isEqualTo(32);
    assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
  }

  @Test
  void cidr_malformed_rejectedWithReason() {
    assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .withMessageContaining("outside 0..32");
    assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("10.0.0.0/x"))
        .withMessageContaining("not a number");
    assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("example.com/8"))
        .withMessageContaining("not an IP address");
  }

  @Test
  void cidr_contains_sameFamilyOnly() {
    Cidr cidr = Cidr.parse("127.0.2.0/24");

    assertThat(cidr.contains(IpLiteral.parse("127.0.2.200"))).isTrue();
    assertThat(cidr.contains(IpLiteral.parse("127.0.3.1"))).isFalse();
    assertThat(cidr.contains(IpLiteral.parse("::1"))).isFalse();
  }

  @Test
  void ipLiteral_hostName_notParsedAndNeverResolved() {
    assertThat(IpLiteral.tryParse("localhost")).isEmpty();
    assertThat(IpLiteral.tryParse("127.1")).isEmpty();
    assertThat(IpLiteral.tryParse("fe80::1%eth0")).contains(IpLiteral.parse("fe80::1"));
  }
}
