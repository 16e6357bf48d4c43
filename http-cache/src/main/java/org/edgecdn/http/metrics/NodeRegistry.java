package org.edgecdn.http.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The registry behind one node's {@code /metrics}: the node's own meters plus what every node
 * exports alike, {@code cdn_build_info{version}} and the JVM's memory, threads, classes, CPU and
 * uptime (DESIGN §8).
 *
 * <h2>Histograms</h2>
 * Durations use the explicit buckets of {@link #LATENCY_BUCKETS}, from 0.5 ms (a hit from memory)
 * to 60 s (a slow origin), 16 buckets plus {@code +Inf}. Micrometer's percentile histograms would
 * export about 70 buckets per label set, most of them empty, and a CDN's latencies are read
 * against fixed objectives anyway.
 *
 * <p><b>Note:</b> under {@code cdn up} every node shares one JVM, so each node's JVM meters show
 * the same process.
 */
public final class NodeRegistry {

  /** Upper bounds of the duration histograms ({@code le}), in seconds: 0.0005 to 60. */
  public static final Duration[] LATENCY_BUCKETS = {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)
  };

  /** What {@code cdn_build_info} reports when the classes do not come from the built jar. */
  static final String UNKNOWN_VERSION = "dev";

  private NodeRegistry() {
  }

  /** A new registry holding the build info and JVM meters. */
  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Two processor meters break promtool's naming rules (process_cpu_time_ns_total has an
    // abbreviated unit, system_cpu_count a _count suffix on a gauge); the CPU usage gauges stay.
    registry.config().meterFilter(MeterFilter.deny(id ->
        id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
    Gauge.builder("cdn.build.info", () -> 1)
        .description("Always 1; the version label says which build this node runs")
        .tag("version", version())
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** The jar manifest's {@code Implementation-Version}, or {@value #UNKNOWN_VERSION}. */
  public static String version() {
    String version = NodeRegistry.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? UNKNOWN_VERSION : version;
  }
}
