package org.edgecdn.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.edgecdn.http.HostPort;
import org.edgecdn.http.Upstream;

/**
 * Sends each cache key to one shield, the same one from every edge, so a key is fetched from the
 * origin once for the whole network rather than once per edge. Rendezvous (highest random
 * weight) hashing: each shield scores {@code hash(shield, key)} and the highest wins. Removing a
 * shield moves only its own keys, and the score order is the fallback order for free: the
 * second-highest shield is where the key goes when the first is down.
 */
final class ShieldSelector {

  private final List<Upstream> shields;
  private final long[] seeds;

  ShieldSelector(List<EdgeOptions.ShieldAddress> shields) {
    this.shields = new ArrayList<>(shields.size());
    this.seeds = new long[shields.size()];
    for (int i = 0; i < shields.size(); i++) {
      EdgeOptions.ShieldAddress shield = shields.get(i);
      this.shields.add(new Upstream(shield.name(), Upstream.Kind.SHIELD, shield.address(), false));
      // Seed by name, not address, so a shield that moves keeps its keys.
      seeds[i] = hash(shield.name(), 0x9E3779B97F4A7C15L);
    }
  }

  /** All shields, best first for {@code key}. */
  List<Upstream> rank(String key) {
    int n = shields.size();
    if (n <= 1) {
      return List.copyOf(shields);
    }
    long keyHash = hash(key, 0);
    Integer[] order = new Integer[n];
    long[] scores = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      scores[i] = mix(keyHash ^ seeds[i]);
    }
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> scores[i]).reversed());
    List<Upstream> ranked = new ArrayList<>(n);
    for (Integer i : order) {
      ranked.add(shields.get(i));
    }
    return ranked;
  }

  List<HostPort> addresses() {
    return shields.stream().map(Upstream::address).toList();
  }

  /** FNV-1a over UTF-8 bytes, then a MurmurHash3 finalizer for avalanche. */
  static long hash(String text, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
