package org.edgecdn.edge.llm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One long request run without the client waiting: what it asked, who runs it, and how it
 * ended. A value; each transition returns the next value, and the store replaces the old text
 * with the new only if nobody changed it meanwhile (see {@link LlmTasks}).
 *
 * <pre>
 *   pending ──start──▶ running ──complete──▶ done | failed
 *      │                  │ ▲
 *      │                  └─┘ takeOver (owner left the cluster; attempts + 1)
 *      └──complete (a stored answer) ──▶ done
 * </pre>
 * A take-over past {@code maxAttempts} fails the task instead. A provider answer below 500 is
 * a result ({@code done}, even a 400: the request was wrong, running it again will not help);
 * 5xx, no answer, or a broken one is {@code failed}, with the answer kept when there was one.
 *
 * @param route the LLM route's path
 * @param owner the owner id of the node running it (its member's UUID), see TaskStore
 * @param node the name of that node, for people ({@code edge-eu})
 * @param attempts how many times it was started
 * @param request what goes to the provider, without the provider's key
 * @param cacheKey the answer-cache key when the answer may be stored (shared or per user)
 * @param model the request's model, for the stored answer's purge tag
 * @param ttl how long the task is kept after each change
 */
public record LlmTask(String id, String site, String host, String route, State state,
    String owner, String node, int attempts, long createdMillis, long updatedMillis,
    Request request, Optional<String> cacheKey, Optional<String> model,
    Optional<Result> result, Optional<String> error, Duration ttl) {

  /** Where a task's state is read by clients, followed by its id. */
  public static final String STATUS_PREFIX = "/_cdn/tasks/";

  public LlmTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(cacheKey, "cacheKey");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
  }

  /** A task's states, with their wire names. */
  public enum State {
    PENDING, RUNNING, DONE, FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
      return this == DONE || this == FAILED;
    }

    static State of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * What goes to the provider: the request URI, the headers as the edge forwards them (never
   * the provider key, which each node adds from its own config) and the body.
   */
  public record Request(String uri, Map<String, List<String>> headers, Buffer body) {
    public Request {
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** The provider's answer: status, content type and the exact bytes. */
  public record Result(int status, String contentType, Buffer body) {
    public Result {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  /** A task just accepted by {@code owner}: pending, never started. */
  public static LlmTask accepted(String id, String site, String host, String route,
      Request request, Optional<String> cacheKey, Optional<String> model, String owner,
      String node, long now, Duration ttl) {
    return new LlmTask(id, site, host, route, State.PENDING, owner, node, 0, now, now, request,
        cacheKey, model, Optional.empty(), Optional.empty(), ttl);
  }

  /** Its owner starts it. */
  public LlmTask start(long now) {
    require(state == State.PENDING, "start");
    return with(State.RUNNING, owner, node, attempts + 1, now, result, error);
  }

  /**
   * Another node takes it over because its owner left the cluster: it runs again, or fails
   * once {@code maxAttempts} starts have been spent.
   */
  public LlmTask takeOver(String newOwner, String newNode, long now, int maxAttempts) {
    require(!state.finished(), "take over");
    if (attempts >= maxAttempts) {
      return with(State.FAILED, owner, node, attempts, now, result, Optional.of("gave up after "
          + attempts + " attempts: the nodes running it left the cluster"));
    }
    return with(State.RUNNING, newOwner, newNode, attempts + 1, now, result, error);
  }

  /** The provider answered (or a stored answer did): done below 500, failed from 500 on. */
  public LlmTask complete(Result answer, long now) {
    require(!state.finished(), "complete");
    return answer.status() >= 500
        ? with(State.FAILED, owner, node, attempts, now, Optional.of(answer),
            Optional.of("the provider answered " + answer.status()))
        : with(State.DONE, owner, node, attempts, now, Optional.of(answer), Optional.empty());
  }

  /** No answer: the provider could not be reached, or broke off. */
  public LlmTask fail(String reason, long now) {
    require(!state.finished(), "fail");
    return with(State.FAILED, owner, node, attempts, now, result, Optional.of(reason));
  }

  /** Unfinished, and its owner is no longer in the cluster. */
  public boolean orphaned(Set<String> liveOwners) {
    return !state.finished() && !liveOwners.contains(owner);
  }

  private LlmTask with(State next, String nextOwner, String nextNode, int nextAttempts, long now,
      Optional<Result> nextResult, Optional<String> nextError) {
    return new LlmTask(id, site, host, route, next, nextOwner, nextNode, nextAttempts,
        createdMillis, now, request, cacheKey, model, nextResult, nextError, ttl);
  }

  private void require(boolean allowed, String transition) {
    if (!allowed) {
      throw new IllegalStateException("task " + id + " is " + state.wireName() + ": cannot "
          + transition + " it");
    }
  }

  // ---- JSON: the whole task as the store keeps it ----

  public String toJson() {
    JsonObject headers = new JsonObject();
    request.headers().forEach((name, values) -> headers.put(name, new JsonArray(values)));
    JsonObject json = new JsonObject()
        .put("id", id).put("site", site).put("host", host).put("route", route)
        .put("state", state.wireName()).put("owner", owner).put("node", node)
        .put("attempts", attempts).put("created", createdMillis).put("updated", updatedMillis)
        .put("ttl_ms", ttl.toMillis())
        .put("request", new JsonObject().put("uri", request.uri()).put("headers", headers)
            .put("body", base64(request.body())));
    cacheKey.ifPresent(k -> json.put("cache_key", k));
    model.ifPresent(m -> json.put("model", m));
    result.ifPresent(r -> json.put("result", new JsonObject().put("status", r.status())
        .put("content_type", r.contentType()).put("body", base64(r.body()))));
    error.ifPresent(e -> json.put("error", e));
    return json.encode();
  }

  /** Reads {@link #toJson()}; an {@link IllegalArgumentException} for anything else. */
  public static LlmTask fromJson(String text) {
    try {
      JsonObject json = new JsonObject(text);
      JsonObject req = json.getJsonObject("request");
      Map<String, List<String>> headers = new LinkedHashMap<>();
      req.getJsonObject("headers").forEach(e -> {
        List<String> values = new ArrayList<>();
        ((JsonArray) e.getValue()).forEach(v -> values.add((String) v));
        headers.put(e.getKey(), values);
      });
      JsonObject res = json.getJsonObject("result");
      Optional<Result> result = res == null ? Optional.empty()
          : Optional.of(new Result(res.getInteger("status"), res.getString("content_type"),
              unbase64(res.getString("body"))));
      return new LlmTask(json.getString("id"), json.getString("site"), json.getString("host"),
          json.getString("route"), State.of(json.getString("state")), json.getString("owner"),
          json.getString("node"), json.getInteger("attempts"), json.getLong("created"),
          json.getLong("updated"),
          new Request(req.getString("uri"), headers, unbase64(req.getString("body"))),
          Optional.ofNullable(json.getString("cache_key")),
          Optional.ofNullable(json.getString("model")), result,
          Optional.ofNullable(json.getString("error")),
          Duration.ofMillis(json.getLong("ttl_ms")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a task: " + e.getMessage(), e);
    }
  }

  // ---- JSON: what clients and webhooks see ----

  /**
   * The task as clients see it: never the request, its headers or the owner id. The result's
   * body is inline: a JSON answer as JSON, other text (an event stream) as a string, anything
   * else as {@code body_base64}.
   */
  public JsonObject publicJson() {
    JsonObject json = new JsonObject()
        .put("task_id", id).put("state", state.wireName()).put("status_url", statusPath(id))
        .put("site", site).put("route", route).put("node", node).put("attempts", attempts)
        .put("created", Instant.ofEpochMilli(createdMillis).toString())
        .put("updated", Instant.ofEpochMilli(updatedMillis).toString());
    result.ifPresent(r -> {
      JsonObject out = new JsonObject().put("status", r.status())
          .put("content_type", r.contentType());
      inline(r, out);
      json.put("result", out);
    });
    error.ifPresent(e -> json.put("error", e));
    return json;
  }

  public static String statusPath(String id) {
    return STATUS_PREFIX + id;
  }

  private static void inline(Result result, JsonObject out) {
    String type = result.contentType().toLowerCase(Locale.ROOT);
    Optional<String> text = utf8(result.body());
    if (text.isPresent() && type.contains("json")) {
      try {
        out.put("body", Json.decodeValue(text.get()));
        return;
      } catch (DecodeException e) {
        // Not the JSON it claims to be: give it as text.
      }
    }
    if (text.isPresent() && (type.startsWith("text/") || type.contains("json"))) {
      out.put("body", text.get());
    } else {
      out.put("body_base64", base64(result.body()));
    }
  }

  private static Optional<String> utf8(Buffer bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.getBytes())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String base64(Buffer bytes) {
    return Base64.getEncoder().encodeToString(bytes.getBytes());
  }

  private static Buffer unbase64(String text) {
    return Buffer.buffer(Base64.getDecoder().decode(text));
  }
}
