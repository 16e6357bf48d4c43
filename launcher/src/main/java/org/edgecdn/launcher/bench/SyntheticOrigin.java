package org.edgecdn.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.edgecdn.http.forward.PrefetchMarkers;
import org.edgecdn.predictor.synth.SyntheticSite;

/**
 * An origin serving a {@link SyntheticSite}: {@code GET /p/<id>} answers an HTML page of exactly
 * the site's size for that page, linking to the page's links, with {@code Cache-Control: public,
 * max-age=...} so a shared cache may keep it. Anything else is 404.
 *
 * <p>It counts what it serves, so a benchmark reads origin load from the origin itself rather
 * than from the cache's opinion of it: requests and body bytes of pages, and of those the ones
 * sent as prefetches ({@code Sec-Purpose: prefetch} or another prefetch marker,
 * {@link PrefetchMarkers}), which the edge's prefetcher sends and the network forwards.
 */
final class SyntheticOrigin {

  static final String CONTENT_TYPE = "text/html; charset=utf-8";

  /** What the origin served since it started or was last reset. */
  record Counts(long requests, long bytes, long prefetchRequests, long prefetchBytes) {}

  private final Buffer[] pages;
  private final String cacheControl;
  private final HttpServer server;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong prefetchRequests = new AtomicLong();
  private final AtomicLong prefetchBytes = new AtomicLong();

  private SyntheticOrigin(Vertx vertx, SyntheticSite site, Duration maxAge) {
    this.pages = new Buffer[site.options().pages()];
    for (int id = 0; id < pages.length; id++) {
      pages[id] = Buffer.buffer(html(site, id));
    }
    this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Listens on {@code host}, any free port. */
  static Future<SyntheticOrigin> start(Vertx vertx, SyntheticSite site, Duration maxAge,
      String host) {
    SyntheticOrigin origin = new SyntheticOrigin(vertx, site, maxAge);
    return origin.server.listen(0, host).map(listening -> origin);
  }

  int port() {
    return server.actualPort();
  }

  Counts counts() {
    return new Counts(requests.get(), bytes.get(), prefetchRequests.get(), prefetchBytes.get());
  }

  void reset() {
    requests.set(0);
    bytes.set(0);
    prefetchRequests.set(0);
    prefetchBytes.set(0);
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    int id = pageId(request.path(), pages.length);
    if (id < 0 || !request.method().name().equals("GET")) {
      request.response().setStatusCode(404).end();
      return;
    }
    Buffer page = pages[id];
    requests.incrementAndGet();
    bytes.addAndGet(page.length());
    if (PrefetchMarkers.isPrefetch(request.headers())) {
      prefetchRequests.incrementAndGet();
      prefetchBytes.addAndGet(page.length());
    }
    request.response()
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", cacheControl)
        .putHeader("ETag", "\"p" + id + "\"")
        .end(page);
  }

  /** The page id of {@code /p/<id>}, or -1 when the path names no page of the site. */
  static int pageId(String path, int pages) {
    if (path == null || !path.startsWith("/p/")) {
      return -1;
    }
    try {
      int id = Integer.parseInt(path.substring(3));
      return id >= 0 && id < pages ? id : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Page {@code id} as HTML, linking to its links, padded to exactly the site's size for it
   * ({@link SyntheticSite#bytes}) in bytes (it is ASCII), so origin bytes compare with the
   * simulator's. <b>Note:</b> a page smaller than its own markup would be is never truncated;
   * the site's sizes (at least 512 bytes) leave room for 8 links.
   */
  static String html(SyntheticSite site, int id) {
    String name = SyntheticSite.page(id);
    StringBuilder out = new StringBuilder(4096)
        .append("<!doctype html>\n<html><head><title>Page ").append(id)
        .append("</title></head>\n<body><h1>Page ").append(id).append("</h1>\n<ul>\n");
    for (int link : site.links(id)) {
      out.append("<li><a href=\"").append(SyntheticSite.page(link)).append("\">Page ")
          .append(link).append("</a></li>\n");
    }
    out.append("</ul>\n<p>");
    String end = "</p></body></html>\n";
    long size = site.bytes(name);
    long filler = size - out.length() - end.length();
    for (long i = 0; i < filler; i++) {
      out.append(i % 64 == 63 ? '\n' : (char) ('a' + (i * 7 + id) % 26));
    }
    return out.append(end).toString();
  }
}
