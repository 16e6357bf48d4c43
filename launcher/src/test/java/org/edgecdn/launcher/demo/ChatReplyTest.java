package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The demo model and request parsing, without sockets. */
class ChatReplyTest {

  @Test
  void canonical_keyOrderWhitespaceAndNumberSpelling_ignored() throws Exception {
    ChatRequest a = parse("{\"model\":\"m\",\"temperature\":0.50,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    ChatRequest b = parse(
        "{ \"messages\": [ {\"content\":\"hi\", \"role\":\"user\"} ], \"temperature\": 0.5,"
            + " \"model\": \"m\" }");

    assertThat(a.canonical()).isEqualTo(b.canonical());
    assertThat(ChatReply.answer(a)).isEqualTo(ChatReply.answer(b));
  }

  @Test
  void canonical_streamFlags_ignored() throws Exception {
    ChatRequest plain = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    ChatRequest streamed = parse("{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(streamed.stream()).isTrue();
    assertThat(streamed.includeUsage()).isTrue();
    assertThat(ChatReply.answer(streamed).content()).isEqualTo(ChatReply.answer(plain).content());
  }

  @Test
  void answer_otherSamplingParameters_otherWords() throws Exception {
    ChatRequest seed1 = parse("{\"seed\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    ChatRequest seed2 = parse("{\"seed\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(ChatReply.answer(seed1).id()).isNotEqualTo(ChatReply.answer(seed2).id());
    assertThat(ChatReply.answer(seed1).content()).isNotEqualTo(ChatReply.answer(seed2).content());
  }

  @Test
  void answer_quotesLastUserMessageOnOneShortLine() throws Exception {
    String longQuestion = "Tell me\nabout   caching " + "very ".repeat(30) + "much";
    ChatRequest request = parse("{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},"
        + "{\"role\":\"user\",\"content\":\"" + longQuestion.replace("\n", "\\n") + "\"},"
        + "{\"role\":\"assistant\",\"content\":\"sure\"}]}");

    String content = ChatReply.answer(request).content();

    assertThat(content).contains("\"Tell me about caching very very").contains("...\"")
        .doesNotContain("first").doesNotContain("\n");
  }

  @Test
  void answer_multipartContent_readsTextParts() throws Exception {
    ChatRequest request = parse("{\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"describe\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}},"
        + "{\"type\":\"text\",\"text\":\"this\"}]}]}");

    assertThat(request.lastUserText()).isEqualTo("describe this");
    assertThat(request.promptTokens()).isEqualTo(2);
  }

  @Test
  void deltas_concatenateToTheContent() throws Exception {
    ChatReply reply = ChatReply.answer(
        parse("{\"messages\":[{\"role\":\"user\",\"content\":\"What is  a PoP?\"}]}"));

    assertThat(String.join("", reply.deltas())).isEqualTo(reply.content());
    assertThat(reply.deltas()).hasSize(reply.completionTokens());
  }

  @Test
  void parse_invalidRequests_nameTheParameter() {
    assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(ChatRequest.Invalid.class);
    assertThatThrownBy(() -> parse("{\"messages\":[{\"content\":\"x\"}]}"))
        .hasMessageContaining("messages[0].role");
    assertThatThrownBy(() -> parse(
        "{\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .hasMessageContaining("between 0 and 2");
    assertThatThrownBy(() -> parse(
        "{\"seed\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .hasMessageContaining("'seed'");
  }

  private static ChatRequest parse(String json) throws ChatRequest.Invalid {
    return ChatRequest.parse(Buffer.buffer(json));
  }
}
