package org.edgecdn.purge.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edgecdn.http.Site;
import org.edgecdn.purge.PurgeCommand;
import org.edgecdn.purge.PurgeService;
import org.edgecdn.purge.PurgeTarget;
import org.edgecdn.purge.api.PurgeRateLimiter.Decision;
import org.edgecdn.purge.api.PurgeTokens.Scope;
import org.edgecdn.purge.api.Replies.Refusal;

/**
 * {@code PURGE /path} on an edge's traffic port, as Varnish and Fastly take it: the {@code Host}
 * names the site, the request target the URL, {@code Fastly-Soft-Purge: 1} or
 * {@code Soft-Purge: 1} makes it soft. It needs a bearer token of the site with scope
 * {@code purge}, and shares the site's rate limit with the JSON API.
 *
 * <p>It purges {@code http://<host><path?query>}; a URL purge covers every scheme and variant,
 * so the scheme written here does not narrow it. Answers
 * {@code 200 {"status":"ok","id":"...","seq":N}} at once, before nodes have applied it.
 */
public final class PurgeMethodHandler {

  private final PurgeTokens tokens;
  private final PurgeRateLimiter limiter;
  private final PurgeService service;
  private final String node;

  /**
   * @param limiter the same limiter as the node's {@link PurgeApi}, so both ways to purge share
   *     one budget per site
   * @param node this node's name, as errors name it
   */
  public PurgeMethodHandler(PurgeTokens tokens, PurgeRateLimiter limiter, PurgeService service,
      String node) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.service = service;
    this.node = node;
  }

  /** Handles a {@code PURGE} request whose Host already matched {@code site}. */
  public void handle(HttpServerRequest request, Site site) {
    Optional<Refusal> refusal = Refusal.of(
        tokens.authorize(request.getHeader("Authorization"), site.name(), Scope.PURGE),
        site.name());
    if (refusal.isPresent()) {
      Replies.challenge(request, refusal.get());
      error(request, refusal.get().status(), refusal.get().message());
      return;
    }
    if (limiter.tryAcquire(site.name()) instanceof Decision.Refused refused) {
      request.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
      error(request, 429, "too many purges for site " + site.name() + ": retry in "
          + refused.retryAfterSeconds() + " s");
      return;
    }
    Optional<URI> url = url(request);
    if (url.isEmpty()) {
      error(request, 400, "cannot purge " + request.uri() + ": give a path such as /index.html");
      return;
    }
    boolean soft = isOn(request.getHeader("Fastly-Soft-Purge"))
        || isOn(request.getHeader("Soft-Purge"));
    PurgeCommand command = new PurgeCommand(site.name(), new PurgeTarget.Urls(List.of(url.get())),
        soft);
    Replies.call(() -> service.submit(command)).onComplete(done -> {
      if (done.failed()) {
        error(request, 503, "node " + node + " could not submit the purge: "
            + Replies.reason(done.cause()) + "; nothing was applied, retry");
        return;
      }
      Replies.json(request, 200, new JsonObject()
          .put("status", "ok")
          .put("id", done.result().id())
          .put("seq", done.result().seq()));
    });
  }

  /**
   * {@code http://<host><path?query>} from the Host (lower-cased, without port or trailing dot,
   * as sites match it) and the request target, which may be a path or, from a proxy-style
   * client, an absolute URL (RFC 9112 §3.2.2).
   */
  static Optional<URI> url(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null || authority.host().isEmpty()) {
      return Optional.empty();
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String target = request.uri();
    try {
      if (!target.startsWith("/")) {
        URI absolute = new URI(target);
        if (absolute.getRawPath() == null || !absolute.getRawPath().startsWith("/")) {
          return Optional.empty();
        }
        target = absolute.getRawPath()
            + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
      }
      URI url = new URI("http://" + host + target);
      return url.getHost() == null ? Optional.empty() : Optional.of(url);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static boolean isOn(String header) {
    return header != null && header.trim().equals("1");
  }

  private static void error(HttpServerRequest request, int status, String message) {
    Replies.json(request, status, new JsonObject()
        .put("status", "error")
        .put("code", status)
        .put("message", message));
  }
}
