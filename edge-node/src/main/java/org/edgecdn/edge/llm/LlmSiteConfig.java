package org.edgecdn.edge.llm;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.edgecdn.predictor.llm.LlmPolicy;

/**
 * A site's LLM routes as the edge serves them.
 *
 * @param policy which routes, and what may be shared or kept per user
 * @param provider where the answers come from: scheme, host and port ({@code https://api.openai.com})
 * @param apiKey the provider key, added as {@code Authorization: Bearer} on the way out; empty
 *     for a provider that needs none (the demo's fake LLM)
 * @param passThroughClientKey forward a client's own {@code Authorization} instead of removing
 *     it (it then identifies the client: answers are per user or not cached)
 */
public record LlmSiteConfig(LlmPolicy policy, URI provider, Optional<String> apiKey,
    boolean passThroughClientKey) {

  public LlmSiteConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(apiKey, "apiKey");
    if (provider.getHost() == null) {
      throw new IllegalArgumentException("LLM provider " + provider + " has no host");
    }
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "LlmSiteConfig[policy=" + policy + ", provider=" + provider + ", apiKey="
        + (apiKey.isPresent() ? "(hidden)" : "none") + ", passThroughClientKey="
        + passThroughClientKey + "]";
  }
}
