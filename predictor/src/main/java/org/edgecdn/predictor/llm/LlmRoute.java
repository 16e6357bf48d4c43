package org.edgecdn.predictor.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One LLM route of a site: requests to {@code path} (POST, OpenAI-compatible JSON) are cached by
 * the LLM-answer policy rather than forwarded as ordinary POSTs.
 *
 * @param deterministic the site declares that answers on this route do not vary (embeddings do
 *     not; chat does unless temperature is 0 or a seed is given)
 * @param ttl how long an answer is kept
 */
public record LlmRoute(String path, boolean deterministic, Duration ttl) {

  /** An hour, as Cloudflare AI Gateway and Helicone default to. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  public LlmRoute {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(ttl, "ttl");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("LLM route '" + path + "' must start with /");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("LLM route " + path + ": ttl must be positive");
    }
  }

  /** Chat and completions (deterministic only when the request says so), embeddings (always). */
  public static List<LlmRoute> defaults() {
    return List.of(
        new LlmRoute("/v1/chat/completions", false, DEFAULT_TTL),
        new LlmRoute("/v1/completions", false, DEFAULT_TTL),
        new LlmRoute("/v1/embeddings", true, DEFAULT_TTL));
  }
}
