package org.edgecdn.loadtest.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text of several targets at one moment: their samples by URL, and for each URL
 * that could not be read, why. A target that fails is reported, not fatal.
 *
 * @param samples the samples of each URL that answered
 * @param failures the reason for each URL that did not
 */
public record Scrape(Map<String, List<PrometheusText.Sample>> samples,
    Map<String, String> failures) {

  public Scrape {
    samples = Map.copyOf(samples);
    failures = Map.copyOf(failures);
  }

  /** Reads every URL in parallel with a plain GET, each within {@code timeout}. */
  public static Future<Scrape> of(Vertx vertx, List<String> urls, Duration timeout) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    Map<String, List<PrometheusText.Sample>> samples = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<Future<Void>> reads = new ArrayList<>();
    for (String url : urls) {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
          .setAbsoluteURI(url).setTimeout(timeout.toMillis());
      reads.add(client.request(request)
          .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
            if (resp.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + resp.statusCode());
            }
            return body.toString();
          })))
          .transform(read -> {
            synchronized (samples) {
              if (read.succeeded()) {
                samples.put(url, PrometheusText.parse(read.result()).samples());
              } else {
                String message = read.cause().getMessage();
                failures.put(url, message == null ? read.cause().getClass().getSimpleName()
                    : message);
              }
            }
            return Future.<Void>succeededFuture();
          }));
    }
    return Future.join(reads).transform(done -> client.close()
        .transform(closed -> {
          synchronized (samples) {
            return Future.succeededFuture(new Scrape(samples, failures));
          }
        }));
  }

  /**
   * How much the series {@code query} selects grew from {@code before} to this scrape, summed
   * over URLs and series. A series absent before started at 0 (clients create a counter on its
   * first increment); a series that went down was reset (the node restarted) and counts from 0.
   */
  public double increaseSince(Scrape before, CounterQuery query) {
    double total = 0;
    for (Map.Entry<String, List<PrometheusText.Sample>> target : samples.entrySet()) {
      Map<String, Double> earlier = new LinkedHashMap<>();
      for (PrometheusText.Sample sample : before.samples().getOrDefault(target.getKey(),
          List.of())) {
        if (query.matches(sample)) {
          earlier.put(sample.series(), sample.value());
        }
      }
      for (PrometheusText.Sample sample : target.getValue()) {
        if (query.matches(sample) && Double.isFinite(sample.value())) {
          double was = earlier.getOrDefault(sample.series(), 0.0);
          total += sample.value() >= was ? sample.value() - was : sample.value();
        }
      }
    }
    return total;
  }

  /** Whether any target exposes a series {@code query} selects. */
  public boolean exposes(CounterQuery query) {
    return samples.values().stream().flatMap(List::stream).anyMatch(query::matches);
  }
}
