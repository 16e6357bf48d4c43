package org.edgecdn.cache.store;

import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.Locale;
import java.util.Set;
import org.edgecdn.cache.policy.Storability;

/**
 * Stored fields in the form a hit writes fastest: a read-only Vert.x header map whose names and
 * values are {@link io.netty.util.AsciiString}s, without connection-specific fields (RFC 9110
 * §7.6.1). Names and frequent values are shared between entries ({@link FieldInterner}).
 *
 * <p>A hit hands the map to the response as it is ({@code setAll} of a read-only map keeps a
 * reference, copying only when the response adds its own fields), names keep their hash, and
 * the encoder copies bytes instead of converting each character. Before, every hit lower-cased,
 * filtered, hashed and copied every stored field one by one.
 */
final class StoredHeaders {

  private StoredHeaders() {}

  /** {@code headers} as stored; itself when it is such a map already. */
  static MultiMap of(MultiMap headers) {
    return of(headers, FieldInterner.SHARED);
  }

  /** {@code headers} as stored, sharing names and values through {@code interner}. */
  static MultiMap of(MultiMap headers, FieldInterner interner) {
    if (headers instanceof HeadersMultiMap map && !map.isMutable()) {
      return headers;
    }
    Set<String> connectionSpecific = Storability.connectionSpecific(headers);
    // No validation: the fields were validated as they arrived, and stored ones are rewritten
    // exactly as received.
    HeadersMultiMap stored = HeadersMultiMap.caseInsensitive();
    for (var header : headers) {
      if (!connectionSpecific.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        stored.add(interner.intern(header.getKey()), interner.intern(header.getValue()));
      }
    }
    return stored.copy(false);
  }
}
