package org.edgecdn.loadtest.workload;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * OpenAI-style chat completion requests: {@code POST} a JSON body with a model, one user
 * message and {@code temperature: 0} (a deterministic request, the kind an edge may share).
 *
 * <p>A share {@code repeat} of the requests reuses a prompt sent earlier in the run, drawn
 * uniformly from those; the rest ask a new one. Prompt {@code n} is a pure function of the seed
 * and {@code n}, so the workload keeps no prompt text in memory and two runs with one seed send
 * the same bodies in the same order.
 */
public final class LlmPromptWorkload implements Workload {

  public static final String DEFAULT_PATH = "/v1/chat/completions";
  public static final String DEFAULT_MODEL = "edgecdn-demo";

  private static final String[] WORDS = {
    "cache", "edge", "origin", "latency", "purge", "shield", "token", "header", "request",
    "stale", "fresh", "vary", "cookie", "region", "budget", "replica", "queue", "packet",
    "route", "anycast", "resolver", "zone", "record", "object", "stream", "chunk", "range",
    "index", "vector", "prompt", "answer", "model", "policy", "tenant", "quota", "metric",
    "trace", "window", "backoff", "retry", "timeout", "socket", "kernel", "thread", "heap",
    "entropy", "checksum", "deploy", "rollback", "canary", "shard", "ledger", "schema"
  };
  private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

  private final String path;
  private final String model;
  private final double repeat;
  private final int words;
  private final long seed;
  private final SplittableRandom random;
  private long created;
  private long repeated;

  public LlmPromptWorkload(String path, String model, double repeat, int words, long seed) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    if (!(repeat >= 0 && repeat <= 1)) {
      throw new IllegalArgumentException("repeat: a share between 0 and 1, got " + repeat);
    }
    this.path = path;
    this.model = model;
    this.repeat = repeat;
    this.words = words;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** Settings: path, model, repeat (0..1), words (per prompt). */
  static Workload create(WorkloadSettings settings, long seed) {
    return new LlmPromptWorkload(settings.text("path", DEFAULT_PATH),
        settings.text("model", DEFAULT_MODEL), settings.decimal("repeat", 0.5, 0, 1),
        (int) settings.integer("words", 12, 1, 1000), seed);
  }

  @Override
  public LoadRequest next() {
    long n;
    if (created > 0 && random.nextDouble() < repeat) {
      n = random.nextLong(created);
      repeated++;
    } else {
      n = created++;
    }
    JsonObject body = new JsonObject()
        .put("model", model)
        .put("messages", new JsonArray().add(new JsonObject()
            .put("role", "user").put("content", prompt(n))))
        .put("temperature", 0);
    return new LoadRequest("POST", path, HEADERS, Buffer.buffer(body.encode()));
  }

  /** The text of prompt {@code n}: numbered, so distinct prompts never collide. */
  public String prompt(long n) {
    SplittableRandom words = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
    StringBuilder text = new StringBuilder("Question ").append(n).append(": explain");
    for (int i = 0; i < this.words; i++) {
      text.append(' ').append(WORDS[words.nextInt(WORDS.length)]);
    }
    return text.append('?').toString();
  }

  /** Requests so far that reused an earlier prompt. */
  public long repeated() {
    return repeated;
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "llm: POST %s, model %s, %.0f%% repeated prompts, "
        + "temperature 0", path, model, repeat * 100);
  }
}
