package org.edgecdn.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GreatCircleTest {

  @Test
  void distance_parisToFrankfurt_about479Km() {
    assertThat(GreatCircle.distanceKm(48.86, 2.35, 50.11, 8.68)).isCloseTo(479, within(5.0));
  }

  @Test
  void distance_newYorkToLondon_about5570Km() {
    assertThat(GreatCircle.distanceKm(40.71, -74.01, 51.51, -0.13)).isCloseTo(5570, within(20.0));
  }

  @Test
  void distance_acrossTheAntimeridian_shortWay() {
    assertThat(GreatCircle.distanceKm(0, 179.5, 0, -179.5)).isCloseTo(111.2, within(0.5));
  }

  @Test
  void distance_samePoint_zero() {
    assertThat(GreatCircle.distanceKm(35.68, 139.69, 35.68, 139.69)).isZero();
  }

  @Test
  void distance_antipodes_halfTheCircumference() {
    assertThat(GreatCircle.distanceKm(0, 0, 0, 180))
        .isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_KM, within(0.001));
  }
}
