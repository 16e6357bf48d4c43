package org.edgecdn.edge.prefetch;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.edgecdn.http.Site;
import org.edgecdn.http.forward.RouteHandler;
import org.edgecdn.http.forward.RoutedRequest;
import org.edgecdn.http.status.CachePhase;

/**
 * {@code GET /_cdn/speculation-rules?page=P} on the traffic port of a site whose prefetch hints
 * are {@code speculation-rules}: a Speculation Rules document listing the pages the model
 * predicts after P, for the browser to prefetch. A page's response names it in its
 * {@code Speculation-Rules} field ({@link #headerValue}).
 *
 * <p>The document comes from this edge's model alone; nothing reaches the origin, and the page
 * parameter only chooses which prediction is read. It may be kept by the browser for a minute:
 * predictions move slowly, and a stale list costs at most a wasted prefetch.
 *
 * <p>References: Speculation Rules (WICG), the {@code Speculation-Rules} response field (a
 * structured list of strings) and the {@code application/speculationrules+json} type.
 */
public final class SpeculationRules implements RouteHandler {

  public static final String PATH = "/_cdn/speculation-rules";
  static final String CONTENT_TYPE = "application/speculationrules+json";
  static final String CACHE_CONTROL = "public, max-age=60";

  private final Prefetcher prefetcher;

  public SpeculationRules(Prefetcher prefetcher) {
    this.prefetcher = prefetcher;
  }

  /** The {@code Speculation-Rules} field value for {@code page}: its document's URL, quoted. */
  static String headerValue(String page) {
    return "\"" + PATH + "?page=" + URLEncoder.encode(page, StandardCharsets.UTF_8) + "\"";
  }

  @Override
  public boolean handles(Site site, HttpMethod method, String path) {
    return path.equals(PATH)
        && prefetcher.options().site(site.name()).hints() == Hints.SPECULATION_RULES;
  }

  @Override
  public void handle(RoutedRequest routed) {
    HttpServerRequest request = routed.request();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      routed.refuse(405, "method", "the speculation rules document answers GET only");
      return;
    }
    String page = request.getParam("page");
    if (page == null || !Prefetcher.safeInHint(page)) {
      routed.refuse(400, "bad-page", "page must be a path of this site, e.g. ?page=%2Fproducts");
      return;
    }
    List<String> next = prefetcher.predictedAfter(routed.site().name(), page);
    JsonObject rules = new JsonObject().put("prefetch", new JsonArray().add(new JsonObject()
        .put("source", "list").put("urls", new JsonArray(next))));
    routed.phase(CachePhase.PASS);
    routed.member().detail("speculation-rules");
    var response = request.response().setStatusCode(200)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", CACHE_CONTROL);
    routed.addViaAndStatus(response.headers());
    response.end(rules.encode());
  }
}
