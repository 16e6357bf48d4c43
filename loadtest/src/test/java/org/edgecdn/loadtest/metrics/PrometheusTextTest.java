package org.edgecdn.loadtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void parse_labelsEscapesCommentsTimestampsAndSpecialValues() {
    PrometheusText.Parsed parsed = PrometheusText.parse("""
        # HELP cdn_requests_total Requests answered
        # TYPE cdn_requests_total counter
        cdn_requests_total{cache_status="hit",pop="eu",site="shop",} 1027.0
        cdn_requests_total{pop="eu", cache_status="miss"} 3 1712345678000
        weird{path="a \\"quoted\\" \\\\ back\\nslash"} 1e3
        up 1
        histogram_bucket{le="+Inf"} +Inf
        nan_metric NaN
        this is not a sample
        broken{label="unterminated} 1
        """);

    assertThat(parsed.badLines()).isEqualTo(2);
    List<PrometheusText.Sample> samples = parsed.samples();
    assertThat(samples).hasSize(6);
    assertThat(samples.get(0)).isEqualTo(new PrometheusText.Sample("cdn_requests_total",
        Map.of("cache_status", "hit", "pop", "eu", "site", "shop"), 1027));
    assertThat(samples.get(1).value()).isEqualTo(3);
    assertThat(samples.get(1).labels()).containsEntry("cache_status", "miss");
    assertThat(samples.get(2).labels().get("path")).isEqualTo("a \"quoted\" \\ back\nslash");
    assertThat(samples.get(2).value()).isEqualTo(1000);
    assertThat(samples.get(3)).isEqualTo(new PrometheusText.Sample("up", Map.of(), 1));
    assertThat(samples.get(4).value()).isInfinite();
    assertThat(samples.get(5).value()).isNaN();
    assertThat(samples.get(1).series())
        .isEqualTo("cdn_requests_total{cache_status=\"miss\",pop=\"eu\"}");
  }

  @Test
  void counterQuery_matchesNameAndListedLabelsOnly() {
    PrometheusText.Sample hit = new PrometheusText.Sample("cdn_requests_total",
        Map.of("cache_status", "hit", "tier", "edge"), 5);
    assertThat(CounterQuery.of("cdn_requests").matches(hit)).isTrue();
    assertThat(CounterQuery.of("cdn_requests_total").where("tier", "edge").matches(hit)).isTrue();
    assertThat(CounterQuery.of("cdn_requests_total").where("cache_status", "miss", "stale")
        .matches(hit)).isFalse();
    assertThat(CounterQuery.of("cdn_requests_total").where("pop", "eu").matches(hit)).isFalse();
    assertThat(CounterQuery.of("other_total").matches(hit)).isFalse();
  }

  @Test
  void counterQuery_readsItsOwnText() {
    CounterQuery query =
        CounterQuery.parse("cdn_requests_total{tier=edge,cache_status=miss|stale}");
    assertThat(query).isEqualTo(CounterQuery.of("cdn_requests_total").where("tier", "edge")
        .where("cache_status", "miss", "stale"));
    assertThat(CounterQuery.parse(query.toString())).isEqualTo(query);
    assertThat(CounterQuery.parse("up")).isEqualTo(CounterQuery.of("up"));
    assertThat(CounterQuery.parse("x{a=\"1\"}")).isEqualTo(CounterQuery.of("x").where("a", "1"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CounterQuery.parse("x{a}"))
        .hasMessageContaining("not label=value");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CounterQuery.parse("1x"))
        .hasMessageContaining("bad counter");
  }

  @Test
  void cacheFigures_deltasPerSeries_countResetsAndNewSeries() {
    CacheFigures.Spec spec = new CacheFigures.Spec(
        CounterQuery.of("cdn_requests_total").where("tier", "edge").where("cache_status", "hit"),
        CounterQuery.of("cdn_requests_total").where("tier", "edge")
            .where("cache_status", "miss", "stale", "pass"),
        CounterQuery.of("cdn_requests_total").where("tier", "edge"),
        CounterQuery.of("cdn_upstream_requests_total").where("upstream", "origin"));
    Scrape before = new Scrape(Map.of(
        "http://127.0.2.1:9080/metrics", PrometheusText.parse("""
            cdn_requests_total{tier="edge",cache_status="hit"} 100
            cdn_requests_total{tier="edge",cache_status="miss"} 50
            """).samples(),
        "http://127.0.0.1:9090/metrics", PrometheusText.parse("""
            cdn_requests_total{tier="shield",cache_status="miss"} 50
            cdn_upstream_requests_total{tier="shield",upstream="origin",outcome="2xx"} 40
            """).samples()), Map.of());
    Scrape after = new Scrape(Map.of(
        "http://127.0.2.1:9080/metrics", PrometheusText.parse("""
            cdn_requests_total{tier="edge",cache_status="hit"} 1000
            cdn_requests_total{tier="edge",cache_status="miss"} 150
            cdn_requests_total{tier="edge",cache_status="stale"} 10
            cdn_requests_total{tier="edge",cache_status="bypass"} 7
            """).samples(),
        "http://127.0.0.1:9090/metrics", PrometheusText.parse("""
            cdn_requests_total{tier="shield",cache_status="miss"} 140
            cdn_upstream_requests_total{tier="shield",upstream="origin",outcome="2xx"} 20
            """).samples()), Map.of("http://127.0.3.1:9080/metrics", "Connection refused"));

    CacheFigures figures = CacheFigures.between(before, after, spec);

    // Hits +900, misses +100 (miss) +10 (stale, a new series); bypass is neither.
    assertThat(figures.hits()).isEqualTo(900);
    assertThat(figures.misses()).isEqualTo(110);
    assertThat(figures.hitRatio().getAsDouble()).isEqualTo(900.0 / 1010);
    // The shield's origin counter went down from 40 to 20: it restarted, so 20 new fetches.
    assertThat(figures.clientRequests()).isEqualTo(1017);
    assertThat(figures.originRequests()).isEqualTo(20);
    assertThat(figures.originOffload().getAsDouble()).isEqualTo(1 - 20.0 / 1017);
    assertThat(figures.notes()).containsExactly(
        "could not read http://127.0.3.1:9080/metrics after the run: Connection refused");
  }

  @Test
  void cacheFigures_withoutTheOriginTier_sayOffloadIsUnknown() {
    CacheFigures.Spec spec = new CacheFigures.Spec(
        CounterQuery.of("hits_total"), CounterQuery.of("misses_total"),
        CounterQuery.of("requests_total"), CounterQuery.of("origin_total"));
    Scrape before = new Scrape(Map.of("u", List.of()), Map.of());
    Scrape after = new Scrape(Map.of("u", PrometheusText.parse("requests_total 5\n")
        .samples()), Map.of());
    CacheFigures figures = CacheFigures.between(before, after, spec);
    assertThat(figures.hitRatio()).isEmpty();
    assertThat(figures.originOffload()).isEmpty();
    assertThat(figures.notes()).anyMatch(n -> n.startsWith("no hit or miss counted"))
        .anyMatch(n -> n.startsWith("no target exposes origin_total"));
  }
}
