package org.edgecdn.http.forward;

import io.vertx.core.http.HttpServerRequest;
import org.edgecdn.http.Site;

/**
 * A kind of request the HTTP cache path does not serve, taken over whole by a handler of its
 * own: LLM answers ({@code POST /v1/chat/completions}), which are cached by their body, not
 * their URL. The node still admits the request first (Host, loops) and still counts and logs
 * it when it ends; the handler answers it and says how through {@link RoutedRequest}.
 */
public interface RouteHandler {

  /** Whether this handler takes {@code request} for {@code site}; cheap, called per request. */
  boolean handles(Site site, HttpServerRequest request);

  /** Answers the request. */
  void handle(RoutedRequest routed);
}
