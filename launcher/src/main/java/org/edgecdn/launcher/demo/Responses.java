package org.edgecdn.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Writing a {@link Resource}, with its cache headers and conditional requests, to a client. */
final class Responses {

  static final String SURROGATE_KEY = "Surrogate-Key";
  static final String CACHE_TAG = "Cache-Tag";
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  static boolean isGetOrHead(HttpServerRequest request) {
    return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
  }

  /**
   * Answers GET and HEAD with the resource, or 304 when the client's copy is current; any other
   * method gets 405.
   */
  static Future<Void> serve(HttpServerRequest request, Resource resource) {
    if (!isGetOrHead(request)) {
      return methodNotAllowed(request, "GET, HEAD");
    }
    HttpServerResponse response = request.response()
        .setStatusCode(resource.status())
        .putHeader(HttpHeaders.CACHE_CONTROL, resource.cacheControl());
    if (!resource.tags().isEmpty()) {
      response.putHeader(SURROGATE_KEY, resource.surrogateKey())
          .putHeader(CACHE_TAG, resource.cacheTag());
    }
    if (resource.hasValidators()) {
      response.putHeader(HttpHeaders.ETAG, resource.etag())
          .putHeader(HttpHeaders.LAST_MODIFIED, HttpDate.format(resource.lastModified()));
      boolean notModified = Conditional.notModified(
          request.getHeader(HttpHeaders.IF_NONE_MATCH),
          request.getHeader(HttpHeaders.IF_MODIFIED_SINCE),
          resource.etag(), resource.lastModified());
      if (notModified) {
        // RFC 9110 §15.4.5: a 304 carries the headers a 200 would (Cache-Control, ETag, ...),
        // since caches update their stored headers from it, but no body or Content-Type.
        return response.setStatusCode(304).end();
      }
    }
    return end(request, resource.contentType(), resource.body());
  }

  /** Ends with a body, or for HEAD with only its headers (Content-Length included). */
  static Future<Void> end(
      HttpServerRequest request, String contentType, Buffer body) {
    HttpServerResponse response = request.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        // Set explicitly: Vert.x leaves Content-Length out of HEAD answers, and a HEAD should
        // tell the size a GET would send (RFC 9110 §9.3.2).
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    return request.method() == HttpMethod.HEAD ? response.end() : response.end(body);
  }

  static Future<Void> text(HttpServerRequest request, int status, String cacheControl,
      String body) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    return end(request, TEXT, Buffer.buffer(body));
  }

  static Future<Void> methodNotAllowed(HttpServerRequest request, String allow) {
    request.response().putHeader(HttpHeaders.ALLOW, allow);
    return text(request, 405, CachePolicy.NO_STORE, "method not allowed\n");
  }
}
