package org.edgecdn.http.forward;

import io.vertx.core.http.HttpMethod;
import org.edgecdn.http.Site;

/**
 * A kind of request the HTTP cache path does not serve, taken over whole by a handler of its
 * own: LLM answers ({@code POST /v1/chat/completions}), which are cached by their body, not
 * their URL. The node still admits the request first (Host, loops) and still counts and logs
 * it when it ends; the handler answers it and says how through {@link RoutedRequest}.
 */
public interface RouteHandler {

  /**
   * Whether this handler takes a request of {@code site} with {@code method} for {@code path}
   * (the target's path, without its query); cheap, called per request, by the hit path that
   * answers on the channel too ({@link DirectHits}), so it may look at nothing else.
   */
  boolean handles(Site site, HttpMethod method, String path);

  /** Answers the request. */
  void handle(RoutedRequest routed);
}
