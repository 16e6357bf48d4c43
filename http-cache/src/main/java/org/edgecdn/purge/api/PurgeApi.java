package org.edgecdn.purge.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgecdn.http.BoundedBody;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeStatus;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.purge.api.PurgeRateLimiter.Decision;
import org.edgecdn.purge.api.PurgeRequestParser.Result;
import org.edgecdn.purge.api.PurgeTokens.Authorization;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.Replies.Refusal;

/**
 * The purge API on a node's admin port (DESIGN §5), in Cloudflare's shape:
 * {@code POST /api/v1/purge} accepts a purge and answers its id at once (202);
 * {@code GET /api/v1/purge/{id}} says which nodes have applied it.
 */
public final class PurgeApi implements Handler<HttpServerRequest> {

  /*
   * Design
   *
   * 1. Order of checks. A POST goes through: authentication, rate limit, body size, JSON shape,
   *    scope, submit. Each step is cheaper than the next and refuses before the next runs, so:
   *    a caller without a valid token costs a digest and nothing else (no bucket is touched, no
   *    byte of the body is buffered); a refused call (429) spends no token of the bucket; and
   *    the scope is checked last only because the body says which one is needed (everything
   *    needs purge_all).
   *
   * 2. The site. A JSON request names its site by its token: one token belongs to one site
   *    (PurgeTokens refuses a token granted to two), so the body has no "site" field and a
   *    token cannot reach another site's objects. Every target is then checked against that
   *    site's domains by PurgeRequestParser.
   *
   * 3. Body size. The admin port must not buffer what a client sends without bound. A declared
   *    Content-Length over 64 KiB is refused before reading anything; otherwise the body is
   *    collected chunk by chunk and refused as soon as it passes 64 KiB (a chunked body declares
   *    no length). After a 413 the rest of the body is read and dropped, up to a bound, then the
   *    connection is closed: closing with unread data in the socket makes the kernel send a
   *    reset, which can destroy the 413 before the client reads it (the "lingering close" of
   *    Apache httpd and nginx). One collector for both cases keeps the cap in one place.
   *
   * 4. Status. GET reveals a purge only to a token of the purge's site; for any other token it
   *    answers 404, exactly as for an unknown id, so ids cannot be probed across sites. A token
   *    of the site with either scope may read it: a purge_all-only token must be able to follow
   *    the purge-all it made.
   *
   * 5. Failure. The service fails a submit when the cluster cannot take it; the caller gets 503
   *    with the reason and this node's name, and should retry: nothing was applied.
   */

  /** The collection resource. */
  public static final String PURGE_PATH = "/api/v1/purge";

  // How much of a refused body is read and dropped before closing the connection anyway.
  private static final long LINGER_BYTES = 1 << 20;
  private static final int MAX_ID_LENGTH = 200;

  private final Map<String, Site> sites = new LinkedHashMap<>();
  private final PurgeTokens tokens;
  private final PurgeRateLimiter limiter;
  private final PurgeService service;
  private final String node;

