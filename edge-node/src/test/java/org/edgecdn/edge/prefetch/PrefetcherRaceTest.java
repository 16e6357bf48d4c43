package org.edgecdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.edgecdn.http.forward.ObservedExchange;
import org.edgecdn.http.status.CachePhase;
import org.edgecdn.predictor.plan.PlannerOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The prefetcher hears of page views from every event loop at once. Two threads plan the same
 * page; the second runs, whole, while the first is between its checks (inside the purge
 * sequence it reads, the one call there a test can hold).
 */
@ExtendWith(VertxExtension.class)
class PrefetcherRaceTest {

  private static final String HOST = "www.shop.example";

  private Vertx vertx;

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @Test
  void samePagePlannedOnTwoThreadsAtOnce_isPrefetchedOnce() throws Exception {
    AtomicLong appliedSeq = new AtomicLong();
    AtomicBoolean interleave = new AtomicBoolean();
    AtomicReference<Runnable> otherThread = new AtomicReference<>();
    long now = 1_700_000_000_000L;
    Prefetcher prefetcher = new Prefetcher(PrefetchOptions.of(Map.of("shop", new SitePrefetch(
            true, new PlannerOptions(0.3, 0.9, 2), Hints.NONE, Optional.empty()))),
        vertx.createHttpClient(), () -> now, new SimpleMeterRegistry(), "eu", () -> {
          if (interleave.compareAndSet(true, false)) {
            otherThread.get().run();
          }
          return appliedSeq.get();
        });
    // Nothing listens there: the prefetch is counted when sent, then fails.
    prefetcher.target(SocketAddress.inetSocketAddress(1, "127.0.0.1"));
    // v1 goes from /home to /product, seen warm before a purge: /home now predicts /product,
    // and /product is to be fetched again.
    prefetcher.finished(view("v1", "/home", CachePhase.MISS));
    prefetcher.finished(view("v1", "/product", CachePhase.HIT));
    appliedSeq.set(1);
    otherThread.set(() -> {
      Thread b = new Thread(() -> prefetcher.finished(view("v3", "/home", CachePhase.MISS)));
      b.start();
      try {
        b.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    interleave.set(true);

    prefetcher.finished(view("v2", "/home", CachePhase.MISS));

    assertThat(interleave).isFalse();
    assertThat(prefetcher.count("shop", "issued")).isEqualTo(1);
  }

  private static ObservedExchange view(String visitor, String page, CachePhase phase) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", HOST)
        .add("Sec-Fetch-Dest", "document").add("Accept", "text/html")
        .add("User-Agent", "browser-" + visitor);
    return new ObservedExchange("shop", HOST, "GET", page, "192.0.2.1", headers, false, 200,
        phase, false, 5, 100);
  }
}
