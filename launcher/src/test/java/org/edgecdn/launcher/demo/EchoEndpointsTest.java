package org.edgecdn.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.edgecdn.launcher.demo.DemoOriginFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints that show what reached the origin: /echo/* and the WebSocket echo. */
class EchoEndpointsTest {

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
  void echoHeaders_reflectsHeadersMethodAndPath() {
    Reply reply = origin.get("/echo/headers?x=1", "X-Forwarded-For", "203.0.113.7",
        "Accept", "text/html", "Accept", "application/json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    JsonObject echo = reply.json();
    assertThat(echo.getString("method")).isEqualTo("GET");
    assertThat(echo.getString("path")).isEqualTo("/echo/headers");
    assertThat(echo.getString("query")).isEqualTo("x=1");
    assertThat(echo.getString("version")).isEqualTo("HTTP/1.1");
    assertThat(echo.getLong("bodyLength")).isZero();
    JsonObject headers = echo.getJsonObject("headers");
    assertThat(headers.getJsonArray("x-forwarded-for")).containsExactly("203.0.113.7");
    assertThat(headers.getJsonArray("accept")).containsExactly("text/html", "application/json");
    assertThat(headers.getJsonArray("host").getString(0))
        .isEqualTo("127.0.0.1:" + origin.origin.port());
  }

  @Test
  void echo_anyMethodWithBody_countsTheBodyBytes() {
    Buffer body = Buffer.buffer(new byte[100_000]);

    JsonObject echo = origin.send(HttpMethod.PUT, "/echo/upload", body).json();

    assertThat(echo.getString("method")).isEqualTo("PUT");
    assertThat(echo.getString("path")).isEqualTo("/echo/upload");
    assertThat(echo.getLong("bodyLength")).isEqualTo(100_000);
    assertThat(origin.send(HttpMethod.DELETE, "/echo/x", null).json().getString("method"))
        .isEqualTo("DELETE");
  }

  @Test
  void webSocketEcho_sendsTextAndBinaryBack() {
    WebSocketClient client = origin.vertx.createWebSocketClient();
    try {
      WebSocket socket = DemoOriginFixture.await(
          client.connect(origin.origin.port(), DemoOriginFixture.HOST, "/ws/echo"));
      Promise<String> text = Promise.promise();
      Promise<Buffer> binary = Promise.promise();
      socket.textMessageHandler(text::tryComplete);
      socket.binaryMessageHandler(binary::tryComplete);

      socket.writeTextMessage("hello edge");
      socket.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3}));

      assertThat(DemoOriginFixture.await(text.future())).isEqualTo("hello edge");
      assertThat(DemoOriginFixture.await(binary.future()).getBytes())
          .containsExactly(1, 2, 3);
      DemoOriginFixture.await(socket.close());
    } finally {
      DemoOriginFixture.await(client.close());
    }
  }

  @Test
  void webSocketEcho_plainGet_answers426() {
    Reply reply = origin.get("/ws/echo");

    assertThat(reply.status()).isEqualTo(426);
    assertThat(reply.header("Upgrade")).isEqualTo("websocket");
  }
}
