package org.edgecdn.cluster.domains;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's view of the custom domains current: whenever the registry changes, and every
 * {@link #RESYNC_MILLIS} ms in any case, it reads all domains and, if the active ones (domain →
 * site) differ from what it last applied, hands the whole new set to the node (its site router,
 * or the DNS's zones).
 *
 * <p>Reading everything on every change is simple and cannot apply changes out of order; it is
 * cheap for the hundreds of domains a network has. The periodic read covers what a listener
 * cannot: a node that was cut off from the cluster, or a registry not reachable yet at start.
 * Reads never overlap: a change seen during a read schedules one more read after it.
 */
public final class DomainWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DomainWatcher.class);

  /** The longest a node can miss a change (a lost event, a cut-off member): 5 s. */
  public static final long RESYNC_MILLIS = 5_000;

  private final Vertx vertx;
  private final DomainRegistry registry;
  private final String node;
  private final Consumer<Map<String, String>> apply;
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile Map<String, String> applied = Map.of();
  private long timer = -1;
  private Runnable stopListening = () -> { };

  /**
   * @param node the node as logs name it ({@code edge eu})
   * @param apply takes the active custom domains (domain → site) whenever they change
   */
  public DomainWatcher(Vertx vertx, DomainRegistry registry, String node,
      Consumer<Map<String, String>> apply) {
    this.vertx = vertx;
    this.registry = registry;
    this.node = node;
    this.apply = Objects.requireNonNull(apply, "apply");
  }

  /** Reads now, then on every change and every {@link #RESYNC_MILLIS} ms. */
  public DomainWatcher start() {
    stopListening = registry.onChange(() -> vertx.runOnContext(v -> refresh()));
    timer = vertx.setPeriodic(RESYNC_MILLIS, id -> refresh());
    refresh();
    return this;
  }

  /** The active custom domains last applied. */
  public Map<String, String> applied() {
    return applied;
  }

  public void stop() {
    stopListening.run();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reads the registry unless a read is under way, in which case that one reads again. */
  public void refresh() {
    if (!reading.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    registry.all().onComplete(done -> {
      if (done.succeeded()) {
        Map<String, String> active = new HashMap<>();
        done.result().stream().filter(CustomDomain::active)
            .forEach(domain -> active.put(domain.name(), domain.site()));
        if (!active.equals(applied)) {
          applied = Map.copyOf(active);
          apply.accept(applied);
          LOG.info("{}: now serving {} custom domains", node, applied.size());
        }
      } else {
        LOG.debug("{}: cannot read the custom domains yet: {}", node,
            done.cause().getMessage());
      }
      reading.set(false);
      if (again.getAndSet(false)) {
        refresh();
      }
    });
  }
}
