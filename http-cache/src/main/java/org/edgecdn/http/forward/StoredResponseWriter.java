package org.edgecdn.http.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.UUID;
import org.edgecdn.cache.policy.ByteRange;
import org.edgecdn.cache.policy.Conditional;
import org.edgecdn.cache.policy.RangeOutcome;
import org.edgecdn.cache.policy.Ranges;
import org.edgecdn.cache.store.StoredResponse;
import org.edgecdn.http.status.CacheStatusMember;

/**
 * Answers a request from a stored response: the hit path. No upstream, no proxy machinery:
 * evaluate the client's preconditions and range, set {@code Age}, write the stored buffer.
 *
 * <ul>
 *   <li>{@code If-None-Match} / {@code If-Modified-Since} that match: 304 with the stored
 *       fields but the body's length and encoding and cookies
 *       ({@code Conditional.notModifiedHeaders}), so a cache below updates its copy
 *       (RFC 9111 §4.3.2, §4.3.4).</li>
 *   <li>{@code Range} on a 200: 206 with {@code Content-Range}, one part or
 *       {@code multipart/byteranges}; 416 when nothing is satisfiable (RFC 9110 §14).</li>
 *   <li>HEAD: the stored GET's head, no body (RFC 9111 §4).</li>
 * </ul>
 */
final class StoredResponseWriter {

  private static final CharSequence AGE = HttpHeaders.createOptimized("Age");

  /** Builds the fields of a stored answer as a node sends it whole. */
  private static final HitHeads.Builder WHOLE_HEAD = StoredResponseWriter::wholeHead;

  /** Builds the fields of a 304 to a revalidation as a node sends it. */
  private static final HitHeads.Builder NOT_MODIFIED_HEAD = StoredResponseWriter::notModifiedHead;

  private StoredResponseWriter() {}

  static void write(Exchange exchange, StoredResponse stored, long ageSeconds) {
    HttpServerResponse response = exchange.response;
    if (response.closed() || response.ended()) {
      return;
    }
    FieldNames skip = skipped(exchange.node);
    MultiMap requestHeaders = exchange.request.headers();
    boolean head = exchange.request.method() == HttpMethod.HEAD;

    if (notModified(requestHeaders, stored)) {
      response.setStatusCode(304);
      setHead(exchange, stored, ageSeconds, true);
      response.end();
      return;
    }
    MultiMap out = response.headers();
    Buffer body = stored.body();
    if (stored.status() == 200 && !head) {
      RangeOutcome range = Ranges.evaluate(exchange.request.method().name(), requestHeaders,
          stored.headers(), body.length());
      if (range instanceof RangeOutcome.Unsatisfiable) {
        copyStored(stored.headers(), out, skip);
        response.setStatusCode(416);
        out.remove("Content-Length");
        out.set("Content-Range", "bytes */" + body.length());
        finishHead(exchange, ageSeconds);
        response.end();
        return;
      }
      if (range instanceof RangeOutcome.Partial partial) {
        copyStored(stored.headers(), out, skip);
        writePartial(exchange, partial.ranges(), body, ageSeconds);
        return;
      }
    }
    response.setStatusCode(stored.status());
    setHead(exchange, stored, ageSeconds, false);
    if (head) {
      response.end();
    } else {
      response.end(body);
    }
  }

  private static void writePartial(Exchange exchange, List<ByteRange> ranges, Buffer body,
      long ageSeconds) {
    HttpServerResponse response = exchange.response;
    MultiMap out = response.headers();
    long length = body.length();
    response.setStatusCode(206);
    if (ranges.size() == 1) {
      ByteRange range = ranges.get(0);
      out.set("Content-Range", Ranges.contentRange(range, length));
      out.set("Content-Length", Long.toString(range.last() - range.first() + 1));
      finishHead(exchange, ageSeconds);
      response.end(body.slice((int) range.first(), (int) range.last() + 1));
      return;
    }
    // RFC 9110 §14.6: several ranges go as multipart/byteranges, each part with its own
    // Content-Type and Content-Range.
    String boundary = UUID.randomUUID().toString().replace("-", "");
    String contentType = out.get("Content-Type");
    Buffer multipart = Buffer.buffer();
    for (ByteRange range : ranges) {
      multipart.appendString("\r\n--" + boundary + "\r\n");
      if (contentType != null) {
        multipart.appendString("Content-Type: " + contentType + "\r\n");
      }
      multipart.appendString("Content-Range: " + Ranges.contentRange(range, length) + "\r\n\r\n");
      multipart.appendBuffer(body.slice((int) range.first(), (int) range.last() + 1));
    }
    multipart.appendString("\r\n--" + boundary + "--\r\n");
    out.set("Content-Type", "multipart/byteranges; boundary=" + boundary);
    out.set("Content-Length", Integer.toString(multipart.length()));
    finishHead(exchange, ageSeconds);
    response.end(multipart);
  }

