package org.edgecdn.cache.collapse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Leaders and waiters on different event loops (the LLM gateway's wait uses the same hop). */
@ExtendWith(VertxExtension.class)
class CollapserTest {

  private Vertx vertx;

  /** A Vert.x of this test's own; VertxExtension closes it after the test. */
  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {@code count} event-loop contexts, each on a loop of its own (deployment instances). */
  private List<Context> loops(int count) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    Await.result(vertx.deployVerticle(() -> context -> {
      contexts.add(context);
      return Future.succeededFuture();
    }, new DeploymentOptions().setInstances(count)));
    return contexts;
  }

  /** Runs {@code action} on {@code context} and returns what it returned. */
  private static <T> T on(Context context, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(action.get()));
    return result.join();
  }

  @Test
  void waiterOnAnotherLoop_hearsTheOutcomeOnItsOwnLoop() {
    List<Context> loops = loops(2);
    Context leaderLoop = loops.get(0);
    Context waiterLoop = loops.get(1);
    Collapser<String, String> collapser = new Collapser<>();
    Collapser.Leader<String, String> leader = on(leaderLoop,
        () -> (Collapser.Leader<String, String>) collapser.lead("k"));
    Promise<String> heardOn = Promise.promise();
    on(waiterLoop, () -> ((Collapser.Waiter<String, String>) collapser.lead("k")).outcome()
        .onComplete(done -> heardOn.complete(Thread.currentThread().getName())));
    String waiterThread = on(waiterLoop, () -> Thread.currentThread().getName());

    String leaderThread = on(leaderLoop, () -> {
      leader.finish("stored");
      return Thread.currentThread().getName();
    });

    assertThat(leaderThread).isNotEqualTo(waiterThread);
    assertThat(Await.result(heardOn.future())).isEqualTo(waiterThread);
  }

  @Test
  void waiterOnTheLeadersLoop_hearsAtOnce() {
    Context loop = loops(1).get(0);
    Collapser<String, String> collapser = new Collapser<>();

    boolean heardBeforeFinishReturned = on(loop, () -> {
      Collapser.Leader<String, String> leader = (Collapser.Leader<String, String>)
          collapser.lead("k");
      Future<String> outcome = ((Collapser.Waiter<String, String>) collapser.lead("k"))
          .outcome();
      leader.finish("stored");
      return outcome.isComplete();
    });

    assertThat(heardBeforeFinishReturned).isTrue();
  }
}
