package org.edgecdn.launcher.demo;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /echo/*}, any method: answers what arrived, as JSON, so a test can see exactly what the
 * CDN forwarded (headers added, dropped or rewritten, the method, the body size). The body is
 * counted as it streams by, never buffered, so large uploads cost no memory.
 *
 * <p>Header names are lower-cased (they are case-insensitive, and HTTP/2 sends them so) and
 * every header maps to the list of its values in arrival order.
 */
final class RequestEcho {

  static final String PREFIX = "/echo/";

  private RequestEcho() {}

  static void handle(HttpServerRequest request) {
    long[] bodyLength = {0};
    request.handler(chunk -> bodyLength[0] += chunk.length());
    request.end().onSuccess(v -> {
      JsonObject headers = new JsonObject();
      for (Map.Entry<String, String> header : request.headers()) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        JsonArray values = headers.getJsonArray(name);
        if (values == null) {
          values = new JsonArray();
          headers.put(name, values);
        }
        values.add(header.getValue());
      }
      JsonObject echo = new JsonObject()
          .put("method", request.method().name())
          .put("path", request.path())
          .put("query", request.query())
          .put("version", version(request.version()))
          .put("remoteAddress", String.valueOf(request.remoteAddress()))
          .put("headers", headers)
          .put("bodyLength", bodyLength[0]);
      request.response()
          .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE)
          .putHeader(HttpHeaders.CONTENT_TYPE, ProductApi.JSON)
          .end(echo.encode());
    });
  }

  private static String version(HttpVersion version) {
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
    };
  }
}
