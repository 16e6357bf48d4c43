package org.edgecdn.launcher.demo;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A response built once at start and served from memory: status, body and the headers caches
 * care about. The validators (ETag, Last-Modified) are present only on 200 representations;
 * an error page has nothing a client could revalidate.
 *
 * <p>One body Buffer serves every response: Vert.x writes a slice of it (own indices) and its
 * heap buffers ignore release, so no copy is needed. It must never be written to.
 *
 * @param tags purge tags, sent as Surrogate-Key (space-separated, Fastly style) and Cache-Tag
 *     (comma-separated, Cloudflare style)
 * @param etag a strong entity tag, quoted, or null
 * @param lastModified or null
 */
record Resource(
    int status,
    String contentType,
    Buffer body,
    String cacheControl,
    List<String> tags,
    String etag,
    Instant lastModified) {

  Resource {
    tags = List.copyOf(tags);
  }

  /** A 200 representation with a strong ETag from the hash of its body. */
  static Resource ok(
      String contentType, byte[] body, String cacheControl, Instant lastModified,
      List<String> tags) {
    String etag = '"' + Digests.sha256Hex(body, 32) + '"';
    return new Resource(
        200, contentType, Buffer.buffer(body), cacheControl, tags, etag, lastModified);
  }

  static Resource ok(
      String contentType, String body, String cacheControl, Instant lastModified,
      List<String> tags) {
    return ok(contentType, utf8(body), cacheControl, lastModified, tags);
  }

  /** An error page: no validators, so it is never answered with 304. */
  static Resource error(
      int status, String contentType, String body, String cacheControl, List<String> tags) {
    return new Resource(
        status, contentType, Buffer.buffer(body), cacheControl, tags, null, null);
  }

  boolean hasValidators() {
    return etag != null;
  }

  String surrogateKey() {
    return String.join(" ", tags);
  }

  String cacheTag() {
    return String.join(",", tags);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