  /**
   * Whether {@code requestHeaders} revalidate {@code stored} to a 304: a validator matches, and
   * the answer would be 2xx, where alone preconditions apply (RFC 9110 §13.2.1).
   */
  static boolean notModified(MultiMap requestHeaders, StoredResponse stored) {
    return stored.status() >= 200 && stored.status() < 300
        && Conditional.notModified(requestHeaders, stored.headers());
  }

  /** The fields {@code node} keeps out of the stored answers it sends. */
  private static FieldNames skipped(ForwardingHandler node) {
    return node.policy.stripCdnHeaders() ? Exchange.CDN_ONLY : FieldNames.NONE;
  }

  /**
   * The head of a plain hit on read-only stored fields, as {@link HitHeads} keeps it per entry
   * and second (the 304's when {@code notModified}), built for {@code node} when it has none.
   */
  static HitHeads.Head keptHead(ForwardingHandler node, StoredResponse stored, long ageSeconds,
      CacheStatusMember member, boolean notModified) {
    return notModified
        ? node.hitHeads.notModified(node, stored, ageSeconds, member, NOT_MODIFIED_HEAD)
        : node.hitHeads.head(node, stored, ageSeconds, member, WHOLE_HEAD);
  }

  /**
   * Sets the answer's fields: for a plain hit on read-only stored fields, those
   * {@link #keptHead} keeps; otherwise built for this answer.
   */
  private static void setHead(Exchange exchange, StoredResponse stored, long ageSeconds,
      boolean notModified) {
    MultiMap out = exchange.response.headers();
    if (exchange.member.isPlainHit() && !stored.headers().isMutable()) {
      out.setAll(keptHead(exchange.node, stored, ageSeconds, exchange.member, notModified)
          .fields());
    } else {
      (notModified ? NOT_MODIFIED_HEAD : WHOLE_HEAD).build(out, exchange.node, stored,
          ageSeconds, exchange.member);
    }
  }

  /**
   * The fields of a 304 to a client whose validator matched {@code stored}: the stored fields
   * but the body's length and encoding and cookies, then {@code Age}, {@code Via} and
   * {@code Cache-Status} (Vert.x adds no {@code Content-Length} to a 304).
   */
  private static void notModifiedHead(MultiMap out, ForwardingHandler node,
      StoredResponse stored, long ageSeconds, CacheStatusMember member) {
    HopByHop.copy(Conditional.notModifiedHeaders(stored.headers()), out, skipped(node));
    finishHead(out, ageSeconds, node.ownVia, member);
  }

  /**
   * The fields of a whole stored answer (200 or another stored status) into {@code out}, as
   * {@code node} sends it.
   */
  private static void wholeHead(MultiMap out, ForwardingHandler node, StoredResponse stored,
      long ageSeconds, CacheStatusMember member) {
    copyStored(stored.headers(), out, skipped(node));
    out.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(stored.body().length()));
    finishHead(out, ageSeconds, node.ownVia, member);
  }

  /**
   * The stored fields, without those in {@code skip}. Stored fields never hold connection-specific
   * ones ({@code StoredResponse}); a read-only stored map is referenced rather than copied, and
   * only the names {@code skip} lists that it holds are looked up and removed.
   */
  private static void copyStored(MultiMap stored, MultiMap out, FieldNames skip) {
    if (stored.isMutable()) {
      HopByHop.copy(stored, out, skip);
      return;
    }
    out.setAll(stored);
    for (CharSequence name : skip.names()) {
      if (stored.contains(name)) {
        out.remove(name);
      }
    }
  }

  private static void finishHead(Exchange exchange, long ageSeconds) {
    finishHead(exchange.response.headers(), ageSeconds, exchange.node.ownVia, exchange.member);
  }

  /**
   * {@code Age}, then this node's {@code Via} and {@code Cache-Status} members: every stored
   * answer's fields end so.
   */
  private static void finishHead(MultiMap out, long ageSeconds, String ownVia,
      CacheStatusMember member) {
    out.set(AGE, Long.toString(Math.max(0, ageSeconds)));
    Exchange.addViaAndStatus(out, ownVia, member);
  }
}
