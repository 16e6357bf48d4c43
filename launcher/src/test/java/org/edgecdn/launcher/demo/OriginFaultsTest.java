package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.edgecdn.launcher.demo.DemoOriginFixture.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo origin's fault switch, over real HTTP: failing, slow, and always reachable. */
class OriginFaultsTest {

  private static final String PAGE = "/static/app.css";
  private static final String CHAT = "/v1/chat/completions";
  private static final String QUESTION = """
      {"model":"gpt-4o-mini","temperature":0,"messages":[
        {"role":"user","content":"What is a CDN?"}]}""";

  private DemoOriginFixture origin;

  @BeforeEach
  void start() {
    origin = DemoOriginFixture.start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private Reply post(String query) {
    return origin.send(HttpMethod.POST, OriginFaults.PATH + query, null);
  }

  @Test
  void status_everyAnswerFailsWithIt_unstored_untilCleared() {
    assertThat(post("?status=503").json().getInteger("status")).isEqualTo(503);

    Reply failed = origin.get(PAGE);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.header("Cache-Control")).isEqualTo("no-store");
    assertThat(origin.postJson(CHAT, QUESTION).status()).isEqualTo(503);
    assertThat(origin.get(OriginFaults.PATH).json().getInteger("status")).isEqualTo(503);

    Reply cleared = origin.send(HttpMethod.DELETE, OriginFaults.PATH, null);
    assertThat(cleared.json().getInteger("status")).isZero();
    assertThat(origin.get(PAGE).status()).isEqualTo(200);
  }

  @Test
  void delay_holdsEachAnswer_andABodyStillArrivesWhole() {
    Reply before = origin.postJson(CHAT, QUESTION);
    post("?delay=300ms");

    long started = System.nanoTime();
    Reply page = origin.get(PAGE);
    Reply chat = origin.postJson(CHAT, QUESTION);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(page.status()).isEqualTo(200);
    assertThat(chat.status()).isEqualTo(200);
    assertThat(chat.json().getJsonArray("choices")).isEqualTo(before.json()
        .getJsonArray("choices"));
    assertThat(tookMillis).isGreaterThanOrEqualTo(600);
  }

  @Test
  void theSwitchItself_isNeverHeldNorFailed() {
    post("?delay=20s&status=500");

    long started = System.nanoTime();
    Reply shown = origin.get(OriginFaults.PATH);
    Reply cleared = origin.send(HttpMethod.DELETE, OriginFaults.PATH, null);

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
    assertThat(shown.json().getLong("delay_ms")).isEqualTo(20_000);
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(origin.get(PAGE).status()).isEqualTo(200);
  }

  @Test
  void badValues_are400s_thatSayWhatIsExpected_andChangeNothing() {
    assertThat(post("?delay=soon").text()).contains("300ms");
    assertThat(post("?delay=1h").status()).isEqualTo(400);
    Reply notAFailure = post("?status=404");

    assertThat(notAFailure.status()).isEqualTo(400);
    assertThat(notAFailure.text()).contains("500 to 599");
    assertThat(origin.get(PAGE).status()).isEqualTo(200);
  }

  @Test
  void throughACdn_theSwitchRefuses_andChangesNothing() {
    Reply viaEdge = origin.send(HttpMethod.POST, OriginFaults.PATH + "?status=503", null,
        "Via", "1.1 edge-eu", "X-Forwarded-For", "203.0.113.9");
    Reply forwarded = origin.send(HttpMethod.DELETE, OriginFaults.PATH, null,
        "Forwarded", "for=203.0.113.9");

    assertThat(viaEdge.status()).isEqualTo(403);
    assertThat(forwarded.status()).isEqualTo(403);
    assertThat(origin.get(PAGE).status()).isEqualTo(200);
  }
}
