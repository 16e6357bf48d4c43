package org.edgecdn.cluster.predictor;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots in this process alone: for tests, and for edges sharing one process. Nothing
 * expires (there is no clock here); readers age snapshots by their own time anyway.
 */
public final class InMemorySnapshotStore implements SnapshotStore {

  private final Map<String, byte[]> values = new ConcurrentHashMap<>();
  private volatile boolean available = true;

  @Override
  public boolean available() {
    return available;
  }

  /** Makes every call fail, as a node cut off from its cluster sees it. */
  public InMemorySnapshotStore available(boolean value) {
    this.available = value;
    return this;
  }

  @Override
  public Future<Void> put(String key, byte[] value, Duration ttl) {
    if (!available) {
      return Future.failedFuture(new IllegalStateException("not connected"));
    }
    values.put(key, value.clone());
    return Future.succeededFuture();
  }

  @Override
  public Future<Map<String, byte[]>> get(Collection<String> keys) {
    if (!available) {
      return Future.failedFuture(new IllegalStateException("not connected"));
    }
    Map<String, byte[]> out = new HashMap<>();
    for (String key : keys) {
      byte[] value = values.get(key);
      if (value != null) {
        out.put(key, value.clone());
      }
    }
    return Future.succeededFuture(out);
  }

  /** The keys written so far. */
  public Set<String> keys() {
    return Set.copyOf(values.keySet());
  }
}
