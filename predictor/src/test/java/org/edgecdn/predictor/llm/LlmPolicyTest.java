package org.edgecdn.predictor.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.predictor.llm.LlmPolicy.Decision;
import org.edgecdn.predictor.llm.LlmPolicy.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmPolicyTest {

  private static final LlmPolicy POLICY = LlmPolicy.defaults();
  private static final LlmRoute CHAT = POLICY.route("/v1/chat/completions").orElseThrow();

  private static Map<String, Object> chat(Object... extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "demo-1");
    body.put("messages", List.of(
        Map.of("role", "system", "content", "Be brief."),
        Map.of("role", "user", "content", "Turn on the lights")));
    body.put("temperature", 0);
    for (int i = 0; i < extra.length; i += 2) {
      body.put((String) extra[i], extra[i + 1]);
    }
    return body;
  }

  private static Decision decide(Map<String, Object> body) {
    return POLICY.decide("shop", CHAT, body, Optional.empty(), false);
  }

  private static String key(Map<String, Object> body) {
    return ((Decision.Shared) decide(body)).key();
  }

  @Test
  void keyOrderAndNumberSpelling_doNotChangeTheKey() {
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("temperature", new BigDecimal("0.0"));
    reordered.put("messages", chat().get("messages"));
    reordered.put("model", "demo-1");

    assertThat(key(reordered)).isEqualTo(key(chat()));
    assertThat(CanonicalJson.write(Map.of("b", 1.0, "a", List.of(1e2, "x\n"))))
        .isEqualTo("{\"a\":[100,\"x\\n\"],\"b\":1}");
  }

  @ParameterizedTest
  @CsvSource({"model,demo-2", "max_tokens,5", "top_p,0.5", "stop,END", "stream,true", "n,2",
      "seed,7", "response_format,json", "tool_choice,none", "unknown_field,x"})
  void anyParameterChange_missesTheKey(String field, String value) {
    assertThat(key(chat(field, value))).isNotEqualTo(key(chat()));
  }

  @Test
  void messageTextIsKeptExactly_byDefault_butCanBeNormalized() {
    Map<String, Object> shouted = chat("messages", List.of(
        Map.of("role", "system", "content", "Be brief."),
        Map.of("role", "user", "content", "TURN ON   the lights!")));

    assertThat(key(shouted)).isNotEqualTo(key(chat()));
    LlmPolicy normalizing = new LlmPolicy(LlmRoute.defaults(), true, List.of(), true);
    assertThat(normalizing.key("shop", CHAT, shouted))
        .isEqualTo(normalizing.key("shop", CHAT, chat()));
  }

  @Test
  void turnOnAndTurnOff_neverShareAnAnswer() {
    Map<String, Object> off = chat("messages", List.of(
        Map.of("role", "system", "content", "Be brief."),
        Map.of("role", "user", "content", "Turn off the lights")));

    assertThat(key(off)).isNotEqualTo(key(chat()));
  }

  @Test
  void siteAndRoute_arePartOfTheKey() {
    assertThat(POLICY.key("blog", CHAT, chat())).isNotEqualTo(POLICY.key("shop", CHAT, chat()));
    assertThat(POLICY.key("shop", POLICY.route("/v1/completions").orElseThrow(), chat()))
        .isNotEqualTo(POLICY.key("shop", CHAT, chat()));
  }

  @Test
  void withoutTemperatureOrSeed_isNondeterministic_notCached() {
    Map<String, Object> body = chat();
    body.remove("temperature");

    assertThat(decide(body)).isEqualTo(new Decision.Bypass(Reason.NONDETERMINISTIC));
    assertThat(decide(chat("temperature", 0.7))).isEqualTo(
        new Decision.Bypass(Reason.NONDETERMINISTIC));
    assertThat(decide(chat("temperature", 0.7, "seed", 42))).isInstanceOf(Decision.Shared.class);
  }

  @Test
  void deterministicRoute_isSharedWhateverTheTemperature() {
    LlmRoute embeddings = POLICY.route("/v1/embeddings").orElseThrow();

    assertThat(POLICY.decide("shop", embeddings, Map.of("model", "e", "input", "hi"),
        Optional.empty(), false)).isInstanceOf(Decision.Shared.class);
  }

  @Test
  void clientNoStore_isNeverCached() {
    assertThat(POLICY.decide("shop", CHAT, chat(), Optional.empty(), true))
        .isEqualTo(new Decision.Bypass(Reason.NOSTORE));
  }

  @Test
  void userField_makesAPerUserEntry_distinctPerUserAndFromTheSharedOne() {
    Decision alice = decide(chat("user", "alice"));
    Decision bob = decide(chat("user", "bob"));

    assertThat(alice).isInstanceOf(Decision.PerUser.class);
    assertThat(((Decision.PerUser) alice).key()).isNotEqualTo(((Decision.PerUser) bob).key())
        .isNotEqualTo(key(chat()));
  }

  @Test
  void identityFromHeaderOrCredential_isPerUser_orBypassedWhenTheSiteForbids() {
    assertThat(POLICY.decide("shop", CHAT, chat(), Optional.of("header:x-user-id=7"), false))
        .isInstanceOf(Decision.PerUser.class);
    LlmPolicy sharedOnly = new LlmPolicy(LlmRoute.defaults(), false, List.of(), false);
    assertThat(sharedOnly.decide("shop", CHAT, chat("user", "alice"), Optional.empty(), false))
        .isEqualTo(new Decision.Bypass(Reason.PERSONALIZED));
  }

  @Test
  void answerCheck_storesOnlyNormalEnds() {
    assertThat(AnswerCheck.refusal(200, null, List.of("stop"))).isEmpty();
    assertThat(AnswerCheck.refusal(200, "max-age=60", List.of("length"))).isEmpty();
    assertThat(AnswerCheck.refusal(200, null, List.of("tool_calls"))).isPresent();
    assertThat(AnswerCheck.refusal(200, null, List.of())).isPresent();
    assertThat(AnswerCheck.refusal(500, null, List.of("stop"))).contains("status 500");
    assertThat(AnswerCheck.refusal(200, "private, max-age=5", List.of("stop"))).isPresent();
    assertThat(AnswerCheck.refusal(200, "no-store", List.of("stop"))).isPresent();
  }

  @Test
  void sseTranscript_isCompleteOnlyWithDone_andKeepsEventBoundaries() {
    String stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\ndata: [DONE]\n\n";
    SseTranscript done = SseTranscript.read(stream);

    assertThat(done.complete()).isTrue();
    assertThat(done.events()).hasSize(3);
    assertThat(done.data()).containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
    assertThat(SseTranscript.read("data: {\"a\":1}\n\ndata: {\"b\"").complete()).isFalse();
  }
}
