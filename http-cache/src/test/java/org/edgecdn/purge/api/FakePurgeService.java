package org.edgecdn.purge.api;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeReceipt;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeStatus;

/** Records submitted commands and answers ids p-1, p-2, ... with seq 1, 2, ... */
final class FakePurgeService implements PurgeService {

  private final List<PurgeCommand> commands = new ArrayList<>();
  private final Map<String, PurgeStatus> statuses = new ConcurrentHashMap<>();
  private volatile String failure;

  @Override
  public synchronized Future<PurgeReceipt> submit(PurgeCommand command) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    commands.add(command);
    return Future.succeededFuture(new PurgeReceipt("p-" + commands.size(), commands.size()));
  }

  @Override
  public Future<Optional<PurgeStatus>> status(String id) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    return Future.succeededFuture(Optional.ofNullable(statuses.get(id)));
  }

  synchronized List<PurgeCommand> commands() {
    return List.copyOf(commands);
  }

  void put(PurgeStatus status) {
    statuses.put(status.id(), status);
  }

  void failWith(String reason) {
    failure = reason;
  }
}
