package org.edgecdn.cluster.domains;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where the network keeps its custom domains. Every node reads the same registry: the edges and
 * shields to admit the Host, the DNS to answer the name.
 */
public interface DomainRegistry {

  Future<Optional<CustomDomain>> get(String name);

  /** Adds or replaces the domain of that name. */
  Future<Void> put(CustomDomain domain);

  /** Removes it; true when it was there. */
  Future<Boolean> remove(String name);

  /** Every custom domain, in no particular order. */
  Future<List<CustomDomain>> all();

  /**
   * Puts {@code domains} in only if the registry holds none at all (a cluster just formed);
   * true when it did. Restoring into a registry that has entries could bring back a domain
   * removed since the copy was taken.
   */
  Future<Boolean> restoreIfEmpty(List<CustomDomain> domains);

  /**
   * Calls {@code onChange} soon after any domain is added, changed or removed, on any node; a
   * hint to read {@link #all()} again, not the change itself.
   *
   * @return stops the calls
   */
  Runnable onChange(Runnable onChange);
}
