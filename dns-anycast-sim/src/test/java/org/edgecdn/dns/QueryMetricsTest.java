package org.edgecdn.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryMetricsTest {

  @Test
  void prometheus_answeredAndDropped_cdnDnsQueriesTotalWithLabels() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    QueryMetrics metrics = new QueryMetrics(registry);

    metrics.answered("noerror", Optional.of("eu"), Transport.UDP);
    metrics.answered("noerror", Optional.of("eu"), Transport.UDP);
    metrics.answered("nxdomain", Optional.empty(), Transport.TCP);
    metrics.dropped(Transport.UDP);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("cdn_dns_queries_total{pop=\"eu\",rcode=\"noerror\",transport=\"udp\"} 2")
        .contains("cdn_dns_queries_total{pop=\"none\",rcode=\"nxdomain\",transport=\"tcp\"} 1")
        .contains("cdn_dns_queries_total{pop=\"none\",rcode=\"dropped\",transport=\"udp\"} 1");
  }
}
