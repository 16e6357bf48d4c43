package org.edgecdn.dns.rrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecdn.dns.rrl.Action.DROP;
import static org.edgecdn.dns.rrl.Action.SEND;
import static org.edgecdn.dns.rrl.Action.SLIP;
import static org.edgecdn.dns.rrl.ResponseKind.ANSWER;
import static org.edgecdn.dns.rrl.ResponseKind.ERROR;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.dns.geo.IpLiteral;
import org.junit.jupiter.api.Test;

class ResponseRateLimiterTest {

  private static final InetAddress PARIS_A = IpLiteral.parse("127.0.2.10");
  private static final InetAddress PARIS_B = IpLiteral.parse("127.0.2.200");
  private static final InetAddress NEW_YORK = IpLiteral.parse("127.0.1.10");

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void check_defaults_hundredAnswersAtOnceThenLimited() {
    ResponseRateLimiter limiter = limiter(RrlOptions.defaults());

    assertThat(run(limiter, PARIS_A, ANSWER, 100)).containsOnly(SEND);
    assertThat(limiter.check(PARIS_A, ANSWER)).isNotEqualTo(SEND);
  }

  @Test
  void check_overRateSlip2_everySecondLimitedResponseSlips() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 2, 2, 2));

    assertThat(run(limiter, PARIS_A, ANSWER, 7))
        .containsExactly(SEND, SEND, DROP, SLIP, DROP, SLIP, DROP);
  }

  @Test
  void check_slipZero_everyLimitedResponseDropped() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 1, 1, 0));

    assertThat(run(limiter, PARIS_A, ANSWER, 5)).containsExactly(SEND, DROP, DROP, DROP, DROP);
  }

  @Test
  void check_slipOne_everyLimitedResponseSlips() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 1, 1, 1));

    assertThat(run(limiter, PARIS_A, ANSWER, 3)).containsExactly(SEND, SLIP, SLIP);
  }

  @Test
  void check_timePasses_bucketRefillsAtRate() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 10, 10, 2));
    run(limiter, PARIS_A, ANSWER, 10);

    now.addAndGet(250_000_000L); // a quarter second at 10/s: 2.5 tokens

    assertThat(run(limiter, PARIS_A, ANSWER, 3)).containsExactly(SEND, SEND, DROP);
  }

  @Test
  void check_longIdle_refillCappedAtOneSecond() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 3, 3, 0));
    run(limiter, PARIS_A, ANSWER, 3);

    now.addAndGet(3_600_000_000_000L);

    assertThat(run(limiter, PARIS_A, ANSWER, 4)).containsExactly(SEND, SEND, SEND, DROP);
  }

  @Test
  void check_sameSlash24_sharesBucket() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 1, 1, 0));

    assertThat(limiter.check(PARIS_A, ANSWER)).isEqualTo(SEND);
    assertThat(limiter.check(PARIS_B, ANSWER)).isEqualTo(DROP);
  }

  @Test
  void check_otherSlash24_unaffected() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 1, 1, 0));
    run(limiter, PARIS_A, ANSWER, 5);

    assertThat(limiter.check(NEW_YORK, ANSWER)).isEqualTo(SEND);
  }

  @Test
  void check_ipv6_sameSlash56SharesOtherSlash56Not() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 1, 1, 0));

    assertThat(limiter.check(IpLiteral.parse("2001:db8:0:100::1"), ANSWER)).isEqualTo(SEND);
    assertThat(limiter.check(IpLiteral.parse("2001:db8:0:1ff::2"), ANSWER)).isEqualTo(DROP);
    assertThat(limiter.check(IpLiteral.parse("2001:db8:0:200::1"), ANSWER)).isEqualTo(SEND);
  }

  @Test
  void check_errorsExhausted_answersStillSent() {
    ResponseRateLimiter limiter = limiter(new RrlOptions(true, 5, 1, 0));
    run(limiter, PARIS_A, ERROR, 10);

    assertThat(limiter.check(PARIS_A, ERROR)).isEqualTo(DROP);
    assertThat(limiter.check(PARIS_A, ANSWER)).isEqualTo(SEND);
  }

  @Test
  void check_disabled_alwaysSends() {
    ResponseRateLimiter limiter = limiter(RrlOptions.off());

    assertThat(run(limiter, PARIS_A, ERROR, 1000)).containsOnly(SEND);
  }

  @Test
  void check_manyNetworks_bucketCountBounded() {
    ResponseRateLimiter limiter =
        new ResponseRateLimiter(RrlOptions.defaults(), now::get, 64);

    for (int i = 0; i < 5000; i++) {
      limiter.check(IpLiteral.parse("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1"), ANSWER);
    }

    assertThat(limiter.size()).isLessThanOrEqualTo(64);
  }

  @Test
  void check_idleBuckets_evictedOnNextCheck() {
    ResponseRateLimiter limiter = limiter(RrlOptions.defaults());
    for (int i = 0; i < 50; i++) {
      limiter.check(IpLiteral.parse("10.0." + i + ".1"), ANSWER);
    }

    now.addAndGet(1_000_000_000L);
    limiter.check(NEW_YORK, ANSWER);

    assertThat(limiter.size()).isEqualTo(1);
  }

  @Test
  void options_badValues_rejectedWithReason() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RrlOptions(true, 0, 1, 2))
        .hasMessageContaining("answers per second 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RrlOptions(true, 1, 1, 11))
        .hasMessageContaining("slip 11");
  }

  private ResponseRateLimiter limiter(RrlOptions options) {
    return new ResponseRateLimiter(options, now::get);
  }

  private static List<Action> run(
      ResponseRateLimiter limiter, InetAddress client, ResponseKind kind, int times) {
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      actions.add(limiter.check(client, kind));
    }
    return actions;
  }
}
