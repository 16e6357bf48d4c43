package org.edgecdn.launcher.domains;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.edgecdn.http.BoundedBody;
import org.edgecdn.launcher.domains.OnboardingResult.Configured;
import org.edgecdn.launcher.domains.OnboardingResult.Recorded;
import org.edgecdn.launcher.domains.OnboardingResult.Refused;
import org.edgecdn.launcher.domains.OnboardingResult.Removed;
import org.edgecdn.purge.api.PurgeTokens;
import org.edgecdn.purge.api.PurgeTokens.Authorization;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.Replies;
import org.edgecdn.purge.api.Replies.Refusal;

/**
 * The custom-domain endpoints of a PoP's admin API, in the purge API's envelope:
 * <pre>
 *   POST   /api/v1/domains                {"domain": "www.their-site.top", "site": "shop"}
 *   GET    /api/v1/domains                the token's site's domains
 *   GET    /api/v1/domains/{name}
 *   POST   /api/v1/domains/{name}/verify  check its DNS again now
 *   DELETE /api/v1/domains/{name}
 * </pre>
 * Every call needs a bearer token of the site with scope {@code domains}; the token names the
 * site ({@code site} in the body, when given, must be the same). Answers: 201 added and served,
 * 202 added and pending (with {@code required_record}), 200 otherwise; 400 bad name or body,
 * 401/403 token, 404 unknown, 409 taken by another site, 503 cluster unreachable.
 */
public final class DomainsApi implements Handler<HttpServerRequest> {

  public static final String PATH = "/api/v1/domains";

  /** A body is one small JSON object; more is a mistake or an attack. */
  static final int MAX_BODY_BYTES = 4096;

  private final DomainOnboarding onboarding;
  private final PurgeTokens tokens;

  public DomainsApi(DomainOnboarding onboarding, PurgeTokens tokens) {
    this.onboarding = onboarding;
    this.tokens = tokens;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String rest = request.path().substring(PATH.length());
    Authorization who = tokens.identify(request.getHeader("Authorization"));
    Optional<Refusal> refusal = who instanceof Authorization.Granted granted
        ? Refusal.of(granted.require(Scope.DOMAINS), granted.site())
        : Refusal.of(who, "");
    if (refusal.isPresent()) {
      Replies.refuse(request, refusal.get());
      return;
    }
    String site = ((Authorization.Granted) who).site();
    HttpMethod method = request.method();
    if (rest.isEmpty() || rest.equals("/")) {
      if (method == HttpMethod.POST) {
        readBody(request, body -> add(request, site, body));
      } else if (method == HttpMethod.GET) {
        onboarding.list(site).onComplete(done -> {
          if (done.succeeded()) {
            Replies.success(request, 200, new JsonArray(done.result().stream()
                .map(Object.class::cast).toList()));
          } else {
            Replies.error(request, 503, "custom domains are unavailable: "
                + Replies.reason(done.cause()));
          }
        });
      } else {
        notAllowed(request, "GET, POST");
      }
      return;
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length == 1 && method == HttpMethod.GET) {
      answer(request, onboarding.get(parts[0], site));
    } else if (parts.length == 1 && method == HttpMethod.DELETE) {
      answer(request, onboarding.remove(parts[0], site));
    } else if (parts.length == 2 && parts[1].equals("verify") && method == HttpMethod.POST) {
      answer(request, onboarding.verify(parts[0], site));
    } else if (parts.length <= 2) {
      notAllowed(request, parts.length == 1 ? "GET, DELETE" : "POST");
    } else {
      Replies.error(request, 404, "not found: see GET " + PATH);
    }
  }

  private void add(HttpServerRequest request, String site, Buffer body) {
    JsonObject json;
    try {
      json = body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    Object domain = json == null ? null : json.getValue("domain");
    Object named = json == null ? site : json.getValue("site", site);
    if (!(domain instanceof String) || !(named instanceof String)) {
      Replies.error(request, 400, "expected a JSON object {\"domain\": \"www.their-site.top\"}"
          + " with an optional \"site\"");
      return;
    }
    if (!named.equals(site)) {
      Replies.error(request, 403, "the token is for site " + site + ", not " + named);
      return;
    }
    answer(request, onboarding.add((String) domain, site));
  }

  private static void answer(HttpServerRequest request, Future<OnboardingResult> result) {
    result.onComplete(done -> {
      if (done.failed()) {
        Replies.error(request, 503, "custom domains are unavailable: "
            + Replies.reason(done.cause()));
        return;
      }
      OnboardingResult outcome = done.result();
      if (outcome instanceof Refused refused) {
        Replies.error(request, refused.status(), refused.message());
      } else if (outcome instanceof Recorded recorded) {
        JsonObject json = recorded.domain().toJson()
            .put("served", recorded.domain().active());
        Replies.success(request, outcome.status(), json);
      } else if (outcome instanceof Configured configured) {
        Replies.success(request, 200,
            DomainOnboarding.configuredJson(configured.domain(), configured.site())
                .put("served", true));
      } else {
        Replies.success(request, 200, new JsonObject()
            .put("domain", ((Removed) outcome).domain()).put("removed", true));
      }
    });
  }

  /** The body, at most {@link #MAX_BODY_BYTES}; 413 instead when larger. */
  private static void readBody(HttpServerRequest request, Handler<Buffer> then) {
    BoundedBody.read(request, MAX_BODY_BYTES, true, then, bytes -> {
      request.response().putHeader("Connection", "close");
      Replies.error(request, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }, reason -> Replies.error(request, 400, reason));
  }

  private static void notAllowed(HttpServerRequest request, String allow) {
    request.response().putHeader("Allow", allow);
    Replies.error(request, 405, request.method().name() + " is not allowed here; use " + allow);
  }
}
