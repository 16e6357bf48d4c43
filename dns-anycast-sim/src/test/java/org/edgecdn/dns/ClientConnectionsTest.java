package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecdn.dns.geo.IpLiteral;
import org.junit.jupiter.api.Test;

/** Who counts as one client for the TCP cap, and the counting itself. */
class ClientConnectionsTest {

  private static String clientOf(String address) {
    return ClientConnections.clientOf(IpLiteral.parse(address));
  }

  @Test
  void ipv6_addressesOfOneSlash64_areOneClient_otherNetworksAreNot() {
    assertThat(clientOf("2001:db8:1:2::1")).isEqualTo(clientOf("2001:db8:1:2:ffff::9"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(clientOf("2001:db8:1:3::1")).isNotEqualTo(clientOf("2001:db8:1:2::1"));
    assertThat(clientOf("127.0.2.9")).isEqualTo("127.0.2.9");
  }

  @Test
  void cap_sharedByTheSlash64_andFreedOnClose() {
    ClientConnections connections = new ClientConnections(2);
    String a = clientOf("2001:db8:1:2::1");
    String b = clientOf("2001:db8:1:2::2");

    assertThat(connections.tryOpen(a)).isTrue();
    assertThat(connections.tryOpen(b)).isTrue();
    assertThat(connections.tryOpen(clientOf("2001:db8:1:2::3"))).isFalse();
    connections.closed(a);
    assertThat(connections.tryOpen(b)).isTrue();
    assertThat(connections.open(a)).isEqualTo(2);
  }
}
