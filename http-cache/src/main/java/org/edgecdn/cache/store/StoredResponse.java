package org.edgecdn.cache.store;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.edgecdn.cache.policy.Freshness;

/**
 * A complete response as the cache keeps it. Immutable once stored: a revalidation that
 * refreshes headers stores a new instance, so readers on other event loops never see a
 * half-updated entry.
 *
 * @param status the stored status (never 206: partial responses are not stored)
 * @param headers response headers without those this network drops (a stripped
 *     {@code Set-Cookie}, fields named by {@code private=} or {@code no-cache=}); kept read-only
 *     and without connection-specific fields ({@link StoredHeaders})
 * @param body the whole body, kept in a direct buffer of its length ({@link DirectBodies})
 * @param requestTimeMillis when the request that fetched it was sent (RFC 9111 §4.2.3)
 * @param responseTimeMillis when its response arrived
 * @param initialAgeSeconds the corrected initial age (RFC 9111 §4.2.3)
 * @param freshness how long it is fresh and what may be done with it once stale
 * @param purgeSeq the node's applied purge sequence when the fetch started: purges after it
 *     cover this entry (DESIGN §5)
 * @param tags the cache tags the origin gave it ({@code Surrogate-Key}, {@code Cache-Tag})
 */
public record StoredResponse(
    int status, MultiMap headers, Buffer body, long requestTimeMillis, long responseTimeMillis,
    long initialAgeSeconds, Freshness freshness, long purgeSeq, Set<String> tags) {

  public StoredResponse {
    tags = Set.copyOf(tags);
    body = DirectBodies.of(body);
    headers = StoredHeaders.of(headers);
  }

  /**
   * The cache tags of a response: {@code Surrogate-Key} is space-separated (Fastly),
   * {@code Cache-Tag} comma-separated (Cloudflare); both may be given.
   */
  public static Set<String> tagsOf(MultiMap headers) {
    Set<String> tags = new HashSet<>();
    for (String value : headers.getAll("Surrogate-Key")) {
      for (String tag : value.trim().split("\\s+")) {
        if (!tag.isEmpty()) {
          tags.add(tag);
        }
      }
    }
    for (String value : headers.getAll("Cache-Tag")) {
      for (String tag : value.split(",")) {
        String trimmed = tag.trim();
        if (!trimmed.isEmpty()) {
          tags.add(trimmed);
        }
      }
    }
    return tags;
  }

  /**
   * Heap an entry holds besides its fields, so that the budget bounds memory for small objects
   * too. Measured (a heap histogram of an edge holding 135,000 entries, docs/performance.md,
   * "The tail of misses"): about 710 bytes of objects per entry (this record, its field map and
   * table, its freshness, the variants and Caffeine's nodes, the body's buffer wrappers and
   * cleaner), rounded up. The key is weighed by the store.
   */
  public static final int OVERHEAD_BYTES = 768;

  /** A field's map entry and, for a value not shared between entries, its copy's headers. */
  public static final int FIELD_OVERHEAD_BYTES = 48;

  /** Bytes this entry holds: body, header names and values, and a fixed overhead. */
  public int weight() {
    long bytes = OVERHEAD_BYTES + body.length();
    // The fields as they are stored: the String view would make each AsciiString keep a
    // String copy of itself for as long as the entry lives.
    Iterator<Map.Entry<CharSequence, CharSequence>> fields =
        ((HeadersMultiMap) headers).iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      bytes += FIELD_OVERHEAD_BYTES + field.getKey().length() + field.getValue().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** The same response with refreshed headers and freshness (after a 304, RFC 9111 §4.3.4). */
  public StoredResponse refreshed(MultiMap newHeaders, long requestTime, long responseTime,
      long initialAge, Freshness newFreshness, long newPurgeSeq) {
    return new StoredResponse(status, newHeaders, body, requestTime, responseTime, initialAge,
        newFreshness, newPurgeSeq, tagsOf(newHeaders));
  }
}
