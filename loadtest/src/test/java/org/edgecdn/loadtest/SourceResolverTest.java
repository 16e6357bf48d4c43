package org.edgecdn.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A source's address kept as a stub resolver keeps it, on a fake clock and fake timers: asked
 * again when the TTL runs out, the last good address kept while a lookup is in flight or
 * failed.
 */
class SourceResolverTest {

  private static final String A = "127.0.0.1";
  private static final String B = "127.0.0.5";
  private static final String C = "127.0.0.6";
  private static final long SECOND = 1_000_000_000L;

  /** Fake time and timers: {@link #advance} runs what falls due. */
  private long now = 100 * SECOND;
  private final TreeMap<Long, Runnable> timers = new TreeMap<>();
  private long nextId;
  private final Map<Long, Long> dueById = new java.util.HashMap<>();
  /** The lookups asked for, answered by the test. */
  private final Deque<Promise<DnsLookup.Answer>> lookups = new ArrayDeque<>();

  private final SourceResolver.Scheduler scheduler = new SourceResolver.Scheduler() {
    @Override
    public long schedule(long delayMillis, Runnable task) {
      long due = now + delayMillis * 1_000_000;
      while (timers.containsKey(due)) {
        due++;
      }
      timers.put(due, task);
      dueById.put(nextId, due);
      return nextId++;
    }

    @Override
    public void cancel(long id) {
      Long due = dueById.remove(id);
      if (due != null) {
        timers.remove(due);
      }
    }
  };

  private void advance(Duration by) {
    long until = now + by.toNanos();
    while (!timers.isEmpty() && timers.firstKey() <= until) {
      Map.Entry<Long, Runnable> next = timers.pollFirstEntry();
      now = next.getKey();
      next.getValue().run();
    }
    now = until;
  }

  /** No lookup until {@code wait} has passed, then one. */
  private void expectLookupAfter(Duration wait) {
    advance(wait.minusMillis(1));
    assertThat(lookups).as("before " + wait).isEmpty();
    advance(Duration.ofMillis(1));
    assertThat(lookups).as("after " + wait).hasSize(1);
  }

  private SourceResolver resolver(Duration firstTtl) {
    ReresolveOptions options = ReresolveOptions.of("127.0.0.1:53", "www.shop.example",
        Duration.ofSeconds(1), Map.of("127.0.2.9", new DnsLookup.Answer(A, firstTtl)), now);
    return new SourceResolver("traffic", "127.0.2.9", 8080, options, () -> {
      Promise<DnsLookup.Answer> promise = Promise.promise();
      lookups.add(promise);
      return promise.future();
    }, scheduler, () -> now, () -> new FaultResult.Counts(7, 0, Map.of()));
  }

  @Test
  void answer_isKeptForItsTtl_thenAskedAgain_andTheChangeIsKeptWithItsMoment() {
    SourceResolver resolver = resolver(Duration.ofSeconds(20));
    resolver.start(now);

    expectLookupAfter(Duration.ofSeconds(20));
    advance(Duration.ofMillis(100));
    lookups.poll().complete(new DnsLookup.Answer(B, Duration.ofSeconds(20)));

    assertThat(resolver.address()).isEqualTo(B);
    Resolution result = resolver.result();
    assertThat(result.lookups()).isEqualTo(1);
    assertThat(result.changes()).singleElement().satisfies(change -> {
      assertThat(change.at()).as("when the answer came").isEqualTo(Duration.ofMillis(20_100));
      assertThat(change.from()).isEqualTo(A);
      assertThat(change.to()).isEqualTo(B);
      assertThat(change.before().answered()).isEqualTo(7);
    });
    assertThat(result.firstAddress()).isEqualTo(A);
    assertThat(result.lastAddress()).isEqualTo(B);
  }

  /**
   * Regression: only the first A record was read, so a DNS rotating a round-robin answer made
   * every lookup a move (a new client per lane, a "moved" row and a span each time).
   */
  @Test
  void rotatedRoundRobinAnswer_stillHoldingTheAddress_isNoMove() {
    SourceResolver resolver = resolver(Duration.ofSeconds(1));
    resolver.start(now);

    expectLookupAfter(Duration.ofSeconds(1));
    lookups.poll().complete(new DnsLookup.Answer(B, Duration.ofSeconds(1), List.of(B, A)));
    assertThat(resolver.address()).as("A is still in the answer").isEqualTo(A);
    expectLookupAfter(Duration.ofSeconds(1));
    lookups.poll().complete(new DnsLookup.Answer(C, Duration.ofSeconds(1), List.of(C, B)));
    assertThat(resolver.address()).as("A is gone: the first address").isEqualTo(C);

    assertThat(resolver.result().changes()).singleElement()
        .satisfies(change -> assertThat(change.to()).isEqualTo(C));
  }

  @Test
  void ttl_isClampedToTheRange_soZeroDoesNotMeanAQueryARequest() {
    SourceResolver resolver = resolver(Duration.ZERO);
    resolver.start(now);

    expectLookupAfter(Duration.ofSeconds(1));
    lookups.poll().complete(new DnsLookup.Answer(A, Duration.ofDays(2)));
    expectLookupAfter(Duration.ofMinutes(5));
    assertThat(resolver.result().changes()).isEmpty();
  }

  @Test
  void answerExpiredBeforeTheRun_isAskedForAtOnce() {
    SourceResolver resolver = resolver(Duration.ofSeconds(2));
    advance(Duration.ofSeconds(3));
    resolver.start(now);

    advance(Duration.ofMillis(1));
    assertThat(lookups).hasSize(1);
  }

  @Test
  void lookupInFlightOrFailed_keepsTheLastGoodAddress_andCountsTheFailureByCause() {
    SourceResolver resolver = resolver(Duration.ofSeconds(1));
    resolver.start(now);
    advance(Duration.ofSeconds(1));
    assertThat(lookups).hasSize(1);

    assertThat(resolver.address()).as("while the lookup is in flight").isEqualTo(A);
    lookups.poll().fail(new java.io.IOException("Timed out while trying to resolve",
        new SocketTimeoutException()));
    assertThat(resolver.address()).isEqualTo(A);

    advance(Duration.ofSeconds(1));
    assertThat(lookups).as("asked again after the shortest TTL").hasSize(1);
    lookups.poll().fail(new DnsLookup.BadAnswerException(DnsFailure.ERROR_ANSWER,
        "SERVFAIL for www.shop.example"));
    advance(Duration.ofSeconds(1));
    lookups.poll().complete(new DnsLookup.Answer("192.0.2.1", Duration.ofSeconds(20)));

    assertThat(resolver.address()).isEqualTo(A);
    Resolution result = resolver.result();
    assertThat(result.lookups()).isEqualTo(3);
    assertThat(result.failures()).containsOnly(Map.entry(DnsFailure.TIMEOUT, 1L),
        Map.entry(DnsFailure.ERROR_ANSWER, 1L), Map.entry(DnsFailure.REFUSED_ADDRESS, 1L));
    assertThat(result.firstFailures().get(DnsFailure.ERROR_ANSWER)).contains("SERVFAIL");
    assertThat(result.changes()).isEmpty();
  }

  @Test
  void stopped_asksNoMore_andIgnoresALateAnswer() {
    SourceResolver resolver = resolver(Duration.ofSeconds(1));
    resolver.start(now);
    advance(Duration.ofSeconds(1));
    resolver.stop();
    lookups.poll().complete(new DnsLookup.Answer(B, Duration.ofSeconds(1)));

    assertThat(resolver.address()).isEqualTo(A);
    assertThat(timers).isEmpty();
  }
}
