package org.edgecdn.http.forward;

import java.util.List;
import org.edgecdn.http.Site;
import org.edgecdn.http.Upstream;

/**
 * Chooses where a node sends a request: an edge picks a shield by the request's key, a shield
 * picks one of the site's origins. The plan is an ordered list; later entries are fallbacks, tried
 * only when connecting to the earlier ones failed.
 */
public interface UpstreamRoute {

  /** Upstreams to try, in order, for a request of {@code site} to {@code pathAndQuery}. */
  List<Upstream> plan(Site site, String host, String pathAndQuery);

  /** Feedback for passive health: the upstream answered (whatever the status). */
  default void answered(Site site, Upstream upstream) {}

  /** Feedback for passive health: the upstream could not be reached or did not answer. */
  default void failed(Site site, Upstream upstream, UpstreamFailure failure) {}
}
