package org.edgecdn.loadtest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Following the target's name through a DNS during a run, as a client's stub resolver does:
 * each source address keeps the answer it got for the answer's TTL (clamped to
 * {@code minTtl..maxTtl}), asks again when it expires, and sends new connections to the new
 * address ({@link SourceResolver}).
 *
 * @param server the DNS server, {@code host:port}
 * @param name the name to resolve
 * @param timeout how long one lookup may take
 * @param minTtl the shortest time an answer is kept (a TTL of 0 would mean a query a request),
 *     and the wait before asking again after a failed lookup
 * @param maxTtl the longest time an answer is kept, whatever its TTL says
 * @param allowRemote whether an answer may name an address that is not loopback
 * @param answers per source address ({@link StreamOptions#DEFAULT_SOURCE} for connections
 *     bound to none), the answer it got before the run; connections start there
 * @param answeredAt {@link System#nanoTime()} when those answers came, so their TTL counts
 *     from then (a warm-up run uses part of it)
 */
public record ReresolveOptions(String server, String name, Duration timeout, Duration minTtl,
    Duration maxTtl, boolean allowRemote, Map<String, DnsLookup.Answer> answers,
    long answeredAt) {

  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(5);
  /** Shorter answers are for tests; a run asks at most this often. */
  public static final Duration LOWEST_MIN_TTL = Duration.ofMillis(50);

  public ReresolveOptions {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    answers = Map.copyOf(answers);
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("following a name needs the answers it starts from");
    }
    if (minTtl.compareTo(LOWEST_MIN_TTL) < 0 || maxTtl.compareTo(minTtl) < 0) {
      throw new IllegalArgumentException("TTL range: from at least "
          + Durations.format(LOWEST_MIN_TTL) + " to no less than that, got "
          + Durations.format(minTtl) + ".." + Durations.format(maxTtl));
    }
  }

  /** With the default TTL range and loopback answers only. */
  public static ReresolveOptions of(String server, String name, Duration timeout,
      Map<String, DnsLookup.Answer> answers, long answeredAt) {
    return new ReresolveOptions(server, name, timeout, DEFAULT_MIN_TTL, DEFAULT_MAX_TTL, false,
        answers, answeredAt);
  }

  public ReresolveOptions withTtlRange(Duration minTtl, Duration maxTtl) {
    return new ReresolveOptions(server, name, timeout, minTtl, maxTtl, allowRemote, answers,
        answeredAt);
  }

  public ReresolveOptions withAllowRemote(boolean allowRemote) {
    return new ReresolveOptions(server, name, timeout, minTtl, maxTtl, allowRemote, answers,
        answeredAt);
  }

  /** How long an answer with {@code ttl} is kept. */
  public Duration keep(Duration ttl) {
    return ttl.compareTo(minTtl) < 0 ? minTtl : ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }
}
