package org.edgecdn.http.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * Meters of the whole process rather than of one node: Vert.x's own (event loops, HTTP
 * connections, pools), which belong to the one Vert.x instance every node of a process shares.
 * Each node's {@code /metrics} appends them after its own meters, so a node run alone
 * ({@code cdn edge}) shows them with its figures; in {@code cdn up} every node shows the same
 * process-wide series.
 *
 * <p>Held statically because Vert.x's metrics are bound when the instance is created, before
 * any node exists; the launcher sets it once at start, tests leave it empty.
 */
public final class ProcessMeters {

  private static volatile PrometheusMeterRegistry registry;

  private ProcessMeters() {}

  /** The process registry, set by the launcher when it creates the Vert.x instance. */
  public static void set(PrometheusMeterRegistry processRegistry) {
    registry = processRegistry;
  }

  public static Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** The process meters in Prometheus text, or the empty string without any. */
  public static String scrape() {
    PrometheusMeterRegistry current = registry;
    return current == null ? "" : current.scrape();
  }
}
