package org.edgecdn.predictor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PageSizesTest {

  @Test
  void relative_isThePageOverTheMeanOfPagesWeighed() {
    PageSizes sizes = new PageSizes(10);
    sizes.note("/small", 1_000);
    sizes.note("/large", 3_000);

    assertThat(sizes.relative("/small")).isCloseTo(0.5, within(1e-9));
    assertThat(sizes.relative("/large")).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void pageNeverWeighed_isHeldToThePlainThreshold() {
    PageSizes sizes = new PageSizes(10);
    assertThat(sizes.relative("/new")).isEqualTo(1);

    sizes.note("/empty", 0);
    assertThat(sizes.relative("/empty")).isEqualTo(1);
  }

  @Test
  void weighedAgain_theLatestSizeCounts() {
    PageSizes sizes = new PageSizes(10);
    sizes.note("/a", 1_000);
    sizes.note("/b", 1_000);
    sizes.note("/a", 3_000);

    assertThat(sizes.relative("/a")).isCloseTo(1.5, within(1e-9));
    assertThat(sizes.size()).isEqualTo(2);
  }

  @Test
  void bounded_randomUrlsPushOutTheOldest_andTheMeanFollows() {
    PageSizes sizes = new PageSizes(2);
    sizes.note("/old", 100_000);
    for (int i = 0; i < 1_000; i++) {
      sizes.note("/random-" + i, 1_000);
    }

    assertThat(sizes.size()).isEqualTo(2);
    assertThat(sizes.relative("/old")).isEqualTo(1);
    assertThat(sizes.relative("/random-999")).isCloseTo(1, within(1e-9));
    assertThat(sizes.footprintBytes()).isLessThan(1_000);
  }
}
