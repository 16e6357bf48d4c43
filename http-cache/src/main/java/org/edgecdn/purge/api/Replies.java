package org.edgecdn.purge.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Supplier;
import org.edgecdn.purge.api.PurgeTokens.Authorization;

/**
 * What the admin API's endpoints share (purges, custom domains): how a refusal reads and how
 * JSON answers are written, in Cloudflare's envelope.
 */
public final class Replies {

  static final String CHALLENGE = "Bearer realm=\"edgecdn\"";

  private Replies() {}

  /** Why a request is refused, with the status to answer and the challenge header, if any. */
  public record Refusal(int status, String message, Optional<String> challenge) {

    /** The refusal an authorization that did not grant amounts to, or empty if it granted. */
    public static Optional<Refusal> of(Authorization authorization, String site) {
      return authorization instanceof Authorization.Granted
          ? Optional.empty()
          : Optional.of(refusal(authorization, site));
    }

    /*
     * RFC 6750 §3: a request without credentials gets only the realm; a bad token gets the error
     * code too, so a client can tell "send a token" from "this token is wrong".
     */
    private static Refusal refusal(Authorization authorization, String site) {
      if (authorization instanceof Authorization.Missing) {
        return new Refusal(401, "a bearer token is required: Authorization: Bearer <token>",
            Optional.of(CHALLENGE));
      }
      if (authorization instanceof Authorization.Unknown) {
        return new Refusal(401, "unknown token",
            Optional.of(CHALLENGE + ", error=\"invalid_token\""));
      }
      if (authorization instanceof Authorization.WrongSite wrong) {
        return new Refusal(403, "the token is for site " + wrong.tokenSite() + ", not " + site,
            Optional.empty());
      }
      Authorization.MissingScope missing = (Authorization.MissingScope) authorization;
      return new Refusal(403, "the token lacks scope " + missing.scope().wireName(),
          Optional.of(CHALLENGE + ", error=\"insufficient_scope\", scope=\""
              + missing.scope().wireName() + "\""));
    }
  }

  /**
   * Writes {@code body} with {@code status}, unless the client has gone (then there is no one to
   * tell, and writing would only fail).
   */
  public static Future<Void> json(HttpServerRequest request, int status, JsonObject body) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    return response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode() + "\n");
  }

  /** A refusal: its challenge header, if any, and the error envelope with its status. */
  public static Future<Void> refuse(HttpServerRequest request, Refusal refusal) {
    challenge(request, refusal);
    return error(request, refusal.status(), refusal.message());
  }

  /** Cloudflare's error envelope, with the HTTP status as the code. */
  public static Future<Void> error(HttpServerRequest request, int status, String message) {
    JsonObject error = new JsonObject().put("code", status).put("message", message);
    return json(request, status, new JsonObject()
        .put("success", false)
        .put("errors", new JsonArray().add(error)));
  }

  /** Cloudflare's success envelope around {@code result}. */
  public static Future<Void> success(HttpServerRequest request, int status, Object result) {
    return json(request, status, new JsonObject()
        .put("success", true)
        .put("errors", new JsonArray())
        .put("result", result));
  }

  /** Adds the challenge of {@code refusal} to the response, if it has one. */
  public static void challenge(HttpServerRequest request, Refusal refusal) {
    refusal.challenge().ifPresent(c -> request.response().putHeader("WWW-Authenticate", c));
  }

  /** Whether closing the connection would end only this request (HTTP/1.x, not HTTP/2). */
  static boolean ownsConnection(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2;
  }

  /** Calls the service, turning a throw or a null future into a failed future. */
  static <T> Future<T> call(Supplier<Future<T>> call) {
    try {
      Future<T> future = call.get();
      return future == null ? Future.failedFuture("the purge service answered nothing") : future;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** A failure's message, or its type when it has none. */
  public static String reason(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
