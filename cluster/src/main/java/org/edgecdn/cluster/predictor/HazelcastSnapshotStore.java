package org.edgecdn.cluster.predictor;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Snapshots in the Hazelcast map {@value #MAP} (key → bytes). Bytes because a snapshot is
 * encoded by its publisher (a compact format with its own version), so the map needs no class
 * of ours on any member and a member of another version reads it or skips it.
 *
 * <p>Only Hazelcast's asynchronous calls ({@code setAsync}, {@code getAsync}) are used, their
 * completion handed back to the caller's Vert.x context; getting the map's proxy the first
 * time may talk to the cluster, so that alone runs on a worker thread, once per member. As in
 * {@code HazelcastTaskStore}, the instance comes from a supplier: a node's member arrives after
 * its ports open and may be replaced.
 *
 * <p><b>Note:</b> the map has no backup (see {@code ClusterMember}): a snapshot is republished
 * every interval, so one lost with a member costs one interval of sharing.
 */
public final class HazelcastSnapshotStore implements SnapshotStore {

  /** The map's name in the cluster. */
  public static final String MAP = "edgecdn.predictor.shared";

  private final Vertx vertx;
  private final Supplier<Optional<HazelcastInstance>> instance;
  /** The map proxy and the instance it belongs to, replaced when the member is. */
  private volatile Proxy proxy;

  private record Proxy(HazelcastInstance owner, IMap<String, byte[]> map) {}

  public HazelcastSnapshotStore(Vertx vertx, Supplier<Optional<HazelcastInstance>> instance) {
    this.vertx = vertx;
    this.instance = instance;
  }

  @Override
  public boolean available() {
    return running().isPresent();
  }

  @Override
  public Future<Void> put(String key, byte[] value, Duration ttl) {
    Context context = vertx.getOrCreateContext();
    return map().compose(map -> Future.fromCompletionStage(
        map.setAsync(key, value, ttl.toMillis(), TimeUnit.MILLISECONDS), context));
  }

  @Override
  public Future<Map<String, byte[]>> get(Collection<String> keys) {
    Context context = vertx.getOrCreateContext();
    return map().compose(map -> {
      List<String> order = new ArrayList<>(keys);
      List<Future<byte[]>> reads = new ArrayList<>(order.size());
      for (String key : order) {
        reads.add(Future.fromCompletionStage(map.getAsync(key), context));
      }
      return Future.all(reads).map(done -> {
        Map<String, byte[]> values = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
          byte[] value = reads.get(i).result();
          if (value != null) {
            values.put(order.get(i), value);
          }
        }
        return values;
      });
    });
  }

  private Optional<HazelcastInstance> running() {
    return instance.get().filter(i -> i.getLifecycleService().isRunning());
  }

  private Future<IMap<String, byte[]>> map() {
    Optional<HazelcastInstance> current = running();
    if (current.isEmpty()) {
      return Future.failedFuture(new IllegalStateException(
          "not connected to the cluster: shared counts are kept there"));
    }
    Proxy known = proxy;
    if (known != null && known.owner() == current.get()) {
      return Future.succeededFuture(known.map());
    }
    HazelcastInstance owner = current.get();
    return vertx.executeBlocking(() -> {
      IMap<String, byte[]> map = owner.getMap(MAP);
      proxy = new Proxy(owner, map);
      return map;
    }, false);
  }
}