  /**
   * @param sites the sites a purge may name (the network's)
   * @param node this node's name, as errors name it
   */
  public PurgeApi(List<Site> sites, PurgeTokens tokens, PurgeRateLimiter limiter,
      PurgeService service, String node) {
    for (Site site : sites) {
      this.sites.put(site.name(), site);
    }
    this.tokens = tokens;
    this.limiter = limiter;
    this.service = service;
    this.node = node;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals(PURGE_PATH)) {
      if (request.method() == HttpMethod.POST) {
        submit(request);
      } else {
        notAllowed(request, "POST");
      }
    } else if (path.startsWith(PURGE_PATH + "/") && isId(path.substring(PURGE_PATH.length() + 1))) {
      if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
        status(request, path.substring(PURGE_PATH.length() + 1));
      } else {
        notAllowed(request, "GET, HEAD");
      }
    } else {
      error(request, 404, "not found: the API serves POST " + PURGE_PATH + " and GET "
          + PURGE_PATH + "/{id}");
    }
  }

  // ---- POST /api/v1/purge ----

  private void submit(HttpServerRequest request) {
    Authorization who = tokens.identify(request.getHeader("Authorization"));
    if (!(who instanceof Authorization.Granted granted)) {
      refuse(request, Refusal.of(who, "").orElseThrow());
      return;
    }
    Site site = sites.get(granted.site());
    if (site == null) {
      // Tokens and sites come from one network file, so this is a wiring mistake, not a client's.
      error(request, 500, "site " + granted.site() + " of this token is not served by node "
          + node);
      return;
    }
    if (limiter.tryAcquire(site.name()) instanceof Decision.Refused refused) {
      request.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
      error(request, 429, "too many purges for site " + site.name() + ": retry in "
          + refused.retryAfterSeconds() + " s");
      return;
    }
    readBody(request, body -> {
      Result result = PurgeRequestParser.parse(body, site);
      if (result instanceof Result.Rejected rejected) {
        error(request, rejected.status(), rejected.message());
        return;
      }
      PurgeCommand command = ((Result.Parsed) result).command();
      Scope needed = command.target() instanceof PurgeTarget.Everything
          ? Scope.PURGE_ALL
          : Scope.PURGE;
      Optional<Refusal> refusal = Refusal.of(granted.require(needed), site.name());
      if (refusal.isPresent()) {
        refuse(request, refusal.get());
        return;
      }
      accept(request, command);
    });
  }

  private void accept(HttpServerRequest request, PurgeCommand command) {
    Replies.call(() -> service.submit(command)).onComplete(done -> {
      if (done.failed()) {
        error(request, 503, "node " + node + " could not submit the purge: "
            + Replies.reason(done.cause()) + "; nothing was applied, retry");
        return;
      }
      JsonObject result = new JsonObject()
          .put("id", done.result().id())
          .put("seq", done.result().seq());
      Replies.json(request, 202, new JsonObject().put("success", true).put("result", result));
    });
  }

  /**
   * Collects the request body, at most {@link PurgeRequestParser#MAX_BODY_BYTES}, and hands it
   * to {@code then}; answers 413 instead when it is larger (design note 3).
   */
  private void readBody(HttpServerRequest request, Handler<Buffer> then) {
    BoundedBody.read(request, PurgeRequestParser.MAX_BODY_BYTES, true, then,
        bytes -> tooLarge(request, bytes), reason -> error(request, 400, reason));
  }

  /** Answers 413, drops what is left of the body up to a bound, then closes (design note 3). */
  private void tooLarge(HttpServerRequest request, long bytes) {
    long[] dropped = {0};
    boolean[] answered = {false};
    Runnable closeIfDone = () -> {
      if (answered[0] && request.isEnded() && Replies.ownsConnection(request)) {
        request.connection().close();
      }
    };
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > LINGER_BYTES && Replies.ownsConnection(request)) {
        request.connection().close();
      }
    });
    request.endHandler(v -> closeIfDone.run());
    request.response().putHeader("Connection", "close");
    error(request, 413, PurgeRequestParser.tooLarge(bytes).message()).onComplete(done -> {
      answered[0] = true;
      closeIfDone.run();
    });
  }

  // ---- GET /api/v1/purge/{id} ----

  private void status(HttpServerRequest request, String id) {
    Authorization who = tokens.identify(request.getHeader("Authorization"));
    if (!(who instanceof Authorization.Granted granted)) {
      refuse(request, Refusal.of(who, "").orElseThrow());
      return;
    }
    Replies.call(() -> service.status(id)).onComplete(done -> {
      if (done.failed()) {
        error(request, 503, "node " + node + " could not read purge " + id + ": "
            + Replies.reason(done.cause()));
        return;
      }
      Optional<PurgeStatus> status = done.result()
          .filter(s -> s.command().site().equals(granted.site()));
      if (status.isEmpty()) {
        error(request, 404, "no purge with id " + id);
        return;
      }
      Replies.json(request, 200, statusJson(status.get()));
    });
  }

  /** The status document; also what {@code cdn purge} reads. */
  static JsonObject statusJson(PurgeStatus status) {
    JsonArray nodes = new JsonArray();
    for (PurgeStatus.NodeState state : status.nodes()) {
      nodes.add(new JsonObject()
          .put("node", state.node())
          .put("state", state.state().wireName())
          .put("took_ms", state.tookMillis().isPresent() ? state.tookMillis().getAsLong() : null));
    }
    return new JsonObject()
        .put("id", status.id())
        .put("seq", status.seq())
        .put("site", status.command().site())
        .put("kind", status.command().target().kind())
        .put("soft", status.command().soft())
        .put("issued_at", Instant.ofEpochMilli(status.issuedAtMillis()).toString())
        .put("complete", status.complete())
        .put("nodes", nodes);
  }

  // ---- Answers ----

  private static boolean isId(String id) {
    return !id.isEmpty() && id.length() <= MAX_ID_LENGTH && id.indexOf('/') < 0;
  }

  private static void notAllowed(HttpServerRequest request, String allow) {
    request.response().putHeader("Allow", allow);
    error(request, 405, request.method().name() + " is not allowed here; use " + allow);
  }

  private static void refuse(HttpServerRequest request, Refusal refusal) {
    Replies.refuse(request, refusal);
  }

  private static Future<Void> error(HttpServerRequest request, int status, String message) {
    return Replies.error(request, status, message);
  }
}
