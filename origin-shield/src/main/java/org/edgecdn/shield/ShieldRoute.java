package org.edgecdn.shield;

import java.util.List;
import java.util.Map;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;
import org.edgecdn.http.forward.UpstreamFailure;
import org.edgecdn.http.forward.UpstreamRoute;

/** A shield's plan for a request: the site's origins, healthiest first (see {@link OriginPool}). */
final class ShieldRoute implements UpstreamRoute {

  private final Map<String, OriginPool> pools;

  ShieldRoute(Map<String, OriginPool> pools) {
    this.pools = pools;
  }

  @Override
  public List<Upstream> plan(Site site, String host, String pathAndQuery) {
    return pools.get(site.name()).plan();
  }

  @Override
  public void answered(Site site, Upstream upstream) {
    pools.get(site.name()).answered(upstream);
  }

  @Override
  public void failed(Site site, Upstream upstream, UpstreamFailure failure) {
    pools.get(site.name()).failed(upstream);
  }
}
