package org.edgecdn.dns.rrl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Response rate limiting after BIND's RRL [1][2]: the server answers a flood from one network at
 * a bounded rate, so that spoofing a victim's address turns it into a trickle, not an amplified
 * flood.
 *
 * <h2>1. Accounting</h2>
 * Responses are counted per client network (the source address cut to /{@value #IPV4_PREFIX}
 * for IPv4, /{@value #IPV6_PREFIX} for IPv6, the sizes an attacker or an ISP hands to one
 * customer) and per {@link ResponseKind}: answers and errors have separate token buckets, so a
 * random-subdomain flood of NXDOMAINs cannot starve the real answers of the same resolver. A
 * bucket holds one second's worth of its rate and refills continuously; each response takes one
 * token. Unlike BIND, responses are not told apart by name: a steering server has few names, and
 * a finer key would only let a flood spread over more buckets.
 *
 * <h2>2. Slip</h2>
 * When a bucket is empty, every {@link RrlOptions#slip()}-th limited response is sent as an
 * empty TC=1 reply (the first of each run of {@code slip} is dropped, the last slips). A real
 * resolver sharing the network with the spoofed flood retries over TCP, which the attacker cannot
 * spoof, and gets its answer; the victim receives a small fraction of small packets. TCP is never
 * limited: the handshake proves the address.
 *
 * <h2>3. Memory and time</h2>
 * The buckets live in an access-ordered map. A bucket idle for a second is full again, so it is
 * equal to no bucket: each check drops such buckets from the cold end of the map, and the map
 * never holds more than {@code maxBuckets}, the least recently used going first. Time comes from
 * an injected nanosecond clock, so tests advance it instead of sleeping. Checks take a lock: UDP
 * is served by one thread by default (a few at most), so it is rarely contended.
 *
 * <p>[1] P. Vixie, V. Schryver, "DNS Response Rate Limiting (DNS RRL)", ISC-TN-2012-1.
 * [2] BIND 9 ARM, {@code rate-limit} ({@code responses-per-second}, {@code errors-per-second},
 * {@code slip}, {@code ipv4-prefix-length} 24, {@code ipv6-prefix-length} 56).
 */
public final class ResponseRateLimiter {

  public static final int IPV4_PREFIX = 24;
  public static final int IPV6_PREFIX = 56;
  /** About 64 bytes each with the map entry: some MiB at most, whatever the flood. */
  public static final int DEFAULT_MAX_BUCKETS = 100_000;

  private static final long SECOND = 1_000_000_000L;

  private final RrlOptions options;
  private final LongSupplier nanos;
  private final int maxBuckets;
  private final LinkedHashMap<Key, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true);

  /** One bucket's owner: a client network (address family in the top bit) and a kind. */
  private record Key(long network, boolean ipv6, ResponseKind kind) {}

  private static final class Bucket {
    double tokens;
    long refilledAt;
    long limited;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  public ResponseRateLimiter(RrlOptions options, LongSupplier nanos) {
    this(options, nanos, DEFAULT_MAX_BUCKETS);
  }

  ResponseRateLimiter(RrlOptions options, LongSupplier nanos, int maxBuckets) {
    this.options = Objects.requireNonNull(options, "options");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    if (maxBuckets < 1) {
      throw new IllegalArgumentException("maxBuckets " + maxBuckets + " is not >= 1");
    }
    this.maxBuckets = maxBuckets;
  }

  /** What to do with a UDP response of {@code kind} to {@code client}; counts it. */
  public Action check(InetAddress client, ResponseKind kind) {
    // Off is decided before the lock: every UDP reply passes here, and an uncontended lock still
    // costs an atomic instruction; with two UDP threads it was contended.
    if (!options.enabled()) {
      return Action.SEND;
    }
    return account(client, kind);
  }

  private synchronized Action account(InetAddress client, ResponseKind kind) {
    long now = nanos.getAsLong();
    evictIdle(now);
    double capacity = rate(kind);
    Bucket bucket = buckets.computeIfAbsent(key(client, kind), k -> new Bucket(capacity, now));
    bucket.tokens =
        Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * capacity / SECOND);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Action.SEND;
    }
    bucket.limited++;
    int slip = options.slip();
    return slip > 0 && bucket.limited % slip == 0 ? Action.SLIP : Action.DROP;
  }

  /** The number of buckets held now, for tests of the memory bound. */
  synchronized int size() {
    return buckets.size();
  }

  private double rate(ResponseKind kind) {
    return kind == ResponseKind.ANSWER ? options.answersPerSecond() : options.errorsPerSecond();
  }

  /** Drops buckets that have been idle long enough to be full again, then caps the count. */
  private void evictIdle(long now) {
    Iterator<Map.Entry<Key, Bucket>> coldest = buckets.entrySet().iterator();
    while (coldest.hasNext()) {
      if (now - coldest.next().getValue().refilledAt < SECOND && buckets.size() < maxBuckets) {
        return;
      }
      coldest.remove();
    }
  }

  private static Key key(InetAddress client, ResponseKind kind) {
    byte[] bytes = client.getAddress();
    if (client instanceof Inet4Address) {
      long network = 0;
      for (int i = 0; i < IPV4_PREFIX / 8; i++) {
        network = network << 8 | (bytes[i] & 0xff);
      }
      return new Key(network, false, kind);
    }
    long network = 0;
    for (int i = 0; i < IPV6_PREFIX / 8; i++) {
      network = network << 8 | (bytes[i] & 0xff);
    }
    return new Key(network, true, kind);
  }
}
