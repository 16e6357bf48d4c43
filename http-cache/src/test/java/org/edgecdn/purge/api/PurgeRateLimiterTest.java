package org.edgecdn.purge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.purge.api.PurgeRateLimiter.Decision;
import org.junit.jupiter.api.Test;

class PurgeRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(123 * SECOND);

  @Test
  void fullBucket_allowsTheBurstThenRefuses() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(20, 50, now::get);

    for (int i = 0; i < 50; i++) {
      assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Allowed());
    }
    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Refused(1));
  }

  @Test
  void defaults_are50BurstAnd20PerSecond() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(now::get);
    for (int i = 0; i < 50; i++) {
      limiter.tryAcquire("shop");
    }
    assertThat(limiter.tryAcquire("shop")).isInstanceOf(Decision.Refused.class);

    now.addAndGet(SECOND / 20);

    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Allowed());
    assertThat(limiter.tryAcquire("shop")).isInstanceOf(Decision.Refused.class);
  }

  @Test
  void refusedCalls_spendNothing() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(1, 1, now::get);
    limiter.tryAcquire("shop");
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryAcquire("shop")).isInstanceOf(Decision.Refused.class);
    }

    now.addAndGet(SECOND);

    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Allowed());
  }

  @Test
  void retryAfter_isRoundedUpToWholeSeconds() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(0.4, 1, now::get);
    limiter.tryAcquire("shop");

    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Refused(3)); // 2.5 s

    now.addAndGet(2 * SECOND);

    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Refused(1)); // 0.5 s
  }

  @Test
  void refill_neverExceedsTheBurst() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(10, 2, now::get);
    now.addAndGet(3600 * SECOND);

    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Allowed());
    assertThat(limiter.tryAcquire("shop")).isEqualTo(new Decision.Allowed());
    assertThat(limiter.tryAcquire("shop")).isInstanceOf(Decision.Refused.class);
  }

  @Test
  void sites_haveTheirOwnBuckets() {
    PurgeRateLimiter limiter = new PurgeRateLimiter(1, 1, now::get);
    limiter.tryAcquire("shop");

    assertThat(limiter.tryAcquire("shop")).isInstanceOf(Decision.Refused.class);
    assertThat(limiter.tryAcquire("blog")).isEqualTo(new Decision.Allowed());
  }

  @Test
  void constructor_refusesANonPositiveRateOrBurst() {
    assertThatThrownBy(() -> new PurgeRateLimiter(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PurgeRateLimiter(Double.NaN, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PurgeRateLimiter(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
