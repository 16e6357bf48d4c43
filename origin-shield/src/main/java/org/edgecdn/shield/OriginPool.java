package org.edgecdn.shield;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;

/**
 * The origins of one site and what the shield knows of their health.
 *
 * <p>Requests rotate over the healthy origins (round robin); the others follow as fallbacks, so a
 * request still goes somewhere when every origin looks down (failing open: health is a guess,
 * an answer is not). An origin is ejected for {@link #EJECT_NANOS} after
 * {@link #FAILURES_TO_EJECT} consecutive failures to connect or answer (passive health, like
 * nginx's {@code max_fails}/{@code fail_timeout}), and whenever an active probe fails.
 */
final class OriginPool {

  static final int FAILURES_TO_EJECT = 3;
  static final long EJECT_NANOS = 10_000_000_000L;

  private final Site site;
  private final List<OriginState> origins = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final LongSupplier nanoClock;

  OriginPool(Site site, LongSupplier nanoClock) {
    this.site = site;
    this.nanoClock = nanoClock;
    for (var base : site.origins()) {
      origins.add(new OriginState(Upstream.origin(base)));
    }
  }

  Site site() {
    return site;
  }

  List<OriginState> origins() {
    return origins;
  }

  /** Healthy origins first, starting from the next in rotation; ejected ones last. */
  List<Upstream> plan() {
    int n = origins.size();
    int start = Math.floorMod(next.getAndIncrement(), n);
    long now = nanoClock.getAsLong();
    List<Upstream> healthy = new ArrayList<>(n);
    List<Upstream> ejected = new ArrayList<>(0);
    for (int i = 0; i < n; i++) {
      OriginState origin = origins.get((start + i) % n);
      (origin.isUp(now) ? healthy : ejected).add(origin.upstream);
    }
    healthy.addAll(ejected);
    return healthy;
  }

  void answered(Upstream upstream) {
    find(upstream).consecutiveFailures.set(0);
  }

  void failed(Upstream upstream) {
    OriginState origin = find(upstream);
    if (origin.consecutiveFailures.incrementAndGet() >= FAILURES_TO_EJECT) {
      // A fresh count after the ejection: one failure then does not eject it again at once.
      origin.consecutiveFailures.set(0);
      origin.ejectUntil = nanoClock.getAsLong() + EJECT_NANOS;
      origin.ejected = true;
    }
  }

  void probed(Upstream upstream, boolean healthy) {
    find(upstream).probeHealthy = healthy;
  }

  private OriginState find(Upstream upstream) {
    for (OriginState origin : origins) {
      if (origin.upstream.equals(upstream)) {
        return origin;
      }
    }
    throw new IllegalArgumentException("not an origin of site " + site.name() + ": " + upstream);
  }

  /** One origin's health; written from event loops, read on the request path. */
  static final class OriginState {
    final Upstream upstream;
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    volatile boolean ejected;
    volatile long ejectUntil;
    volatile boolean probeHealthy = true;

    OriginState(Upstream upstream) {
      this.upstream = upstream;
    }

    boolean isUp(long now) {
      // Compare by difference: nanoTime values may be negative and wrap.
      return probeHealthy && (!ejected || now - ejectUntil >= 0);
    }
  }
}
