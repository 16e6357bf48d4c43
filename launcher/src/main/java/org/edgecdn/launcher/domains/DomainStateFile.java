package org.edgecdn.launcher.domains;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.edgecdn.cluster.domains.CustomDomain;
import org.edgecdn.cluster.domains.DomainRegistry;
import org.edgecdn.cluster.domains.DomainWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of the onboarded domains on disk ({@code domains.state-file}), so that stopping
 * every node at once (Ctrl-C on {@code cdn up}) does not lose them: the cluster map lives only
 * as long as one member does.
 *
 * <ul>
 *   <li>On start it restores the file into the registry, only if the registry is empty: a
 *       registry with entries is newer than any copy.
 *   <li>Then, on every change and every {@link DomainWatcher#RESYNC_MILLIS} ms, it reads all
 *       domains (pending ones too) and, when they differ from what it last wrote, writes the
 *       file anew: a temporary file moved over the old one, so a crash leaves the old copy or
 *       the new one, never half of one.
 * </ul>
 * File I/O runs on worker threads.
 */
public final class DomainStateFile {

  private static final Logger LOG = LoggerFactory.getLogger(DomainStateFile.class);

  private final Vertx vertx;
  private final DomainRegistry registry;
  private final Path file;
  private volatile String written = "";
  private long timer = -1;
  private Runnable stopListening = () -> { };

  public DomainStateFile(Vertx vertx, DomainRegistry registry, Path file) {
    this.vertx = vertx;
    this.registry = registry;
    this.file = file;
  }

  /** Restores the file once the registry answers, then keeps the file current. */
  public DomainStateFile start() {
    restore(0);
    stopListening = registry.onChange(() -> vertx.runOnContext(v -> save()));
    timer = vertx.setPeriodic(DomainWatcher.RESYNC_MILLIS, id -> save());
    return this;
  }

  public void stop() {
    stopListening.run();
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reads the file; empty when there is none. Unreadable entries are skipped and logged. */
  static List<CustomDomain> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<CustomDomain> domains = new ArrayList<>();
    JsonArray array = new JsonArray(text);
    for (int i = 0; i < array.size(); i++) {
      try {
        domains.add(CustomDomain.fromJson(array.getJsonObject(i)));
      } catch (RuntimeException e) {
        LOG.warn("custom domains: {} entry {} skipped: {}", file, i, e.getMessage());
      }
    }
    return domains;
  }

  /** The file's text for {@code domains}: sorted by name, so equal sets give equal files. */
  static String render(List<CustomDomain> domains) {
    JsonArray array = new JsonArray();
    domains.stream().sorted(Comparator.comparing(CustomDomain::name))
        .map(CustomDomain::toJson).forEach(array::add);
    return array.encodePrettily() + "\n";
  }

  private void restore(int attempt) {
    vertx.executeBlocking(() -> read(file), false)
        .compose(domains -> domains.isEmpty() ? Future.succeededFuture(false)
            : registry.restoreIfEmpty(domains).map(restored -> {
              if (restored) {
                LOG.info("custom domains: {} restored from {}", domains.size(), file);
              }
              return restored;
            }))
        .onFailure(e -> {
          if (e instanceof IOException || e instanceof io.vertx.core.json.DecodeException) {
            LOG.warn("custom domains: cannot read {}: {}", file, e.getMessage());
          } else if (attempt < 60) {
            // The cluster is not reachable yet: try again shortly.
            vertx.setTimer(1_000, id -> restore(attempt + 1));
          }
        });
  }

  private void save() {
    registry.all().onSuccess(domains -> {
      String text = render(domains);
      if (text.equals(written)) {
        return;
      }
      vertx.executeBlocking(() -> {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return text;
      }, false).onSuccess(saved -> written = saved)
          .onFailure(e -> LOG.warn("custom domains: cannot write {}: {}", file, e.getMessage()));
    });
  }
}
