package org.edgecdn.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.edgecdn.testkit.Await;
import org.edgecdn.testkit.ScriptedOrigin;
import org.edgecdn.testkit.ScriptedOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission by Host, which the edge remembers per field value (SiteRouter): the memo must never
 * answer one request with another's site, whatever the connection or the protocol.
 */
class EdgeAdmissionTest {

  private static final String HOST = "www.shop.example";

  private Vertx vertx;
  private ScriptedOrigin origin;
  private EdgeNode edge;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    origin = Await.result(ScriptedOrigin.start(vertx, got -> Reply.ok("hello from origin")));
    edge = TestEdges.start(vertx, HOST, origin.baseUrl());
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private String oneConnection(String requests) {
    return TestEdges.oneConnection(vertx, edge, requests);
  }

  /** The status lines in {@code responses} (a body need not end with a line break). */
  private static String statusLines(String responses) {
    return String.join("|", STATUS_LINE.matcher(responses).results().map(m -> m.group())
        .toList());
  }

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] \\d{3} [^\\r\\n]*");

  @Test
  void admission_twoRequestsOnOneConnection_namingDifferentHosts_eachGetsItsOwnAnswer() {
    String read = oneConnection("GET /a HTTP/1.1\r\nHost: www.shop.example\r\n\r\n"
        + "GET /b HTTP/1.1\r\nHost: www.other.example\r\n\r\n"
        + "GET /c HTTP/1.1\r\nHost: WWW.Shop.Example:8080\r\n\r\n"
        + "GET /d HTTP/1.1\r\nHost: www.other.example\r\nConnection: close\r\n\r\n");

    assertThat(statusLines(read)).as(read).isEqualTo(
        "HTTP/1.1 200 OK|HTTP/1.1 421 Misdirected Request|HTTP/1.1 200 OK"
            + "|HTTP/1.1 421 Misdirected Request");
    assertThat(origin.received()).extracting(r -> r.uri()).containsExactly("/a", "/c");
  }

  @Test
  void admission_http10WithoutHost_gets400_andALaterRequestWithHostIsServed() {
    String withoutHost = oneConnection("GET / HTTP/1.0\r\n\r\n");
    String invalid = oneConnection("GET / HTTP/1.1\r\nHost: www.shop.example:port\r\n"
        + "Connection: close\r\n\r\n");
    String withHost = oneConnection("GET / HTTP/1.0\r\nHost: www.shop.example\r\n\r\n");

    assertThat(statusLines(withoutHost)).isEqualTo("HTTP/1.0 400 Bad Request");
    assertThat(withoutHost).contains("edge-t; detail=missing-host");
    assertThat(statusLines(invalid)).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(statusLines(withHost)).isEqualTo("HTTP/1.0 200 OK");
  }

  @Test
  void admission_http2_usesTheAuthority() {
    HttpClient h2 = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false), new PoolOptions());

    List<Integer> statuses = List.of(status(h2, HOST, 80), status(h2, "www.other.example", 80),
        status(h2, "WWW.Shop.Example", 8443));

    assertThat(statuses).containsExactly(200, 421, 200);
    assertThat(origin.received()).allSatisfy(r -> assertThat(r.headers().get("Host"))
        .isEqualTo(HOST));
  }

  /** A GET over {@code client} with {@code :authority} host[:port]; its status. */
  private int status(HttpClient client, String host, int port) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(edge.port(), "127.0.0.1"))
        .setHost(host).setPort(port).setURI("/h2");
    return Await.result(client.request(options).compose(request -> request.send()
        .compose(response -> {
          assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
          return response.body().map(b -> response.statusCode());
        })));
  }

  @Test
  void admission_customDomainAddedAfterARefusal_isAdmittedByTheNextRequest() {
    String before = oneConnection("GET / HTTP/1.1\r\nHost: www.their-site.top\r\n"
        + "Connection: close\r\n\r\n");
    edge.siteRouter().replaceCustomDomains(Map.of("www.their-site.top", "shop"));
    String after = oneConnection("GET / HTTP/1.1\r\nHost: www.their-site.top\r\n"
        + "Connection: close\r\n\r\n");
    edge.siteRouter().replaceCustomDomains(Map.of());
    String removed = oneConnection("GET / HTTP/1.1\r\nHost: www.their-site.top\r\n"
        + "Connection: close\r\n\r\n");

    assertThat(statusLines(before)).isEqualTo("HTTP/1.1 421 Misdirected Request");
    assertThat(statusLines(after)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(statusLines(removed)).isEqualTo("HTTP/1.1 421 Misdirected Request");
  }
}
