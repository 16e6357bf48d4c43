package org.edgecdn.edge.prefetch;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.edgecdn.predictor.model.SharedCounts;
import org.edgecdn.predictor.model.TopTransition;

/**
 * {@code GET /api/v1/predictor/{site}/top[?limit=N]} on the admin port: the site's strongest
 * first-order transitions as this edge has learnt them, strongest first. When the site shares
 * counts with its region, each transition's {@code peer_support} is the part of its support lent
 * by the other edges ({@link ModelSharing}), and {@code shared} says how many peers and pages the
 * current overlay holds.
 */
public final class PredictorApi implements Handler<HttpServerRequest> {

  public static final String PREFIX = "/api/v1/predictor";
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 1000;

  private final Prefetcher prefetcher;

  public PredictorApi(Prefetcher prefetcher) {
    this.prefetcher = prefetcher;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).putHeader("Allow", "GET").end();
      return;
    }
    String[] parts = request.path().substring(PREFIX.length()).split("/");
    // "", site, "top"
    if (parts.length != 3 || parts[1].isEmpty() || !parts[2].equals("top")) {
      answer(request, 404, new JsonObject().put("error",
          "expected " + PREFIX + "/{site}/top"));
      return;
    }
    int limit = DEFAULT_LIMIT;
    String given = request.getParam("limit");
    if (given != null) {
      try {
        limit = Integer.parseInt(given);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        answer(request, 400, new JsonObject().put("error",
            "limit must be an integer from 1 to " + MAX_LIMIT));
        return;
      }
    }
    JsonArray transitions = new JsonArray();
    for (TopTransition t : prefetcher.predictor().top(parts[1], limit,
        prefetcher.clock().millis())) {
      transitions.add(new JsonObject().put("from", t.from()).put("to", t.to())
          .put("probability", t.probability()).put("support", t.support())
          .put("peer_support", t.peerSupport()));
    }
    SharedCounts shared = prefetcher.predictor().shared(parts[1]);
    answer(request, 200, new JsonObject().put("site", parts[1])
        .put("shared", new JsonObject().put("peers", shared.peers())
            .put("pages", shared.pages())
            .put("contexts", shared.contexts()))
        .put("transitions", transitions));
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encodePrettily());
  }
}
