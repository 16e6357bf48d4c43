package org.edgecdn.cluster.tasks;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where long requests' tasks are kept so that any node can report them and take over the ones
 * whose node died. Tasks are JSON text by id; the store knows nothing of their meaning, only of
 * who holds them: every node has an owner id, new each time the node joins, and a task whose
 * owner is no longer among {@link Scan#liveOwners()} is an orphan.
 *
 * <p>Every write is a compare-and-set on the whole text, so of two nodes that race to take the
 * same task over, one wins. Calls block on the cluster, so they complete on worker threads.
 */
public interface TaskStore {

  /** Whether calls can succeed now: this node has a running cluster member. */
  boolean available();

  /** This node's owner id while it is {@link #available()}: new with every member. */
  Optional<String> self();

  Future<Optional<String>> get(String id);

  /** Adds a task kept for {@code ttl}; false when the id is taken. */
  Future<Boolean> create(String id, String json, Duration ttl);

  /**
   * Replaces {@code expected} with {@code next}, kept for {@code ttl} from now; false when the
   * task is gone or has changed since {@code expected} was read.
   */
  Future<Boolean> replace(String id, String expected, String next, Duration ttl);

  /** The tasks this node watches for orphans, and the owners alive when they were read. */
  Future<Scan> scan();

  /**
   * @param tasks the tasks this node is responsible for checking (each task is checked by one
   *     node: the one holding its primary copy)
   * @param liveOwners the owner ids of the nodes up, read after the tasks, so that a task whose
   *     owner is missing here was written by a node that has since gone
   */
  record Scan(List<String> tasks, Set<String> liveOwners) {
    public Scan {
      tasks = List.copyOf(tasks);
      liveOwners = Set.copyOf(liveOwners);
    }
  }
}
