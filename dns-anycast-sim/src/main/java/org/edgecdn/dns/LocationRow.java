package org.edgecdn.dns;

import java.util.Objects;
import org.edgecdn.dns.geo.Cidr;

/**
 * One row of the client-location table: clients whose address falls in {@code cidr} are at this
 * place. The most specific row wins (longest prefix match).
 */
public record LocationRow(String cidr, double lat, double lon, String country, String region) {

  public LocationRow {
    Cidr.parse(cidr);
    Checks.latLon(lat, lon, "location " + cidr);
    Objects.requireNonNull(country, "location " + cidr + ": country");
    Objects.requireNonNull(region, "location " + cidr + ": region");
  }
}
