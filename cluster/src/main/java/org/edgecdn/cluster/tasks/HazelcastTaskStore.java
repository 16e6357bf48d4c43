package org.edgecdn.cluster.tasks;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tasks in the Hazelcast map {@value #MAP} (id → JSON text, one synchronous backup, so a task
 * outlives the member holding it). An owner id is the member's UUID: a node that restarts gets a
 * new one, so the tasks its previous process held become orphans, as they should, since that
 * process's work is lost.
 *
 * <p>The scan reads {@link IMap#localKeySet()}: each member checks the tasks whose primary copy
 * it holds, so every task is checked by one member and the work spreads with the partitions.
 * After a member dies its partitions' backups are promoted, and their tasks become local to a
 * survivor. Like {@code HazelcastDomainRegistry}, the instance comes from a supplier (a node's
 * member arrives after its ports open and may be replaced), and every call runs on a worker
 * thread.
 */
public final class HazelcastTaskStore implements TaskStore {

  /** The map's name in the cluster. */
  public static final String MAP = "edgecdn.llm.tasks";

  private final Vertx vertx;
  private final Supplier<Optional<HazelcastInstance>> instance;

  public HazelcastTaskStore(Vertx vertx, Supplier<Optional<HazelcastInstance>> instance) {
    this.vertx = vertx;
    this.instance = instance;
  }

  @Override
  public boolean available() {
    return running().isPresent();
  }

  @Override
  public Optional<String> self() {
    return running().map(i -> i.getCluster().getLocalMember().getUuid().toString());
  }

  @Override
  public Future<Optional<String>> get(String id) {
    return onMap(map -> Optional.ofNullable(map.get(id)));
  }

  @Override
  public Future<Boolean> create(String id, String json, Duration ttl) {
    return onMap(map -> map.putIfAbsent(id, json, ttl.toMillis(), TimeUnit.MILLISECONDS) == null);
  }

  @Override
  public Future<Boolean> replace(String id, String expected, String next, Duration ttl) {
    return onMap(map -> {
      if (!map.replace(id, expected, next)) {
        return false;
      }
      // replace keeps no TTL of its own choosing: set the task's from now.
      map.setTtl(id, ttl.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    });
  }

  @Override
  public Future<Scan> scan() {
    return vertx.executeBlocking(() -> {
      HazelcastInstance current = connected();
      IMap<String, String> map = current.getMap(MAP);
      List<String> tasks = new ArrayList<>(map.getAll(map.localKeySet()).values());
      Set<String> owners = new HashSet<>();
      for (Member member : current.getCluster().getMembers()) {
        owners.add(member.getUuid().toString());
      }
      return new Scan(tasks, owners);
    }, false);
  }

  private Optional<HazelcastInstance> running() {
    return instance.get().filter(i -> i.getLifecycleService().isRunning());
  }

  private HazelcastInstance connected() {
    return running().orElseThrow(() -> new IllegalStateException(
        "not connected to the cluster: tasks are kept there"));
  }

  private <T> Future<T> onMap(Function<IMap<String, String>, T> call) {
    return vertx.executeBlocking(() -> call.apply(connected().getMap(MAP)), false);
  }
}
