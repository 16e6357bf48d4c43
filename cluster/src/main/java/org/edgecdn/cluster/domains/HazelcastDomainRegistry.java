package org.edgecdn.cluster.domains;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom domains in a Hazelcast map ({@value #MAP}) of name → JSON text, so the data stays
 * readable across versions and needs no class on the reading side. The map lives as long as one
 * member does, with one backup; the DNS, which is not a member, reads it through a Hazelcast
 * client ({@link ClusterClient}), which is a {@link HazelcastInstance} too.
 *
 * <p>The instance comes from a supplier because a node's member can change (it is cut off and
 * rejoins); while there is none, every call fails with a message saying so. Map calls block, so
 * they run on worker threads, never on an event loop.
 */
public final class HazelcastDomainRegistry implements DomainRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastDomainRegistry.class);

  /** The map's name in the cluster. */
  public static final String MAP = "edgecdn.domains";

  private final Vertx vertx;
  private final Supplier<Optional<HazelcastInstance>> instance;
  private volatile Runnable changeHandler;
  /** The instance whose map has our listener, guarded by {@code this}. */
  private HazelcastInstance listenedOn;

  public HazelcastDomainRegistry(Vertx vertx, Supplier<Optional<HazelcastInstance>> instance) {
    this.vertx = vertx;
    this.instance = instance;
  }

  @Override
  public Future<Optional<CustomDomain>> get(String name) {
    return onMap(map -> Optional.ofNullable(map.get(name)).map(HazelcastDomainRegistry::read));
  }

  @Override
  public Future<Void> put(CustomDomain domain) {
    return onMap(map -> {
      map.set(domain.name(), domain.toJson().encode());
      return null;
    });
  }

  @Override
  public Future<Boolean> remove(String name) {
    return onMap(map -> map.remove(name) != null);
  }

  @Override
  public Future<List<CustomDomain>> all() {
    return onMap(map -> {
      List<CustomDomain> domains = new ArrayList<>();
      for (String json : map.values()) {
        try {
          domains.add(read(json));
        } catch (IllegalArgumentException e) {
          // Never let one bad entry hide the others.
          LOG.warn("custom domains: skipping an unreadable entry: {}", e.getMessage());
        }
      }
      return domains;
    });
  }

  @Override
  public Future<Boolean> restoreIfEmpty(List<CustomDomain> domains) {
    return onMap(map -> {
      if (!map.isEmpty()) {
        return false;
      }
      for (CustomDomain domain : domains) {
        map.putIfAbsent(domain.name(), domain.toJson().encode());
      }
      return true;
    });
  }

  @Override
  public Runnable onChange(Runnable onChange) {
    changeHandler = onChange;
    instance.get().ifPresent(this::listen);
    return () -> changeHandler = null;
  }

  /**
   * Puts the change listener on {@code current}'s map unless it is there already: called on
   * every map call, so a node whose member was replaced (cut off, rejoined) listens again.
   */
  private synchronized void listen(HazelcastInstance current) {
    Runnable handler = changeHandler;
    if (handler == null || current == listenedOn) {
      return;
    }
    current.<String, String>getMap(MAP).addEntryListener(new Listener(() -> {
      Runnable now = changeHandler;
      if (now != null) {
        now.run();
      }
    }), false);
    listenedOn = current;
  }

  /** True when an instance is at hand, so calls can succeed. */
  public boolean connected() {
    return instance.get().map(i -> i.getLifecycleService().isRunning()).orElse(false);
  }

  private <T> Future<T> onMap(MapCall<T> call) {
    return vertx.executeBlocking(() -> {
      HazelcastInstance current = instance.get().orElseThrow(() -> new IllegalStateException(
          "not connected to the cluster yet: custom domains are kept there"));
      listen(current);
      return call.apply(current.getMap(MAP));
    }, false);
  }

  private static CustomDomain read(String json) {
    try {
      return CustomDomain.fromJson(new JsonObject(json));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface MapCall<T> {
    T apply(IMap<String, String> map);
  }

  private record Listener(Runnable onChange) implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {
    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
      onChange.run();
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
      onChange.run();
    }

    @Override
    public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> event) {
      onChange.run();
    }
  }
}
