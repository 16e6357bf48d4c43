package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.edgecdn.launcher.demo.DemoOriginFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible endpoint, over real HTTP with a 10 ms chat delay. */
class ChatCompletionsTest {

  private static final String PATH = "/v1/chat/completions";
  private static final String QUESTION = """
      {"model":"gpt-4o-mini","temperature":0,"messages":[
        {"role":"system","content":"You are a shop assistant."},
        {"role":"user","content":"What is a CDN?"}]}""";

  private static DemoOriginFixture origin;

  @BeforeAll
  static void start() {
    origin = DemoOriginFixture.start();
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  @Test
  void chatCompletion_sameRequest_sameAnswer() {
    Reply first = origin.postJson(PATH, QUESTION);
    Reply second = origin.postJson(PATH, QUESTION);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Content-Type")).isEqualTo("application/json");
    assertThat(first.header("Cache-Control")).isNull();
    assertThat(second.text()).isEqualTo(first.text());
    JsonObject answer = first.json();
    assertThat(answer.getString("id")).matches("chatcmpl-[0-9a-f]{24}");
    assertThat(answer.getString("object")).isEqualTo("chat.completion");
    assertThat(answer.getLong("created"))
        .isEqualTo(DemoOriginFixture.DEPLOYED_AT.getEpochSecond());
    assertThat(answer.getString("model")).isEqualTo("gpt-4o-mini");
    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
    String content = choice.getJsonObject("message").getString("content");
    assertThat(content).contains("\"What is a CDN?\"");
    JsonObject usage = answer.getJsonObject("usage");
    assertThat(usage.getInteger("prompt_tokens")).isEqualTo(9);
    assertThat(usage.getInteger("completion_tokens")).isEqualTo(content.split(" ").length);
    assertThat(usage.getInteger("total_tokens"))
        .isEqualTo(usage.getInteger("prompt_tokens") + usage.getInteger("completion_tokens"));
  }

  @Test
  void chatCompletion_differentMessage_differentAnswer() {
    String other = QUESTION.replace("What is a CDN?", "What is an origin shield?");

    assertThat(content(origin.postJson(PATH, other)))
        .isNotEqualTo(content(origin.postJson(PATH, QUESTION)))
        .contains("What is an origin shield?");
  }

  @Test
  void chatCompletion_sameRequestSpelledDifferently_sameAnswer() {
    String respelled = """
        {"messages":[{"content":"You are a shop assistant.","role":"system"},
          {"content":"What is a CDN?","role":"user"}],
         "temperature":0.0, "model":"gpt-4o-mini"}""";

    assertThat(content(origin.postJson(PATH, respelled)))
        .isEqualTo(content(origin.postJson(PATH, QUESTION)));
  }

  @Test
  void chatCompletion_withoutAuthorization_stillAnswers() {
    Reply withKey = origin.send(HttpMethod.POST, PATH, Buffer.buffer(QUESTION),
        "Content-Type", "application/json", "Authorization", "Bearer sk-demo");

    assertThat(withKey.status()).isEqualTo(200);
    assertThat(content(withKey)).isEqualTo(content(origin.postJson(PATH, QUESTION)));
  }

  @Test
  void chatCompletion_answersAfterTheChatDelay() {
    long start = System.nanoTime();

    origin.postJson(PATH, QUESTION);

    assertThat((System.nanoTime() - start) / 1_000_000)
        .isGreaterThanOrEqualTo(DemoOriginFixture.CHAT_DELAY.toMillis());
  }

  @Test
  void chatCompletion_stream_sendsOneChunkPerWordThenDone() {
    String streaming = QUESTION.replace("{\"model\"", "{\"stream\":true,\"model\"");

    Reply stream = origin.postJson(PATH, streaming);

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
    assertThat(stream.header("Cache-Control")).isNull();
    List<String> events = events(stream.text());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
        .map(JsonObject::new).toList();
    assertThat(chunks).allSatisfy(chunk ->
        assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk"));
    assertThat(delta(chunks.get(0)).getString("role")).isEqualTo("assistant");
    assertThat(choice(chunks.get(chunks.size() - 1)).getString("finish_reason")).isEqualTo("stop");
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(delta(chunk).getString("content", "")));
    String plain = content(origin.postJson(PATH, QUESTION));
    assertThat(text.toString()).isEqualTo(plain);
    assertThat(chunks).hasSize(plain.split(" ").length + 2);
  }

  @Test
  void chatCompletion_streamWithIncludeUsage_sendsUsageBeforeDone() {
    String streaming = QUESTION.replace("{\"model\"",
        "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\"");

    List<String> events = events(origin.postJson(PATH, streaming).text());

    JsonObject last = new JsonObject(events.get(events.size() - 2));
    assertThat(last.getJsonArray("choices")).isEmpty();
    assertThat(last.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(9);
  }

  @Test
  void chatCompletion_badJson_answers400InvalidRequest() {
    Reply reply = origin.postJson(PATH, "{\"messages\": [");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("message")).contains("could not parse the JSON body");
  }

  @Test
  void chatCompletion_missingMessages_answers400NamingTheParameter() {
    JsonObject error = origin.postJson(PATH, "{\"model\":\"gpt-4o-mini\"}").json()
        .getJsonObject("error");

    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("param")).isEqualTo("messages");
    assertThat(error.getString("code")).isEqualTo("missing_required_parameter");
  }

  @Test
  void chatCompletion_wrongTypes_answer400() {
    assertThat(origin.postJson(PATH, "{\"messages\":[]}").status()).isEqualTo(400);
    assertThat(origin.postJson(PATH, "{\"messages\":\"hi\"}").status()).isEqualTo(400);
    assertThat(origin.postJson(PATH, QUESTION.replace("\"temperature\":0",
        "\"temperature\":\"hot\"")).json().getJsonObject("error").getString("param"))
        .isEqualTo("temperature");
  }

  @Test
  void chatCompletion_get_answers405() {
    Reply reply = origin.get(PATH);

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("POST");
  }

  private static String content(Reply reply) {
    return reply.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
        .getString("content");
  }

  private static JsonObject choice(JsonObject chunk) {
    return chunk.getJsonArray("choices").getJsonObject(0);
  }

  private static JsonObject delta(JsonObject chunk) {
    return choice(chunk).getJsonObject("delta");
  }

  /** The data of each server-sent event; every event here is one {@code data:} line. */
  private static List<String> events(String body) {
    List<String> events = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      events.add(event.substring("data: ".length()));
    }
    return events;
  }
}
