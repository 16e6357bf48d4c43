package org.edgecdn.cache.policy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Revalidating a stored response upstream (RFC 9111 §4.3): the conditional request, whether a
 * 304 is about the stored response, and the header merge it causes.
 *
 * <p>After {@link #mergeNotModified}, the caller runs {@link Storability#decide} on the merged
 * headers: the 304 may have changed the lifetime, or added {@code no-store} or a
 * {@code Set-Cookie}, and the fields to drop are those of the merged response.
 */
public final class Revalidation {

  /**
   * Fields a 304 never replaces (RFC 9111 §3.2): {@code Content-Length} (the 304 has no body),
   * fields that describe the stored body's encoding and extent, and hop-by-hop fields.
   */
  private static final Set<String> NOT_UPDATED = Set.of(
      "content-length", "content-encoding", "content-range", "transfer-encoding");

  private Revalidation() {}

  /**
   * The precondition fields to validate {@code storedResponseHeaders} upstream: its
   * {@code ETag} as {@code If-None-Match} and its {@code Last-Modified} as
   * {@code If-Modified-Since} (RFC 9111 §4.3.1), each only when well-formed. Empty when the
   * response has no validator; then the request is a plain refetch.
   */
  public static MultiMap conditionalHeaders(MultiMap storedResponseHeaders) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    EntityTag etag = EntityTag.first(storedResponseHeaders.getAll("etag"));
    if (etag != null) {
      out.add("If-None-Match", etag.toString());
    }
    OptionalLong lastModified =
        Storability.singleDate(storedResponseHeaders.getAll("last-modified"));
    if (lastModified.isPresent()) {
      // Sent back as received: the origin may compare it as a string.
      out.add("If-Modified-Since",
          FieldSyntax.trimOws(storedResponseHeaders.get("last-modified")));
    }
    return out;
  }

  /**
   * Whether a 304 selects this stored response for update (RFC 9111 §4.3.4): a strong
   * {@code ETag} in the 304 must match the stored one strongly, a weak one weakly; without an
   * {@code ETag}, a {@code Last-Modified} must equal the stored one; a 304 without validators
   * answered our own conditional request for this response and selects it. When false, the
   * stored response is outdated and the caller should fetch it again unconditionally.
   */
  public static boolean selectsStored(MultiMap stored, MultiMap notModifiedResponse) {
    if (notModifiedResponse.contains("etag")) {
      EntityTag fresh = EntityTag.first(notModifiedResponse.getAll("etag"));
      EntityTag old = EntityTag.first(stored.getAll("etag"));
      if (fresh == null || old == null) {
        return false;
      }
      return fresh.weak() ? fresh.weakMatch(old) : fresh.strongMatch(old);
    }
    if (notModifiedResponse.contains("last-modified")) {
      OptionalLong fresh = Storability.singleDate(notModifiedResponse.getAll("last-modified"));
      OptionalLong old = Storability.singleDate(stored.getAll("last-modified"));
      return fresh.isPresent() && fresh.equals(old);
    }
    return true;
  }

  /**
   * The stored headers freshened by a 304 (RFC 9111 §3.2, §4.3.4): every field the 304 carries
   * replaces all lines of that field in the stored headers; fields it does not carry are kept.
   * Except: {@code Content-Length}, {@code Content-Encoding}, {@code Content-Range},
   * {@code Transfer-Encoding} and hop-by-hop fields (including those the 304's
   * {@code Connection} names) are never taken from the 304. Neither input is modified.
   */
  public static MultiMap mergeNotModified(MultiMap stored, MultiMap notModifiedResponse) {
    MultiMap merged = MultiMap.caseInsensitiveMultiMap().addAll(stored);
    Set<String> skip = new HashSet<>(NOT_UPDATED);
    skip.addAll(FieldSyntax.HOP_BY_HOP);
    skip.addAll(FieldSyntax.connectionOptions(notModifiedResponse));
    Set<String> replaced = new HashSet<>();
    for (var header : notModifiedResponse) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (skip.contains(name)) {
        continue;
      }
      if (replaced.add(name)) {
        merged.remove(name);
      }
      merged.add(header.getKey(), header.getValue());
    }
    return merged;
  }
}
