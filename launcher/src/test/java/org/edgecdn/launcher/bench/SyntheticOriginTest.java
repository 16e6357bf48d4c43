package org.edgecdn.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.edgecdn.predictor.synth.SyntheticSite;
import org.edgecdn.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench's origin: pages of the site's sizes, linking as the site does, counted. */
class SyntheticOriginTest {

  private static final SyntheticSite SITE = new SyntheticSite(SyntheticSite.Options.defaults(1));

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void html_everyPage_exactlyTheSiteSizeAndLinksToItsLinks() {
    for (int id = 0; id < SITE.options().pages(); id++) {
      String html = SyntheticOrigin.html(SITE, id);

      assertThat(html.getBytes(StandardCharsets.UTF_8).length)
          .isEqualTo(SITE.bytes(SyntheticSite.page(id)));
      for (int link : SITE.links(id)) {
        assertThat(html).contains("<a href=\"/p/" + link + "\">");
      }
    }
  }

  @Test
  void pageId_onlyPagesOfTheSite() {
    assertThat(SyntheticOrigin.pageId("/p/0", 200)).isZero();
    assertThat(SyntheticOrigin.pageId("/p/199", 200)).isEqualTo(199);
    assertThat(SyntheticOrigin.pageId("/p/200", 200)).isEqualTo(-1);
    assertThat(SyntheticOrigin.pageId("/p/-1", 200)).isEqualTo(-1);
    assertThat(SyntheticOrigin.pageId("/p/x", 200)).isEqualTo(-1);
    assertThat(SyntheticOrigin.pageId("/healthz", 200)).isEqualTo(-1);
  }

  @Test
  void serve_pageIsSharedCacheable_andPrefetchesCountedApart() {
    SyntheticOrigin origin = Await.result(SyntheticOrigin.start(vertx, SITE,
        Duration.ofMinutes(10), "127.0.0.1"));
    HttpClient client = vertx.createHttpClient();

    HttpClientResponse page = get(client, origin, "/p/3", false);
    get(client, origin, "/p/4", true);
    HttpClientResponse missing = get(client, origin, "/p/999", false);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Cache-Control")).isEqualTo("public, max-age=600");
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(missing.statusCode()).isEqualTo(404);
    long three = SITE.bytes("/p/3");
    long four = SITE.bytes("/p/4");
    assertThat(origin.counts())
        .isEqualTo(new SyntheticOrigin.Counts(2, three + four, 1, four));
    origin.reset();
    assertThat(origin.counts()).isEqualTo(new SyntheticOrigin.Counts(0, 0, 0, 0));
  }

  private static HttpClientResponse get(HttpClient client, SyntheticOrigin origin, String path,
      boolean prefetch) {
    RequestOptions request = new RequestOptions().setHost("127.0.0.1").setPort(origin.port())
        .setURI(path);
    if (prefetch) {
      request.putHeader("Sec-Purpose", "prefetch");
    }
    return Await.result(client.request(request).compose(r -> r.send()
        .compose(response -> response.body().map((Buffer body) -> response))));
  }
}
