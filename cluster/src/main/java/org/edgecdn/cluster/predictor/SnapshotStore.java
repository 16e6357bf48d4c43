package org.edgecdn.cluster.predictor;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Where the edges of a region leave their latest prefetch-model snapshots for each other
 * (docs/prefetch.md, "Sharing counts in a region"): one value per key, each edge writing its
 * own keys only, each value an encoded snapshot the store knows nothing about. A value
 * disappears after its time to live, so a node that stopped publishing leaves nothing behind.
 *
 * <p>Calls never block the caller; their futures complete on the caller's Vert.x context.
 */
public interface SnapshotStore {

  /** Whether calls can succeed now: this node has a running cluster member. */
  boolean available();

  /** Replaces {@code key}'s value, kept for {@code ttl}. */
  Future<Void> put(String key, byte[] value, Duration ttl);

  /** The values of those {@code keys} that have one. */
  Future<Map<String, byte[]>> get(Collection<String> keys);
}
