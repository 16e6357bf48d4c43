package org.edgecdn.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.edgecdn.http.NodeIdentity;
import org.edgecdn.http.status.CachePhase;

/**
 * The request meters of one edge or shield (DESIGN §8), in Prometheus form:
 * {@code cdn_requests_total}, {@code cdn_request_duration_seconds} (time to first byte, by cache
 * status, so hits and misses have their own quantiles), {@code cdn_response_bytes_total} (body
 * bytes sent to clients), {@code cdn_upstream_requests_total}, {@code cdn_upstream_duration_seconds}
 * and {@code cdn_upstream_bytes_total} (body bytes received from the shield or the origin). Tags
 * stay low in cardinality: pop, tier, site, cache_status, code_class, upstream; never a URL or an
 * address. Histograms have the explicit buckets of {@link NodeRegistry#LATENCY_BUCKETS}.
 *
 * <p>Meters are looked up once per tag combination and kept, so recording a request costs a map
 * lookup and an increment, not a registry search.
 */
public final class NodeMetrics {

  private final MeterRegistry registry;
  private final NodeIdentity node;
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<PhaseKey, Timer> requestDurations = new ConcurrentHashMap<>();
  private final Map<PhaseKey, Counter> responseBytes = new ConcurrentHashMap<>();
  private final Map<BytesKey, Counter> upstreamBytes = new ConcurrentHashMap<>();
  private final Map<UpstreamKey, Counter> upstreamRequests = new ConcurrentHashMap<>();
  private final Map<UpstreamKey, Timer> upstreamDurations = new ConcurrentHashMap<>();

  public NodeMetrics(MeterRegistry registry, NodeIdentity node) {
    this.registry = registry;
    this.node = node;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One answered request; {@code ttfbNanos} is the time until the response head was written,
   * {@code bodyBytes} the body bytes sent to the client.
   */
  public void request(String site, CachePhase phase, int status, long ttfbNanos, long bodyBytes) {
    PhaseKey byPhase = new PhaseKey(site, phase);
    record(requestCounter(site, phase, status), duration(byPhase), ttfbNanos,
        bodyBytes > 0 ? bytes(byPhase) : null, bodyBytes);
  }

  /** One request on its meters; {@code bytes} is null when the answer had no body. */
  private static void record(Counter requests, Timer duration, long ttfbNanos, Counter bytes,
      long bodyBytes) {
    requests.increment();
    duration.record(ttfbNanos, TimeUnit.NANOSECONDS);
    if (bytes != null) {
      bytes.increment(bodyBytes);
    }
  }

  /**
   * The meters {@link #request} records a request of {@code site} with {@code phase} and
   * {@code status} into, looked up once: for a path that answers many requests alike and keeps
   * them (the direct hits), where three map lookups by new keys were a few per cent of a hit.
   */
  public RequestMeters meters(String site, CachePhase phase, int status) {
    PhaseKey byPhase = new PhaseKey(site, phase);
    return new RequestMeters(requestCounter(site, phase, status), duration(byPhase),
        () -> bytes(byPhase));
  }

  /**
   * A request's meters, as {@link #meters} resolved them. The bytes counter is looked up at the
   * first request with a body, not before: answers without one (HEAD, 304) must not make a
   * bytes series appear. Event loops racing there find the same counter.
   */
  public static final class RequestMeters {
    private final Counter requests;
    private final Timer duration;
    private final Supplier<Counter> bytesLookup;
    private volatile Counter bytes;

    private RequestMeters(Counter requests, Timer duration, Supplier<Counter> bytesLookup) {
      this.requests = requests;
      this.duration = duration;
      this.bytesLookup = bytesLookup;
    }

    /** Records one request, as {@link NodeMetrics#request} would. */
    public void record(long ttfbNanos, long bodyBytes) {
      NodeMetrics.record(requests, duration, ttfbNanos, bodyBytes > 0 ? bytes() : null,
          bodyBytes);
    }

    private Counter bytes() {
      Counter counter = bytes;
      if (counter == null) {
        counter = bytesLookup.get();
        bytes = counter;
      }
      return counter;
    }
  }

  private Counter requestCounter(String site, CachePhase phase, int status) {
    return requests.computeIfAbsent(new RequestKey(site, phase, codeClass(status)), key ->
        Counter.builder("cdn.requests")
            .description("Requests answered, by site, cache status and status class")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", key.site(),
                "cache_status", key.phase().wireName(), "code_class", key.codeClass())
            .register(registry));
  }

  private Timer duration(PhaseKey byPhase) {
    return requestDurations.computeIfAbsent(byPhase, key ->
        Timer.builder("cdn.request.duration")
            .description("Time from request received to response head written (TTFB)")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", key.site(),
                "cache_status", key.phase().wireName())
            .serviceLevelObjectives(NodeRegistry.LATENCY_BUCKETS)
            .register(registry));
  }

  private Counter bytes(PhaseKey byPhase) {
    return responseBytes.computeIfAbsent(byPhase, key ->
        Counter.builder("cdn.response.bytes")
            .description("Body bytes sent to clients, by cache status")
            .baseUnit("bytes")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", key.site(),
                "cache_status", key.phase().wireName())
            .register(registry));
  }

  /**
   * Body bytes received from an upstream ({@code shield} or {@code origin}), whether they went
   * into the cache, to the client, or both.
   */
  public void upstreamBytes(String site, String upstream, long bytes) {
    if (bytes <= 0) {
      return;
    }
    upstreamBytes.computeIfAbsent(new BytesKey(site, upstream), key ->
        Counter.builder("cdn.upstream.bytes")
            .description("Body bytes received from the next tier or the origin")
            .baseUnit("bytes")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", key.site(),
                "upstream", key.upstream())
            .register(registry))
        .increment(bytes);
  }

  /**
   * One attempt to reach an upstream.
   *
   * @param upstream {@code shield} or {@code origin}
   * @param outcome the response's status class ({@code 2xx}) or the failure ({@code timeout},
   *     {@code connect_error}, {@code reset})
   */
  public void upstream(String site, String upstream, String outcome, long nanos) {
    UpstreamKey key = new UpstreamKey(site, upstream, outcome);
    upstreamRequests.computeIfAbsent(key, k ->
        Counter.builder("cdn.upstream.requests")
            .description("Requests sent to the next tier or the origin, by outcome")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", k.site(),
                "upstream", k.upstream(), "outcome", k.outcome())
            .register(registry))
        .increment();
    upstreamDurations.computeIfAbsent(key, k ->
        Timer.builder("cdn.upstream.duration")
            .description("Time from request sent upstream to response head received")
            .tags("pop", node.name(), "tier", node.tier().wireName(), "site", k.site(),
                "upstream", k.upstream(), "outcome", k.outcome())
            .serviceLevelObjectives(NodeRegistry.LATENCY_BUCKETS)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public static String codeClass(int status) {
    return status >= 100 && status < 600 ? CODE_CLASSES[status / 100 - 1] : "other";
  }

  private static final String[] CODE_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private record RequestKey(String site, CachePhase phase, String codeClass) {}

  private record UpstreamKey(String site, String upstream, String outcome) {}

  private record PhaseKey(String site, CachePhase phase) {}

  private record BytesKey(String site, String upstream) {}
}
