package org.edgecdn.predictor.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticSiteTest {

  @Test
  void seeded_sameOptions_sameVisits() {
    SyntheticSite a = new SyntheticSite(SyntheticSite.Options.defaults(7));
    SyntheticSite b = new SyntheticSite(SyntheticSite.Options.defaults(7));
    assertThat(a.visits(50)).isEqualTo(b.visits(50));
  }

  @Test
  void transitions_threeToEightLinks_probabilitiesSumToOneAndAreSkewed() {
    SyntheticSite site = new SyntheticSite(SyntheticSite.Options.defaults(3));
    for (int page = 0; page < 200; page++) {
      int[] links = site.links(page);
      assertThat(links.length).isBetween(3, 8);
      double sum = 0;
      for (int to : links) {
        sum += site.transition(page, to);
      }
      assertThat(sum).isCloseTo(1, within(1e-9));
      assertThat(site.transition(page, links[0])).isGreaterThan(site.transition(page, links[1]));
    }
  }
}
