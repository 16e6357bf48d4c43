package org.edgecdn.cluster.tasks;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks in this process alone: for a node without a cluster and for tests. Nothing expires
 * (there is no clock here) and there is one owner, this store, which never dies.
 */
public final class InMemoryTaskStore implements TaskStore {

  private final String self = UUID.randomUUID().toString();
  private final Map<String, String> tasks = new ConcurrentHashMap<>();

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Optional<String> self() {
    return Optional.of(self);
  }

  @Override
  public Future<Optional<String>> get(String id) {
    return Future.succeededFuture(Optional.ofNullable(tasks.get(id)));
  }

  @Override
  public Future<Boolean> create(String id, String json, Duration ttl) {
    return Future.succeededFuture(tasks.putIfAbsent(id, json) == null);
  }

  @Override
  public Future<Boolean> replace(String id, String expected, String next, Duration ttl) {
    return Future.succeededFuture(tasks.replace(id, expected, next));
  }

  @Override
  public Future<Scan> scan() {
    return Future.succeededFuture(new Scan(List.copyOf(tasks.values()), Set.of(self)));
  }
}
