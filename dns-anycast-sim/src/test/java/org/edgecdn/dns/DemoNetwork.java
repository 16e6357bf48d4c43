package org.edgecdn.dns;

import java.net.InetAddress;
import java.util.List;
import org.edgecdn.dns.geo.IpLiteral;
import org.edgecdn.dns.rrl.RrlOptions;

/**
 * The demo network of DESIGN §2 as DNS sees it: zone cdn.test, PoPs us/eu/ap on their own
 * loopback addresses, a location table that puts 127.0.1.x in New York, 127.0.2.x in Paris and
 * 127.0.3.x in Tokyo, and site shop with www.shop.example and shop.example.
 */
public final class DemoNetwork {

  public static final PopAddress US = new PopAddress("us", "127.0.1.1", 39.04, -77.49);
  public static final PopAddress EU = new PopAddress("eu", "127.0.2.1", 50.11, 8.68);
  public static final PopAddress AP = new PopAddress("ap", "127.0.3.1", 1.35, 103.82);

  public static final List<LocationRow> LOCATIONS =
      List.of(
          new LocationRow("127.0.1.0/24", 40.71, -74.01, "US", "us-east"),
          new LocationRow("127.0.2.0/24", 48.86, 2.35, "FR", "eu-west"),
          new LocationRow("127.0.3.0/24", 35.68, 139.69, "JP", "ap-northeast"));

  public static final SiteNames SHOP =
      new SiteNames("shop", List.of("www.shop.example", "shop.example"));

  /** A client in New York, Paris, Tokyo, and one the table does not know. */
  public static final InetAddress NEW_YORK = IpLiteral.parse("127.0.1.77");
  public static final InetAddress PARIS = IpLiteral.parse("127.0.2.77");
  public static final InetAddress TOKYO = IpLiteral.parse("127.0.3.77");
  public static final InetAddress NOWHERE = IpLiteral.parse("10.9.9.9");

  private DemoNetwork() {}

  public static DnsOptions options() {
    return options("127.0.0.1", 0);
  }

  public static DnsOptions options(String host, int port) {
    return new DnsOptions(
        "dns",
        host,
        port,
        "cdn.test",
        DnsOptions.DEFAULT_TTL,
        List.of(US, EU, AP),
        List.of(SHOP),
        LOCATIONS,
        RrlOptions.defaults());
  }
}
