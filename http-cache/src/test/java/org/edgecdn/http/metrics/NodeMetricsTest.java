package org.edgecdn.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.http.status.CachePhase;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  private final PrometheusMeterRegistry registry = NodeRegistry.create();
  private final NodeMetrics metrics = new NodeMetrics(registry, NodeIdentity.edge("eu"));

  @Test
  void requestDuration_explicitBuckets_exportsExactlyTheListedBounds() {
    metrics.request("shop", CachePhase.HIT, 200, 3_000_000, 100);

    List<String> bounds = leValues("cdn_request_duration_seconds_bucket");

    assertThat(bounds).containsExactly("5.0E-4", "0.001", "0.002", "0.005", "0.01", "0.025",
        "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf");
  }

  @Test
  void upstreamDuration_explicitBuckets_sameBoundsAsRequests() {
    metrics.upstream("shop", "shield", "2xx", 3_000_000);

    assertThat(leValues("cdn_upstream_duration_seconds_bucket")).hasSize(17).endsWith("+Inf");
  }

  @Test
  void request_hitAndMiss_ttfbAndBytesByCacheStatus() {
    metrics.request("shop", CachePhase.HIT, 200, 1_000_000, 100);
    metrics.request("shop", CachePhase.MISS, 200, 40_000_000, 250);
    metrics.request("shop", CachePhase.MISS, 304, 40_000_000, 0);

    String text = registry.scrape();

    assertThat(text).contains(
        "cdn_request_duration_seconds_count{cache_status=\"hit\",pop=\"eu\",site=\"shop\","
            + "tier=\"edge\"} 1",
        "cdn_request_duration_seconds_count{cache_status=\"miss\",pop=\"eu\",site=\"shop\","
            + "tier=\"edge\"} 2",
        "cdn_response_bytes_total{cache_status=\"hit\",pop=\"eu\",site=\"shop\",tier=\"edge\"}"
            + " 100.0",
        "cdn_response_bytes_total{cache_status=\"miss\",pop=\"eu\",site=\"shop\",tier=\"edge\"}"
            + " 250.0");
  }

  @Test
  void upstreamBytes_countedByUpstream_zeroLeavesNoSeries() {
    metrics.upstreamBytes("shop", "origin", 0);
    assertThat(registry.scrape()).doesNotContain("cdn_upstream_bytes_total");

    metrics.upstreamBytes("shop", "origin", 4096);

    assertThat(registry.scrape()).contains(
        "cdn_upstream_bytes_total{pop=\"eu\",site=\"shop\",tier=\"edge\",upstream=\"origin\"}"
            + " 4096.0");
  }

  @Test
  void registry_buildInfoAndJvm_exported() {
    String text = registry.scrape();

    assertThat(text).contains("cdn_build_info{version=\"" + NodeRegistry.version() + "\"} 1");
    assertThat(text).contains("jvm_memory_used_bytes{");
    // promtool rejects these two names; the registry filters them out.
    assertThat(text).doesNotContain("process_cpu_time_ns_total", "system_cpu_count");
  }

  private List<String> leValues(String bucketName) {
    Matcher m = Pattern.compile(Pattern.quote(bucketName) + "\\{[^}]*le=\"([^\"]+)\"")
        .matcher(registry.scrape());
    List<String> bounds = new ArrayList<>();
    while (m.find()) {
      bounds.add(m.group(1));
    }
    return bounds;
  }
}
