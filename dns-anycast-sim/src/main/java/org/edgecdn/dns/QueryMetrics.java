package org.edgecdn.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.dns.rrl.Action;

/**
 * The {@code cdn.dns.queries} counter ({@code cdn_dns_queries_total} in Prometheus), tagged with
 * {@code rcode} (lowercase: {@code noerror}, {@code nxdomain}, {@code refused}, ..., and
 * {@code dropped} for messages that got no reply), {@code pop} (the PoP chosen, {@code none}
 * when no steering ran) and {@code transport} ({@code udp}, {@code tcp}).
 *
 * <p>Responses that rate limiting held back are also counted in {@code cdn.dns.rrl.limited}
 * ({@code cdn_dns_rrl_limited_total{action}}, {@code action} {@code drop} or {@code slip}); a
 * dropped one is counted as {@code dropped} above, a slipped one with its response code.
 *
 * <p>TCP connections closed on arrival because their client address already had
 * {@link TcpOptions#connectionsPerClient()} open are counted in
 * {@code cdn.dns.tcp.connections.refused} ({@code cdn_dns_tcp_connections_refused_total}).
 */
final class QueryMetrics {

  static final String NAME = "cdn.dns.queries";
  static final String DROPPED = "dropped";
  static final String NO_POP = "none";
  static final String LIMITED = "cdn.dns.rrl.limited";
  static final String TCP_REFUSED = "cdn.dns.tcp.connections.refused";

  private record Key(String rcode, String pop, Transport transport) {}

  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Action, Counter> limited = new ConcurrentHashMap<>();
  private final Counter tcpRefused;

  QueryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.tcpRefused = Counter.builder(TCP_REFUSED)
        .description("TCP connections closed on arrival: their client had its cap open")
        .register(registry);
    // Both exist from the start, so a dashboard shows 0 rather than nothing.
    limitedCounter(Action.SLIP);
    limitedCounter(Action.DROP);
  }

  void answered(String rcode, Optional<String> pop, Transport transport) {
    count(new Key(rcode, pop.orElse(NO_POP), transport));
  }

  void dropped(Transport transport) {
    count(new Key(DROPPED, NO_POP, transport));
  }

  void tcpRefused() {
    tcpRefused.increment();
  }

  void limited(Action action) {
    limitedCounter(action).increment();
  }

  private Counter limitedCounter(Action action) {
    return limited.computeIfAbsent(action, a -> Counter.builder(LIMITED)
        .description("UDP responses held back by response rate limiting, by action")
        .tag("action", a.wireName())
        .register(registry));
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
