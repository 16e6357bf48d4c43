package org.edgecdn.loadtest.workload;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Objects;

/**
 * One request a workload asks for: method, path with query (relative to the target; never a
 * host), extra headers and an optional body. The generator adds the Host header and sends it to
 * the stream's target.
 *
 * @param method an HTTP method in upper case ({@code GET}, {@code POST}, {@code PURGE})
 * @param uri the path and query, starting with {@code /}
 * @param headers extra request headers (an immutable copy: their order is not kept); empty for
 *     none
 * @param body the body, or {@code null} for none
 */
public record LoadRequest(String method, String uri, Map<String, String> headers, Buffer body) {

  public LoadRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("/")) {
      throw new IllegalArgumentException("a request URI is a path starting with /: " + uri);
    }
    headers = Map.copyOf(headers);
  }

  /** A GET of {@code uri} with no extra headers. */
  public static LoadRequest get(String uri) {
    return new LoadRequest("GET", uri, Map.of(), null);
  }
}
