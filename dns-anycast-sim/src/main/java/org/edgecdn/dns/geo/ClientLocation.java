package org.edgecdn.dns.geo;

import org.edgecdn.dns.LocationRow;

/** Where the location table puts a client: a point on the globe, its country and region. */
public record ClientLocation(double lat, double lon, String country, String region) {

  public static ClientLocation of(LocationRow row) {
    return new ClientLocation(row.lat(), row.lon(), row.country(), row.region());
  }
}
