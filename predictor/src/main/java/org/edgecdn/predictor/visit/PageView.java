package org.edgecdn.predictor.visit;

import java.util.Objects;

/**
 * One HTML navigation by one visitor, as the predictor learns from it.
 *
 * @param site the site's name
 * @param visitor the visitor's key ({@link Navigation#visitorKey})
 * @param page the page's path (with its query when the site keys on it)
 * @param referer the same-site page the visitor came from, or null when unknown
 * @param timeMillis when the view happened, on the predictor's clock
 */
public record PageView(String site, String visitor, String page, String referer,
    long timeMillis) {

  public PageView {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(visitor, "visitor");
    Objects.requireNonNull(page, "page");
  }
}
