package org.edgecdn.shield;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.forward.UpstreamFailure;
import org.junit.jupiter.api.Test;

class OriginPoolTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Site site = new Site("shop", List.of("www.shop.example"),
      List.of(URI.create("http://127.0.0.1:8001"), URI.create("http://127.0.0.1:8002")),
      Optional.empty());
  private final OriginPool pool = new OriginPool(site, now::get);
  private final Upstream first = Upstream.origin(URI.create("http://127.0.0.1:8001"));
  private final Upstream second = Upstream.origin(URI.create("http://127.0.0.1:8002"));

  @Test
  void plan_rotatesOverHealthyOrigins() {
    assertThat(pool.plan()).containsExactly(first, second);
    assertThat(pool.plan()).containsExactly(second, first);
    assertThat(pool.plan()).containsExactly(first, second);
  }

  @Test
  void failures_belowTheLimit_doNotEject() {
    pool.failed(first);
    pool.failed(first);
    pool.answered(first);
    pool.failed(first);

    assertThat(pool.plan()).containsExactly(first, second);
  }

  @Test
  void consecutiveFailures_ejectTheOrigin_untilTheEjectionEnds() {
    for (int i = 0; i < OriginPool.FAILURES_TO_EJECT; i++) {
      pool.failed(first);
    }

    assertThat(pool.plan()).containsExactly(second, first);
    assertThat(pool.plan()).containsExactly(second, first);

    now.addAndGet(OriginPool.EJECT_NANOS);
    assertThat(pool.plan()).containsExactly(first, second);
    pool.failed(first);
    assertThat(pool.plan()).containsExactly(second, first);
    assertThat(pool.plan()).containsExactly(first, second);
  }

  @Test
  void failedProbe_marksDown_untilAProbeSucceeds() {
    pool.probed(second, false);
    assertThat(pool.plan()).containsExactly(first, second);
    assertThat(pool.plan()).containsExactly(first, second);

    pool.probed(second, true);
    pool.plan();
    assertThat(pool.plan()).containsExactly(second, first);
  }

  @Test
  void everyOriginDown_stillPlansThemAll_failingOpen() {
    pool.probed(first, false);
    pool.probed(second, false);

    assertThat(pool.plan()).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void failureKinds_allCountForPassiveHealth() {
    ShieldRoute route = new ShieldRoute(java.util.Map.of("shop", pool));
    for (int i = 0; i < OriginPool.FAILURES_TO_EJECT; i++) {
      route.failed(site, first, new UpstreamFailure.ResponseTimedOut(first, "slow"));
    }

    assertThat(route.plan(site, "www.shop.example", "/")).first().isEqualTo(second);
  }
}
