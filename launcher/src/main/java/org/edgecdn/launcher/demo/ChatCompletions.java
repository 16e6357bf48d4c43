package org.edgecdn.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible: a JSON answer, or with
 * {@code "stream": true} server-sent events, one chunk per word and {@code data: [DONE]} last.
 *
 * <p>The answer comes after {@code chatDelay}, on a timer, never by blocking the event loop. The
 * response has no Cache-Control on purpose: whether an LLM answer may be shared is the edge's
 * decision (DESIGN.md §7), not something the demo origin should pre-empt. The Authorization
 * header is neither required nor recorded: the CDN adds the provider key on the way here.
 */
final class ChatCompletions {

  static final String PATH = "/v1/chat/completions";

  /** SSE is always UTF-8 (WHATWG HTML §9.2), so the media type takes no charset. */
  static final String EVENT_STREAM = "text/event-stream";

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletions.class);
  private static final long MAX_BODY_BYTES = 1 << 20;
  private static final Duration WORD_DELAY = Duration.ofMillis(5);
  private static final String FINGERPRINT = "fp_edgecdn_demo";

  private final Vertx vertx;
  private final Duration delay;
  private final Duration wordDelay;
  private final long created;

  ChatCompletions(Vertx vertx, Duration delay, Instant deployedAt) {
    this.vertx = vertx;
    this.delay = delay;
    // A test that asks for no delay gets none between words either.
    this.wordDelay = delay.compareTo(WORD_DELAY) < 0 ? delay : WORD_DELAY;
    this.created = deployedAt.getEpochSecond();
  }

  void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader(HttpHeaders.ALLOW, "POST");
      error(request, 405, new ChatRequest.Invalid(
          "Only POST is supported on " + PATH + ".", null, "method_not_allowed"));
      return;
    }
    // Bodies are read whole, so a declared size that is too large is refused before reading.
    if (declaredLength(request) > MAX_BODY_BYTES) {
      error(request, 413, new ChatRequest.Invalid(
          "Request body is larger than " + MAX_BODY_BYTES + " bytes.", null, "too_large"));
      return;
    }
    request.body()
        .compose(body -> answer(request, body))
        .onFailure(failure -> abandon(request, failure));
  }

  private Future<Void> answer(HttpServerRequest request, Buffer body) {
    ChatRequest chat;
    try {
      chat = ChatRequest.parse(body);
    } catch (ChatRequest.Invalid invalid) {
      return error(request, 400, invalid);
    }
    ChatReply reply = ChatReply.answer(chat);
    return pause(delay).compose(v -> chat.stream()
        ? stream(request.response(), chat, reply)
        : complete(request.response(), chat, reply));
  }

  private Future<Void> complete(HttpServerResponse response, ChatRequest chat, ChatReply reply) {
    JsonObject message = new JsonObject().put("role", "assistant").put("content", reply.content());
    JsonObject body = envelope("chat.completion", chat, reply)
        .put("choices", new JsonArray().add(new JsonObject()
            .put("index", 0)
            .put("message", message)
            .put("logprobs", null)
            .put("finish_reason", "stop")))
        .put("usage", usage(reply));
    return response.putHeader(HttpHeaders.CONTENT_TYPE, ProductApi.JSON).end(body.encode());
  }

  /**
   * The OpenAI chunk sequence: the role, one chunk per word with {@code wordDelay} between,
   * an empty delta with the finish reason, usage when asked for, then {@code [DONE]}.
   */
  private Future<Void> stream(HttpServerResponse response, ChatRequest chat, ChatReply reply) {
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM);
    Future<Void> sent = response.write(
        event(chunk(chat, reply, new JsonObject().put("role", "assistant").put("content", ""),
            null)));
    for (String delta : reply.deltas()) {
      sent = sent
          .compose(v -> pause(wordDelay))
          .compose(v -> response.write(
              event(chunk(chat, reply, new JsonObject().put("content", delta), null))));
    }
    sent = sent.compose(v -> response.write(event(chunk(chat, reply, new JsonObject(), "stop"))));
    if (chat.includeUsage()) {
      sent = sent.compose(v -> response.write(event(envelope("chat.completion.chunk", chat, reply)
          .put("choices", new JsonArray())
          .put("usage", usage(reply)))));
    }
    return sent.compose(v -> response.end("data: [DONE]\n\n"));
  }

  private JsonObject chunk(ChatRequest chat, ChatReply reply, JsonObject delta, String finish) {
    return envelope("chat.completion.chunk", chat, reply)
        .put("choices", new JsonArray().add(new JsonObject()
            .put("index", 0)
            .put("delta", delta)
            .put("logprobs", null)
            .put("finish_reason", finish)));
  }

  private JsonObject envelope(String object, ChatRequest chat, ChatReply reply) {
    return new JsonObject()
        .put("id", reply.id())
        .put("object", object)
        .put("created", created)
        .put("model", chat.model())
        .put("system_fingerprint", FINGERPRINT);
  }

  private static JsonObject usage(ChatReply reply) {
    return new JsonObject()
        .put("prompt_tokens", reply.promptTokens())
        .put("completion_tokens", reply.completionTokens())
        .put("total_tokens", reply.totalTokens());
  }

  private static Buffer event(JsonObject data) {
    return Buffer.buffer("data: " + data.encode() + "\n\n");
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Future<Void> pause(Duration duration) {
    long millis = duration.toMillis();
    return millis <= 0 ? Future.succeededFuture() : vertx.timer(millis, TimeUnit.MILLISECONDS);
  }

  private static Future<Void> error(HttpServerRequest request, int status,
      ChatRequest.Invalid invalid) {
    return request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, ProductApi.JSON)
        .end(invalid.toJson().encode());
  }

  /** The client went away or the body could not be read: nothing useful is left to send. */
  private static void abandon(HttpServerRequest request, Throwable failure) {
    LOG.debug("demo origin: chat completion abandoned: {}", failure.toString());
    HttpServerResponse response = request.response();
    if (!response.headWritten() && !response.closed()) {
      response.setStatusCode(500).end();
    } else if (!response.ended()) {
      response.reset();
    }
  }
}
