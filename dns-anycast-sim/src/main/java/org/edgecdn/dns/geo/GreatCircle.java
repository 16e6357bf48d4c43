package org.edgecdn.dns.geo;

/**
 * Distance over the earth's surface by the haversine formula [1], on a sphere of the mean earth
 * radius. Good to about 0.5 %, which is far finer than a CIDR-to-city table.
 *
 * <p>[1] R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68 (2), 1984.
 */
public final class GreatCircle {

  /** IUGG mean earth radius R1, in kilometres. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private GreatCircle() {}

  /** Kilometres between two points given in degrees. */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double halfDeltaPhi = (phi2 - phi1) / 2;
    double halfDeltaLambda = Math.toRadians(lon2 - lon1) / 2;
    double sinPhi = Math.sin(halfDeltaPhi);
    double sinLambda = Math.sin(halfDeltaLambda);
    double h = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
