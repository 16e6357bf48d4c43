package org.edgecdn.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code cdn.dns.queries} counter ({@code cdn_dns_queries_total} in Prometheus), tagged with
 * {@code rcode} (lowercase: {@code noerror}, {@code nxdomain}, {@code refused}, ..., and
 * {@code dropped} for messages that got no reply), {@code pop} (the PoP chosen, {@code none}
 * when no steering ran) and {@code transport} ({@code udp}, {@code tcp}).
 */
final class QueryMetrics {

  static final String NAME = "cdn.dns.queries";
  static final String DROPPED = "dropped";
  static final String NO_POP = "none";

  private record Key(String rcode, String pop, Transport transport) {}

  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

  QueryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void answered(String rcode, Optional<String> pop, Transport transport) {
    count(new Key(rcode, pop.orElse(NO_POP), transport));
  }

  void dropped(Transport transport) {
    count(new Key(DROPPED, NO_POP, transport));
  }

  private void count(Key key) {
    counters.computeIfAbsent(key, this::register).increment();
  }

  private Counter register(Key key) {
    return Counter.builder(NAME)
        .description("DNS queries received, by response code, chosen PoP and transport")
        .tag("rcode", key.rcode())
        .tag("pop", key.pop())
        .tag("transport", key.transport().wireName())
        .register(registry);
  }
}
