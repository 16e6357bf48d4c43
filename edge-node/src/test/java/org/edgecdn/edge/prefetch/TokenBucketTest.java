package org.edgecdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void rateOfTwo_allowsTwoAtOnce_thenOneEveryHalfSecond() {
    TokenBucket bucket = new TokenBucket(2, now::get);

    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isFalse();
    now.addAndGet(500);
    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isFalse();
  }

  @Test
  void refund_givesBackATakenToken_butNeverMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(2, now::get);

    assertThat(bucket.take()).isTrue();
    bucket.refund();
    bucket.refund();
    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isFalse();
  }

  @Test
  void rateBelowOne_stillAllowsARequest() {
    TokenBucket bucket = new TokenBucket(0.1, now::get);

    assertThat(bucket.take()).isTrue();
    assertThat(bucket.take()).isFalse();
  }

  @Test
  void rateOfZero_allowsNothing_everAndInBytes() {
    TokenBucket bucket = new TokenBucket(0, now::get);

    assertThat(bucket.take()).isFalse();
    assertThat(bucket.available()).isFalse();
    now.addAndGet(3_600_000);
    assertThat(bucket.take()).isFalse();
  }
}
