package org.edgecdn.predictor.llm;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One LLM route of a site: requests to {@code path} (POST, OpenAI-compatible JSON) are cached by
 * the LLM-answer policy rather than forwarded as ordinary POSTs.
 *
 * @param deterministic the site declares that answers on this route do not vary (embeddings do
 *     not; chat does unless temperature is 0 or a seed is given)
 * @param ttl how long an answer is kept
 * @param async every request on the route becomes a task: the edge answers {@code 202} with the
 *     task's id at once and the client reads the answer from {@code /_cdn/tasks/{id}} later.
 *     Without it a client still gets a task by sending {@code Prefer: respond-async}
 * @param taskTtl how long a task, and its result once it has one, stays readable
 * @param webhook where a finished task of this route is posted, if anywhere
 */
public record LlmRoute(String path, boolean deterministic, Duration ttl, boolean async,
    Duration taskTtl, Optional<URI> webhook) {

  /** An hour, as Cloudflare AI Gateway and Helicone default to. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  /** An hour: long enough to poll a slow answer, short enough to hold little. */
  public static final Duration DEFAULT_TASK_TTL = Duration.ofHours(1);

  public LlmRoute {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(taskTtl, "taskTtl");
    Objects.requireNonNull(webhook, "webhook");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("LLM route '" + path + "' must start with /");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("LLM route " + path + ": ttl must be positive");
    }
    if (taskTtl.isNegative() || taskTtl.isZero()) {
      throw new IllegalArgumentException("LLM route " + path + ": task-ttl must be positive");
    }
  }

  /** A route answered while the client waits (tasks only on {@code Prefer: respond-async}). */
  public LlmRoute(String path, boolean deterministic, Duration ttl) {
    this(path, deterministic, ttl, false, DEFAULT_TASK_TTL, Optional.empty());
  }

  /** Chat and completions (deterministic only when the request says so), embeddings (always). */
  public static List<LlmRoute> defaults() {
    return List.of(
        new LlmRoute("/v1/chat/completions", false, DEFAULT_TTL),
        new LlmRoute("/v1/completions", false, DEFAULT_TTL),
        new LlmRoute("/v1/embeddings", true, DEFAULT_TTL));
  }
}
