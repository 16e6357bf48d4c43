package org.edgecdn.cache.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything stored under one primary key: the request header names the response varies on
 * ({@code Vary}), and one response per combination of their values (RFC 9111 §4.1). Without
 * {@code Vary} there is one variant under the empty secondary key. Immutable: adding a variant
 * makes a new instance, so the store's weight is always the weight of what is in it.
 *
 * <p>If a new response varies on other fields than the stored ones, the old variants are
 * dropped: they were selected by a rule the origin no longer applies.
 */
public record Variants(List<String> varyFields, Map<String, StoredResponse> bySecondaryKey) {

  public Variants {
    varyFields = List.copyOf(varyFields);
    bySecondaryKey = Map.copyOf(bySecondaryKey);
  }

  public static Variants of(List<String> varyFields, String secondary, StoredResponse response) {
    return new Variants(varyFields, Map.of(secondary, response));
  }

  /** These variants plus (or with a replaced) {@code response} under {@code secondary}. */
  public Variants with(List<String> newVaryFields, String secondary, StoredResponse response) {
    if (!newVaryFields.equals(varyFields)) {
      return of(newVaryFields, secondary, response);
    }
    Map<String, StoredResponse> copy = new HashMap<>(bySecondaryKey);
    copy.put(secondary, response);
    return new Variants(varyFields, copy);
  }

  /** These variants without {@code secondary}, or null when none would be left. */
  public Variants without(String secondary) {
    if (!bySecondaryKey.containsKey(secondary)) {
      return this;
    }
    Map<String, StoredResponse> copy = new HashMap<>(bySecondaryKey);
    copy.remove(secondary);
    return copy.isEmpty() ? null : new Variants(varyFields, copy);
  }

  public StoredResponse get(String secondary) {
    return bySecondaryKey.get(secondary);
  }

  public int weight() {
    long total = 0;
    for (StoredResponse response : bySecondaryKey.values()) {
      total += response.weight();
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }
}
