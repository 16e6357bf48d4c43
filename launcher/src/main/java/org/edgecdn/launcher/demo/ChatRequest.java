package org.edgecdn.launcher.demo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.edgecdn.predictor.llm.CanonicalJson;

/**
 * A parsed and validated OpenAI chat completion request: the fields the demo model reads, and
 * the canonical form its answer is derived from.
 *
 * @param canonical the request as canonical JSON without {@code stream} and
 *     {@code stream_options}: how an answer is delivered does not change what it says, so a
 *     streamed and a plain answer to one question carry the same text
 */
record ChatRequest(
    String model,
    List<Message> messages,
    Double temperature,
    Long seed,
    boolean stream,
    boolean includeUsage,
    String canonical) {

  /** The model named in answers to requests that name none. */
  static final String DEFAULT_MODEL = "edgecdn-demo";

  /** One chat message; {@code text} joins the text parts of multi-part content. */
  record Message(String role, String text) {}

  /** Why a request was refused, in OpenAI's terms: a message, the parameter and a code. */
  static final class Invalid extends Exception {
    private final String param;
    private final String code;

    Invalid(String message, String param, String code) {
      super(message);
      this.param = param;
      this.code = code;
    }

    /** {@code {"error":{"message":...,"type":"invalid_request_error","param":...}}}. */
    JsonObject toJson() {
      return new JsonObject().put("error", new JsonObject()
          .put("message", getMessage())
          .put("type", "invalid_request_error")
          .put("param", param)
          .put("code", code));
    }
  }

  static ChatRequest parse(Buffer body) throws Invalid {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new Invalid("We could not parse the JSON body of your request. Expected a JSON "
          + "object with 'model' and 'messages'.", null, null);
    }
    String model = optional(json, "model", String.class, "a string");
    Number temperature = optional(json, "temperature", Number.class, "a decimal");
    if (temperature != null
        && (temperature.doubleValue() < 0 || temperature.doubleValue() > 2)) {
      throw new Invalid("Invalid 'temperature': expected a value between 0 and 2, but got "
          + temperature + " instead.", "temperature", "decimal_out_of_range");
    }
    Number seed = optional(json, "seed", Number.class, "an integer");
    if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
      throw invalidType("seed", "an integer");
    }
    Boolean stream = optional(json, "stream", Boolean.class, "a boolean");
    JsonObject streamOptions = optional(json, "stream_options", JsonObject.class, "an object");
    boolean includeUsage = streamOptions != null
        && Boolean.TRUE.equals(streamOptions.getValue("include_usage"));

    JsonObject canonical = json.copy();
    canonical.remove("stream");
    canonical.remove("stream_options");
    return new ChatRequest(
        model == null ? DEFAULT_MODEL : model,
        messages(json),
        temperature == null ? null : temperature.doubleValue(),
        seed == null ? null : seed.longValue(),
        Boolean.TRUE.equals(stream),
        includeUsage,
        // Re-read, so nested values are plain maps and lists, as CanonicalJson takes them.
        CanonicalJson.write(new JsonObject(canonical.encode()).getMap()));
  }

  /** The last thing the user said; the answer quotes it. */
  String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) {
        return messages.get(i).text();
      }
    }
    return messages.get(messages.size() - 1).text();
  }

  /** Prompt size in whitespace-separated words, the demo's stand-in for tokens. */
  int promptTokens() {
    return messages.stream().mapToInt(message -> ChatReply.words(message.text())).sum();
  }

  private static List<Message> messages(JsonObject json) throws Invalid {
    Object value = json.getValue("messages");
    if (value == null) {
      throw new Invalid("Missing required parameter: 'messages'.", "messages",
          "missing_required_parameter");
    }
    if (!(value instanceof JsonArray array)) {
      throw invalidType("messages", "an array");
    }
    if (array.isEmpty()) {
      throw new Invalid("Invalid 'messages': empty array. Expected an array with minimum "
          + "length 1, but got an empty array instead.", "messages", "empty_array");
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String param = "messages[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject message)) {
        throw invalidType(param, "an object");
      }
      if (!(message.getValue("role") instanceof String role) || role.isBlank()) {
        throw new Invalid("Missing required parameter: '" + param + ".role'.",
            param + ".role", "missing_required_parameter");
      }
      messages.add(new Message(role, text(message.getValue("content"), param + ".content")));
    }
    return List.copyOf(messages);
  }

  /** Content is a string, a list of parts ({@code {"type":"text","text":...}}) or null. */
  private static String text(Object content, String param) throws Invalid {
    if (content == null) {
      return "";
    }
    if (content instanceof String string) {
      return string;
    }
    if (!(content instanceof JsonArray parts)) {
      throw invalidType(param, "a string or an array of content parts");
    }
    StringBuilder text = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof JsonObject object && "text".equals(object.getValue("type"))
          && object.getValue("text") instanceof String piece) {
        text.append(text.length() > 0 ? " " : "").append(piece);
      }
    }
    return text.toString();
  }

  private static <T> T optional(JsonObject json, String name, Class<T> type, String expected)
      throws Invalid {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw invalidType(name, expected);
    }
    return type.cast(value);
  }

  private static Invalid invalidType(String param, String expected) {
    return new Invalid("Invalid type for '" + param + "': expected " + expected + ".", param,
        "invalid_type");
  }
}
