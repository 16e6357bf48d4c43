package org.edgecdn.cache.store;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.edgecdn.cache.policy.Freshness;

/**
 * A complete response as the cache keeps it. Immutable once stored: a revalidation that
 * refreshes headers stores a new instance, so readers on other event loops never see a
 * half-updated entry.
 *
 * @param status the stored status (never 206: partial responses are not stored)
 * @param headers response headers without hop-by-hop fields and without those this network
 *     consumes ({@code Surrogate-Control}, a stripped {@code Set-Cookie})
 * @param body the whole body
 * @param requestTimeMillis when the request that fetched it was sent (RFC 9111 §4.2.3)
 * @param responseTimeMillis when its response arrived
 * @param initialAgeSeconds the corrected initial age (RFC 9111 §4.2.3)
 * @param freshness how long it is fresh and what may be done with it once stale
 */
public record StoredResponse(
    int status, MultiMap headers, Buffer body, long requestTimeMillis, long responseTimeMillis,
    long initialAgeSeconds, Freshness freshness) {

  /** Rough per-entry overhead of the record, maps and key, so tiny objects still weigh. */
  static final int OVERHEAD_BYTES = 256;

  /** Bytes this entry holds: body, header names and values, and a fixed overhead. */
  public int weight() {
    long bytes = OVERHEAD_BYTES + body.length();
    for (var header : headers) {
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The same response with refreshed headers and freshness (after a 304, RFC 9111 §4.3.4). */
  public StoredResponse refreshed(MultiMap newHeaders, long requestTime, long responseTime,
      long initialAge, Freshness newFreshness) {
    return new StoredResponse(status, newHeaders, body, requestTime, responseTime, initialAge,
        newFreshness);
  }
}
