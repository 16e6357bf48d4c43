package org.edgecdn.edge;

import java.util.ArrayList;
import java.util.List;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.forward.UpstreamRoute;

/**
 * An edge's plan for a request: the shields ranked for its key, then the site's origins
 * directly, so a request still gets an answer when every shield is down (DESIGN §4 step 6).
 */
final class EdgeRoute implements UpstreamRoute {

  private final ShieldSelector shields;

  EdgeRoute(ShieldSelector shields) {
    this.shields = shields;
  }

  @Override
  public List<Upstream> plan(Site site, String host, String pathAndQuery) {
    List<Upstream> plan = new ArrayList<>(shields.rank(host + pathAndQuery));
    for (var origin : site.origins()) {
      plan.add(Upstream.origin(origin));
    }
    return plan;
  }
}
