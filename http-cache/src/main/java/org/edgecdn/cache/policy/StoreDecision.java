package org.edgecdn.cache.policy;

import java.util.Objects;
import java.util.Set;

/** Whether a response may be stored, as {@link Storability#decide} answers it. */
public sealed interface StoreDecision permits StoreDecision.Store, StoreDecision.DoNotStore {

  /**
   * Store it.
   *
   * @param freshness its lifetime and what may be done once stale
   * @param headersToDrop lower-cased names of the fields to remove before storing: any
   *     present of {@code set-cookie} (when stripped), the
   *     fields named by {@code private="..."} and {@code no-cache="..."}, and hop-by-hop
   *     fields (RFC 9111 §3.1)
   */
  record Store(Freshness freshness, Set<String> headersToDrop) implements StoreDecision {
    public Store {
      Objects.requireNonNull(freshness, "freshness");
      headersToDrop = Set.copyOf(headersToDrop);
    }
  }

  /**
   * Do not store it.
   *
   * @param reason a token for {@code Cache-Status; detail=} and metric tags: {@code pass},
   *     {@code method}, {@code status}, {@code partial}, {@code request-no-store},
   *     {@code no-store}, {@code private}, {@code vary-star}, {@code authorization},
   *     {@code set-cookie} or {@code no-freshness}
   */
  record DoNotStore(String reason) implements StoreDecision {
    public DoNotStore {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
