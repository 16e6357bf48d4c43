package org.edgecdn.launcher.domains;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.cluster.domains.CustomDomain.State;
import org.edgecdn.cluster.domains.CustomDomain;
import org.edgecdn.cluster.domains.DomainRegistry;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk copy of the onboarded domains, against a registry kept in memory. */
@ExtendWith(VertxExtension.class)
class DomainStateFileTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private final MemoryRegistry registry = new MemoryRegistry();

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  private static CustomDomain domain(String name, State state) {
    return new CustomDomain(name, "shop", state, "CNAME shop.cdn.test.",
        name + ". CNAME shop.cdn.test.", 1, 2);
  }

  @Test
  void changes_areWrittenToTheFile_pendingDomainsToo() throws Exception {
    Path file = dir.resolve("state/domains.json");
    DomainStateFile state = new DomainStateFile(vertx, registry, file).start();
    try {
      registry.put(domain("www.b.top", State.ACTIVE));
      registry.put(domain("www.a.top", State.PENDING));

      Await.until("the file holds both", () -> read(file).size() == 2, Duration.ofSeconds(5));
      assertThat(read(file)).extracting(CustomDomain::name)
          .containsExactly("www.a.top", "www.b.top");

      registry.remove("www.b.top");
      Await.until("the removal is written", () -> read(file).size() == 1,
          Duration.ofSeconds(5));
    } finally {
      state.stop();
    }
  }

  @Test
  void start_restoresTheFile_intoAnEmptyRegistryOnly() throws Exception {
    Path file = dir.resolve("domains.json");
    Files.writeString(file, DomainStateFile.render(List.of(domain("www.a.top", State.ACTIVE))));

    DomainStateFile state = new DomainStateFile(vertx, registry, file).start();
    Await.until("restored", () -> registry.map.containsKey("www.a.top"), Duration.ofSeconds(5));
    state.stop();

    MemoryRegistry newer = new MemoryRegistry();
    newer.put(domain("www.b.top", State.ACTIVE));
    DomainStateFile again = new DomainStateFile(vertx, newer, file).start();
    Await.until("the newer registry is written out", () -> read(file).size() == 1
        && read(file).get(0).name().equals("www.b.top"), Duration.ofSeconds(10));
    again.stop();
    assertThat(newer.map).containsOnlyKeys("www.b.top");
  }

  @Test
  void badEntries_areSkipped_theOthersRead() throws Exception {
    Path file = dir.resolve("domains.json");
    Files.writeString(file, "[{\"domain\":\"x\"}, " + domain("www.a.top", State.ACTIVE).toJson()
        .encode() + "]");

    assertThat(DomainStateFile.read(file)).extracting(CustomDomain::name)
        .containsExactly("www.a.top");
    assertThat(DomainStateFile.read(dir.resolve("none.json"))).isEmpty();
  }

  private static List<CustomDomain> read(Path file) {
    try {
      return DomainStateFile.read(file);
    } catch (Exception e) {
      return List.of();
    }
  }

  /** A registry in a map, telling its listener of every change. */
  private static final class MemoryRegistry implements DomainRegistry {
    final Map<String, CustomDomain> map = new ConcurrentHashMap<>();
    final List<Runnable> listeners = new ArrayList<>();

    @Override
    public Future<Optional<CustomDomain>> get(String name) {
      return Future.succeededFuture(Optional.ofNullable(map.get(name)));
    }

    @Override
    public Future<Void> put(CustomDomain domain) {
      map.put(domain.name(), domain);
      listeners.forEach(Runnable::run);
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> remove(String name) {
      boolean removed = map.remove(name) != null;
      listeners.forEach(Runnable::run);
      return Future.succeededFuture(removed);
    }

    @Override
    public Future<List<CustomDomain>> all() {
      return Future.succeededFuture(List.copyOf(map.values()));
    }

    @Override
    public Future<Boolean> restoreIfEmpty(List<CustomDomain> domains) {
      if (!map.isEmpty()) {
        return Future.succeededFuture(false);
      }
      domains.forEach(d -> map.put(d.name(), d));
      return Future.succeededFuture(true);
    }

    @Override
    public Runnable onChange(Runnable onChange) {
      listeners.add(onChange);
      return () -> listeners.remove(onChange);
    }
  }
}
