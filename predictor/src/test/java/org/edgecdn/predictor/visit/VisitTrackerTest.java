package org.edgecdn.predictor.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitTrackerTest {

  private static final long MINUTE = 60_000;
  private final VisitTracker tracker = new VisitTracker(30 * MINUTE, 1000);

  private Step view(String visitor, String page, String referer, long t) {
    return tracker.observe(new PageView("shop", visitor, page, referer, t));
  }

  @Test
  void visitorSplitting_consecutiveViews_makeTransitionsWithSecondOrderContext() {
    assertThat(view("v1", "/", null, 0).transition()).isEmpty();
    assertThat(view("v1", "/a", null, MINUTE).transition())
        .contains(new Transition(null, "/", "/a"));
    assertThat(view("v1", "/b", null, 2 * MINUTE).transition())
        .contains(new Transition("/", "/a", "/b"));
  }

  @Test
  void visitorSplitting_idleTimeout_startsANewVisit() {
    view("v1", "/", null, 0);
    Step late = view("v1", "/a", null, 31 * MINUTE);
    assertThat(late.transition()).isEmpty();
    assertThat(late.previous()).isNull();
  }

  @Test
  void visitorSplitting_siteIdleTimeout_endsThatSitesVisitsOnly() {
    tracker.idle("blog", 5 * MINUTE);
    tracker.observe(new PageView("blog", "v1", "/", null, 0));
    view("v1", "/", null, 0);

    assertThat(tracker.observe(new PageView("blog", "v1", "/a", null, 6 * MINUTE))
        .transition()).isEmpty();
    assertThat(view("v1", "/a", null, 6 * MINUTE).transition())
        .contains(new Transition(null, "/", "/a"));
    assertThat(tracker.idleMillis("blog")).isEqualTo(5 * MINUTE);
    assertThat(tracker.idleMillis("shop")).isEqualTo(30 * MINUTE);
  }

  @Test
  void visitorSplitting_twoVisitors_doNotMix() {
    view("v1", "/", null, 0);
    view("v2", "/x", null, 0);
    assertThat(view("v1", "/a", null, 1).transition()).contains(new Transition(null, "/", "/a"));
  }

  @Test
  void referer_sameSite_refinesTheSourceAndDropsAFalseContext() {
    view("v1", "/", null, 0);
    view("v1", "/a", null, 1);
    // Back to "/" in another tab, then a link from "/": the source is "/", not "/a".
    Step step = view("v1", "/b", "/", 2);
    assertThat(step.transition()).contains(new Transition(null, "/", "/b"));
  }

  @Test
  void reload_isNoTransition() {
    view("v1", "/", null, 0);
    assertThat(view("v1", "/", null, 1).transition()).isEmpty();
  }

  @Test
  void boundedVisitors_leastRecentForgotten() {
    VisitTracker small = new VisitTracker(30 * MINUTE, 2);
    small.observe(new PageView("s", "v1", "/", null, 0));
    small.observe(new PageView("s", "v2", "/", null, 0));
    small.observe(new PageView("s", "v3", "/", null, 0));
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.observe(new PageView("s", "v1", "/a", null, 1)).transition()).isEmpty();
  }

  @Test
  void pageView_documentNavigation_counted_subresourceAndPrefetch_not() {
    assertThat(pageView("GET", 200, "Sec-Fetch-Dest", "document")).isTrue();
    assertThat(pageView("GET", 200, "Accept", "text/html,*/*")).isTrue();
    assertThat(pageView("GET", 200, "Sec-Fetch-Dest", "image", "Accept", "text/html")).isFalse();
    assertThat(pageView("GET", 200, "Accept", "image/*")).isFalse();
    assertThat(pageView("GET", 404, "Accept", "text/html")).isFalse();
    assertThat(pageView("POST", 200, "Accept", "text/html")).isFalse();
    assertThat(Navigation.isPageView("GET", 200, true,
        Map.of("Sec-Fetch-Dest", "document")::get)).isFalse();
  }

  @Test
  void fieldValuesMatchedInAnyCase() {
    assertThat(pageView("GET", 200, "Accept", "TEXT/HTML")).isTrue();
    assertThat(pageView("GET", 200, "Accept", "text/htm")).isFalse();
  }

  /** A request that is not a prefetch, with the fields {@code nameValues}. */
  private static boolean pageView(String method, int status, String... nameValues) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.put(nameValues[i], nameValues[i + 1]);
    }
    return Navigation.isPageView(method, status, false, fields::get);
  }

  @Test
  void visitorKey_sessionCookieWins_elseAddressAndAgentHash() {
    assertThat(Navigation.visitorKey("10.0.0.1", "UA", "a=1; sid=abc", Optional.of("sid")))
        .isEqualTo("c:abc");
    String byAddress = Navigation.visitorKey("10.0.0.1", "UA", "a=1", Optional.of("sid"));
    assertThat(byAddress).startsWith("a:10.0.0.1/");
    assertThat(Navigation.visitorKey("10.0.0.1", "Other", null, Optional.empty()))
        .isNotEqualTo(byAddress);
  }

  @Test
  void referer_onlySameSite() {
    assertThat(Navigation.sameSiteReferer("https://www.shop.example/a?x=1", "www.shop.example"))
        .contains("/a?x=1");
    assertThat(Navigation.sameSiteReferer("https://google.com/search", "www.shop.example"))
        .isEmpty();
    assertThat(Navigation.sameSiteReferer("::bad", "www.shop.example")).isEmpty();
  }
}
