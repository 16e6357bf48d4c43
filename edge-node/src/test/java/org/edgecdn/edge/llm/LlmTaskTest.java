package org.edgecdn.edge.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edgecdn.edge.llm.LlmTask.Result;
import org.edgecdn.edge.llm.LlmTask.State;
import org.junit.jupiter.api.Test;

/** The task state machine and its two JSON forms, with no node and no clock. */
class LlmTaskTest {

  private static final LlmTask.Request REQUEST = new LlmTask.Request("/v1/chat/completions",
      Map.of("content-type", List.of("application/json"), "x-user-id", List.of("7")),
      Buffer.buffer("{\"model\":\"demo-1\"}"));
  private static final Result OK = new Result(200, "application/json",
      Buffer.buffer("{\"choices\":[]}"));

  private static LlmTask accepted() {
    return LlmTask.accepted("0123456789abcdef0123456789abcdef", "shop", "www.shop.example",
        "/v1/chat/completions", REQUEST, Optional.of("k"), Optional.of("demo-1"), "owner-a",
        "edge-a", 1_000, Duration.ofHours(1));
  }

  @Test
  void accepted_isPending_withNoAttempt() {
    LlmTask task = accepted();

    assertThat(task.state()).isEqualTo(State.PENDING);
    assertThat(task.attempts()).isZero();
    assertThat(task.result()).isEmpty();
  }

  @Test
  void start_thenComplete_isDone_withTheAnswer() {
    LlmTask done = accepted().start(2_000).complete(OK, 5_000);

    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.result()).contains(OK);
    assertThat(done.createdMillis()).isEqualTo(1_000);
    assertThat(done.updatedMillis()).isEqualTo(5_000);
  }

  @Test
  void storedAnswer_completesAPendingTask_withoutAStart() {
    LlmTask done = accepted().complete(OK, 1_000);

    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.attempts()).isZero();
  }

  @Test
  void providerClientError_isAResult_butServerError_isAFailureKeepingTheAnswer() {
    Result bad = new Result(400, "application/json", Buffer.buffer("{\"error\":{}}"));
    Result down = new Result(503, "text/plain", Buffer.buffer("overloaded"));

    assertThat(accepted().start(2).complete(bad, 3).state()).isEqualTo(State.DONE);
    LlmTask failed = accepted().start(2).complete(down, 3);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.result()).contains(down);
    assertThat(failed.error()).contains("the provider answered 503");
  }

  @Test
  void fail_keepsTheReason() {
    LlmTask failed = accepted().start(2).fail("connection refused", 3);

    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("connection refused");
  }

  @Test
  void takeOver_movesTheTaskToTheNewOwner_andCountsAnAttempt() {
    LlmTask taken = accepted().start(2).takeOver("owner-b", "edge-b", 9, 3);

    assertThat(taken.state()).isEqualTo(State.RUNNING);
    assertThat(taken.owner()).isEqualTo("owner-b");
    assertThat(taken.node()).isEqualTo("edge-b");
    assertThat(taken.attempts()).isEqualTo(2);
  }

  @Test
  void takeOver_afterTheLastAttempt_failsTheTask() {
    LlmTask third = accepted().start(2).takeOver("b", "edge-b", 3, 3).takeOver("c", "edge-c", 4, 3);

    LlmTask gaveUp = third.takeOver("d", "edge-d", 5, 3);

    assertThat(third.attempts()).isEqualTo(3);
    assertThat(gaveUp.state()).isEqualTo(State.FAILED);
    assertThat(gaveUp.owner()).isEqualTo("c");
    assertThat(gaveUp.error()).hasValueSatisfying(e -> assertThat(e).contains("3 attempts"));
  }

  @Test
  void finishedTask_neverMovesAgain() {
    LlmTask done = accepted().start(2).complete(OK, 3);

    assertThatThrownBy(() -> done.complete(OK, 4)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is done");
    assertThatThrownBy(() -> done.takeOver("b", "edge-b", 4, 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> done.fail("late", 4)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> accepted().start(2).start(3))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void orphaned_onlyWhenUnfinished_andItsOwnerIsGone() {
    LlmTask running = accepted().start(2);

    assertThat(running.orphaned(Set.of("owner-a", "owner-b"))).isFalse();
    assertThat(running.orphaned(Set.of("owner-b"))).isTrue();
    assertThat(accepted().orphaned(Set.of())).isTrue();
    assertThat(running.complete(OK, 3).orphaned(Set.of())).isFalse();
  }

  @Test
  void storedJson_roundTrips_everyField() {
    LlmTask failed = accepted().start(2).complete(new Result(502, "text/plain",
        Buffer.buffer(new byte[] {0, (byte) 0xff})), 3);

    assertThat(LlmTask.fromJson(failed.toJson())).isEqualTo(failed);
    assertThat(LlmTask.fromJson(accepted().toJson())).isEqualTo(accepted());
  }

  @Test
  void unreadableJson_isAnIllegalArgument() {
    assertThatThrownBy(() -> LlmTask.fromJson("{\"id\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicJson_showsStateAndResult_neverTheRequestOrTheOwner() {
    JsonObject shown = accepted().start(2).complete(OK, 3).publicJson();

    assertThat(shown.getString("task_id")).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(shown.getString("state")).isEqualTo("done");
    assertThat(shown.getString("status_url"))
        .isEqualTo("/_cdn/tasks/0123456789abcdef0123456789abcdef");
    assertThat(shown.getJsonObject("result").getJsonObject("body").getJsonArray("choices"))
        .isEmpty();
    assertThat(shown.encode()).doesNotContain("owner-a").doesNotContain("x-user-id")
        .doesNotContain("request").doesNotContain("cache_key");
  }

  @Test
  void publicJson_givesAStreamAsText_andBinaryAsBase64() {
    Result sse = new Result(200, "text/event-stream", Buffer.buffer("data: [DONE]\n\n"));
    Result binary = new Result(200, "application/octet-stream",
        Buffer.buffer(new byte[] {1, 2, 3}));

    assertThat(accepted().complete(sse, 2).publicJson().getJsonObject("result")
        .getString("body")).isEqualTo("data: [DONE]\n\n");
    assertThat(accepted().complete(binary, 2).publicJson().getJsonObject("result")
        .getString("body_base64")).isEqualTo("AQID");
  }
}
