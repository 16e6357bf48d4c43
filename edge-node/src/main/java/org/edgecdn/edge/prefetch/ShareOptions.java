package org.edgecdn.edge.prefetch;

import java.util.List;

/**
 * Where an edge's shared counts go and come from ({@link ModelSharing}).
 *
 * @param pop this edge's PoP name: its snapshots are published under it
 * @param region the PoP's region ({@code pops[].location.region} in the network file)
 * @param peers the other PoPs of the region, whose snapshots this edge reads
 * @param intervalMillis how often the edge publishes and reads; a snapshot older than three
 *     intervals is dropped (its PoP stopped publishing)
 */
public record ShareOptions(String pop, String region, List<String> peers, long intervalMillis) {

  public static final long DEFAULT_INTERVAL_MILLIS = 30_000;
  /** Pages in one published snapshot: the most viewed, each with its K successors. */
  public static final int PUBLISHED_PAGES = 500;
  /** Second-order contexts (page pairs) in one published snapshot: the most viewed. */
  public static final int PUBLISHED_CONTEXTS = 500;
  /** Intervals after which a snapshot no longer counts. */
  public static final int MAX_AGE_INTERVALS = 3;

  public ShareOptions {
    peers = List.copyOf(peers);
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("the sharing interval must be positive");
    }
  }

  /** No sharing: no region, no peers. */
  public static ShareOptions off() {
    return new ShareOptions("", "", List.of(), DEFAULT_INTERVAL_MILLIS);
  }

  /** Whether there is anyone to share with. */
  public boolean enabled() {
    return !region.isEmpty() && !peers.isEmpty();
  }

  public long maxAgeMillis() {
    return MAX_AGE_INTERVALS * intervalMillis;
  }
}
