package org.edgecdn.http.node;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.edgecdn.http.BindFailure;
import org.edgecdn.http.auth.BearerCredential;
import org.edgecdn.http.auth.OperatorToken;
import org.edgecdn.purge.api.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's switch for one node, on its admin port: {@code GET /api/v1/node} (the traffic
 * port's state), {@code POST /api/v1/node/stop} and {@code POST /api/v1/node/start}
 * ({@link TrafficPort} says what they do). Each answers the state in the admin API's JSON
 * envelope.
 *
 * <p>Taking a PoP out of service is the network operator's business, not a site's: the requests
 * need {@code Authorization: Bearer <operator-token>} (401 without it or with another token), and
 * without an {@code operator-token} in the network file every request gets 403 saying how to set
 * one. Every stop and start is logged with who asked (the client address), never the token.
 */
public final class NodeControlApi implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(NodeControlApi.class);

  public static final String PATH = "/api/v1/node";

  private static final String CHALLENGE = "Bearer realm=\"edgecdn\"";

  private final String label;
  private final TrafficPort traffic;
  private final Optional<OperatorToken> token;

  /**
   * @param label the node as operators name it ({@code edge eu})
   * @param token the operator's token; empty when the network file sets none
   */
  public NodeControlApi(String label, TrafficPort traffic, Optional<OperatorToken> token) {
    this.label = label;
    this.traffic = traffic;
    this.token = token;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String action = request.path().equals(PATH) ? "" : request.path().substring(PATH.length());
    boolean known = action.isEmpty() || action.equals("/stop") || action.equals("/start");
    if (!known) {
      Replies.error(request, 404, "not found: " + PATH + " answers GET, " + PATH
          + "/stop and " + PATH + "/start answer POST");
      return;
    }
    HttpMethod expected = action.isEmpty() ? HttpMethod.GET : HttpMethod.POST;
    if (request.method() != expected) {
      request.response().putHeader("Allow", expected.name());
      Replies.error(request, 405, request.path() + " answers " + expected.name() + " only");
      return;
    }
    if (!authorized(request)) {
      return;
    }
    switch (action) {
      case "/stop" -> stop(request);
      case "/start" -> start(request);
      default -> Replies.success(request, 200, state(traffic.state()));
    }
  }

  private void stop(HttpServerRequest request) {
    if (traffic.state() == TrafficPort.State.SERVING) {
      LOG.info("{}: stopped serving by operator request from {}", label, who(request));
    }
    traffic.stop().onComplete(done -> Replies.success(request, 200, state(traffic.state())));
  }

  private void start(HttpServerRequest request) {
    TrafficPort.State before = traffic.state();
    traffic.start()
        .onSuccess(state -> {
          if (before == TrafficPort.State.STOPPED) {
            LOG.info("{}: serving again by operator request from {}", label, who(request));
          }
          Replies.success(request, 200, state(state));
        })
        .onFailure(error -> {
          LOG.warn("{}: operator start failed: {}", label, Replies.reason(error));
          // The address was taken while the node was stopped: a conflict with another listener.
          Replies.error(request, error instanceof BindFailure ? 409 : 500,
              Replies.reason(error));
        });
  }

  /** Answers the refusal and returns false unless the request carries the operator's token. */
  private boolean authorized(HttpServerRequest request) {
    if (token.isEmpty()) {
      Replies.error(request, 403, "node control is off: set operator-token in the network file"
          + " (e.g. operator-token: ${EDGECDN_OPERATOR_TOKEN}) and restart the node");
      return false;
    }
    Optional<String> presented = BearerCredential.token(request.getHeader("Authorization"));
    if (presented.isEmpty()) {
      request.response().putHeader("WWW-Authenticate", CHALLENGE);
      Replies.error(request, 401,
          "the operator's token is required: Authorization: Bearer <operator-token>");
      return false;
    }
    if (!token.get().matches(presented.get())) {
      LOG.warn("{}: node control refused: unknown token from {}", label, who(request));
      request.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
      Replies.error(request, 401, "unknown token");
      return false;
    }
    return true;
  }

  private static String who(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }

  private JsonObject state(TrafficPort.State state) {
    return new JsonObject().put("node", label).put("traffic", state.wireName());
  }
}
